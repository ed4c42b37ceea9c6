"""JSON API of the audit log (the coordination's)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from tenders.accounts.roles import STAFF
from tenders.audit import service
from tenders.audit.service import AuditEventOut
from tenders.web.deps import MAX_ID


class AuditApi(Controller):
    path = "/api/audit-events"
    tags = ["Journal"]
    opt = {"roles": STAFF}

    @get("/", summary="Journal des actions, le plus récent d'abord")
    async def list_audit_events(
        self,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
        offset: Annotated[int, QueryParameter(ge=0, le=MAX_ID)] = 0,
    ) -> list[AuditEventOut]:
        return await service.recent(limit=limit, offset=offset)
