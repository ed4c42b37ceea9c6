"""The home page (the dashboard) and the service's health probe."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Response, get
from litestar.response import Redirect, Template

from tenders import db
from tenders.clock import utcnow
from tenders.home.coordination import coordination_todo, overview
from tenders.home.director import director_home
from tenders.members import service as members
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
        now = utcnow()
        organisations = await members.list_organisations()
        context: dict[str, Any] = {"organisations": organisations}
        if user.role == "member" and user.organisation_id:
            context["home"] = await director_home(user, now)
        if user.is_staff:
            context["todo"] = await coordination_todo(user, organisations, now)
            context |= await overview()
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
