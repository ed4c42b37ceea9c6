"""The audit log page (the coordination's)."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from tenders.accounts.roles import STAFF
from tenders.audit import service
from tenders.web import rendering
from tenders.web.deps import PageNumber, Req
from tenders.web.paging import paging

PER_PAGE = 200  # the journal showed its last 200 actions before it went page by page


class AuditPages(Controller):
    path = "/journal"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Req, page: PageNumber = 1) -> Template:
        shown = paging(await service.count(), page, per_page=PER_PAGE)
        events = await service.recent(limit=shown.per_page, offset=shown.offset)
        return rendering.page(request, "audit/list.html", events=events, paging=shown)
