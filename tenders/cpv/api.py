"""The API that finds a CPV code by words or digits."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.params import QueryParameter

from tenders.cpv.shipped import suggest


class CpvSuggestion(msgspec.Struct):
    code: str
    label: str


class CpvApi(Controller):
    path = "/api/cpv"
    tags = ["Codes CPV"]

    @get("/", summary="Codes CPV par mots (sans accents) ou par début de code")
    async def suggest_cpv(
        self,
        q: Annotated[str, QueryParameter(min_length=1, max_length=100)],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 20,
    ) -> list[CpvSuggestion]:
        return [CpvSuggestion(code=c, label=lbl) for c, lbl in suggest(q, limit)]
