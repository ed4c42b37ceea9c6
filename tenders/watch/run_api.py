"""JSON API of the watch's runs (the coordination only)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.status_codes import HTTP_202_ACCEPTED

from tenders.accounts.roles import STAFF
from tenders.watch import run_service
from tenders.watch.run_schemas import RunRequestOut, WatchRunDetail, WatchRunOut
from tenders.web.deps import Jobs, LoggedIn, QueryId


class WatchRunApi(Controller):
    path = "/api/watch/runs"
    tags = ["Veille"]
    opt = {"roles": STAFF}

    @get("/", summary="Les passages de la veille, le plus récent d'abord")
    async def list_watch_runs(
        self,
        user: LoggedIn,
        before: QueryId = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = run_service.PAGE,
    ) -> list[WatchRunOut]:
        return await run_service.list_runs(user, before=before, limit=limit)

    @get("/{run_id:int}", summary="Un passage de la veille, avec les avis refusés et pourquoi")
    async def get_watch_run(self, run_id: FromPath[int], user: LoggedIn) -> WatchRunDetail:
        return await run_service.get_run(user, run_id)

    @post(
        "/",
        summary="Lancer la veille maintenant (tâche de fond ; 409 si un passage est en cours)",
        status_code=HTTP_202_ACCEPTED,
    )
    async def start_watch_run(self, user: LoggedIn, jobs: Jobs) -> Response[RunRequestOut]:
        return Response(await run_service.request_run(user, jobs), status_code=HTTP_202_ACCEPTED)
