from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from tenders.members import service
from tenders.web.rendering import page


class OrganisationPages(Controller):
    path = "/structures"
    include_in_schema = False

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "members/list.html", organisations=await service.list_organisations())

    @get("/{organisation_id:int}")
    async def show(
        self, request: Request[Any, Any, Any], organisation_id: FromPath[int]
    ) -> Template:
        return page(
            request,
            "members/show.html",
            organisation=await service.get_organisation(organisation_id),
        )
