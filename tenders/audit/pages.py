from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from tenders.accounts.roles import STAFF
from tenders.audit import service
from tenders.web.rendering import page


class AuditPages(Controller):
    path = "/journal"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "audit/list.html", events=await service.recent(limit=200))
