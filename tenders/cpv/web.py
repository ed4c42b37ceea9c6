"""Finding a CPV code by words or digits: a page and its API."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from tenders.cpv.labels import suggest
from tenders.web.rendering import page


class CpvSuggestion(msgspec.Struct):
    code: str
    label: str


class CpvApi(Controller):
    path = "/api/cpv"
    tags = ["Codes CPV"]

    @get(
        "/",
        operation_id="suggestCpv",
        summary="Codes CPV par mots (sans accents) ou par début de code",
    )
    async def index(
        self,
        q: Annotated[str, QueryParameter(min_length=1, max_length=100)],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 20,
    ) -> list[CpvSuggestion]:
        return [CpvSuggestion(code=c, label=lbl) for c, lbl in suggest(q, limit)]


class CpvPages(Controller):
    path = "/cpv"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Request[Any, Any, Any],
        q: Annotated[str, QueryParameter(max_length=100)] = "",
    ) -> Template:
        results = suggest(q, 50) if q.strip() else []
        return page(request, "cpv/search.html", q=q, results=results)
