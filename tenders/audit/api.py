from __future__ import annotations

from litestar import Controller, get
from litestar.params import Parameter

from tenders.accounts.roles import STAFF
from tenders.audit import service
from tenders.audit.service import AuditEventOut


class AuditApi(Controller):
    path = "/api/audit-events"
    tags = ["Journal"]
    opt = {"roles": STAFF}

    @get("/", operation_id="listAuditEvents", summary="Journal des actions, le plus récent d'abord")
    async def index(
        self,
        limit: int = Parameter(default=100, ge=1, le=500),
        offset: int = Parameter(default=0, ge=0),
    ) -> list[AuditEventOut]:
        return await service.recent(limit=limit, offset=offset)
