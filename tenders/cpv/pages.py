"""The page that finds a CPV code by words or digits."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter
from litestar.response import Template

from tenders.cpv.shipped import suggest
from tenders.web.deps import Req
from tenders.web.rendering import page


class CpvPages(Controller):
    path = "/cpv"
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Req, q: Annotated[str, QueryParameter(max_length=100)] = ""
    ) -> Template:
        results = suggest(q, 50) if q.strip() else []
        return page(request, "cpv/search.html", q=q, results=results)
