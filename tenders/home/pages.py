"""The home page (the dashboard) and the service's health probe."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Response, get
from litestar.response import Redirect, Template

from tenders import db
from tenders.accounts import service as accounts
from tenders.accounts.directors import director_counts
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia import invitations, sections
from tenders.members import service as members
from tenders.members.completeness import completeness
from tenders.procurement import service as procurement
from tenders.procurement.vocabulary import ACTIVE, STATUSES
from tenders.web.auth import current_user
from tenders.web.deps import LoggedIn, Req
from tenders.web.rendering import page, redirect


class Health(msgspec.Struct):
    status: str
    database: str
    broker: str


class HomePages(Controller):
    include_in_schema = False

    @get("/", opt={"public": True})
    async def root(self, request: Req) -> Redirect:
        return redirect("/tableau-de-bord" if await current_user(request) else "/connexion")

    @get("/tableau-de-bord")
    async def dashboard(self, request: Req, user: LoggedIn) -> Template:
        organisations = await members.list_organisations()
        context: dict[str, Any] = {"organisations": organisations}
        if user.role == "member" and user.organisation_id:
            context["invitations"] = await invitations.pending_for(user)
            context["sections_todo"] = await sections.todo_for(user)
            context["completeness"] = await completeness(
                user, user.organisation_id, utcnow().date()
            )
        if user.is_staff:
            users = await accounts.list_users()
            directed = await director_counts()
            context["account_counts"] = {
                "active": sum(1 for u in users if u.is_active and not u.invitation_pending),
                "pending": sum(1 for u in users if u.is_active and u.invitation_pending),
                "orgs_without_director": sum(1 for o in organisations if not directed[o.id]),
            }
            context["events"] = await audit.recent(limit=8)
            tenders = await procurement.list_tenders()
            context["upcoming"] = [
                t for t in tenders if t.status in ACTIVE and t.offers_deadline is not None
            ][:6]
            context["pipeline"] = {
                label: sum(1 for t in tenders if t.status == key) for key, label in STATUSES.items()
            }
        return page(request, "home/dashboard.html", **context)


class HealthController(Controller):
    tags = ["Service"]

    @get(
        "/healthz",
        opt={"public": True, "sessionless": True},
        summary="État du service, de la base et de la file de tâches",
    )
    async def health(self, request: Req) -> Response[Health]:
        database_ok = await db.ping()
        broker = await request.app.state.broker_health()
        healthy = database_ok and broker != "injoignable"
        return Response(
            Health(
                status="ok" if healthy else "dégradé",
                database="ok" if database_ok else "injoignable",
                broker=broker,
            ),
            status_code=200 if healthy else 503,
        )
