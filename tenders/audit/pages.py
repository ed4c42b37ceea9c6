"""The audit log page (the coordination's)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from tenders.accounts.roles import STAFF
from tenders.audit import service
from tenders.web.deps import Req
from tenders.web.rendering import page


class AuditPages(Controller):
    path = "/journal"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Req) -> Template:
        return page(request, "audit/list.html", events=await service.recent(limit=200))
