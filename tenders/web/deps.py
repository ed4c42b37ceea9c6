"""Dependencies handed to controllers: settings, the job queue, the logged-in user.

Handlers name them with the aliases below, one word each, so that a handler's signature says
what it takes: ``async def show(self, request: Req, user: LoggedIn) -> Template``.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from tenders.accounts.schemas import CurrentUser
from tenders.jobs import JobQueue
from tenders.settings import Settings

Req = Request[Any, Any, Any]
LoggedIn = NamedDependency[CurrentUser]
AppSettings = NamedDependency[Settings]
Jobs = NamedDependency[JobQueue]

MAX_ID = 2**31 - 1  # the database's identifiers are 32-bit integers
MAX_PAGE = 100_000
# A number in the address compared with a row's id or counted in pages: bounded, so that no
# value reaches the database that its integers cannot hold (a 400 names it, never a 500).
QueryId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)]


def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def provide_jobs(request: Request[Any, Any, Any]) -> JobQueue:
    jobs: JobQueue = request.app.state.jobs
    return jobs


async def form_data(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted form as plain strings (files are not expected on these forms)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def dependencies() -> dict[str, Provide]:
    from tenders.web.auth import provide_user

    return {
        "settings": Provide(provide_settings, sync_to_thread=False),
        "jobs": Provide(provide_jobs, sync_to_thread=False),
        "user": Provide(provide_user),
    }
