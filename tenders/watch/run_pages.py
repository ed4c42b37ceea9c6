"""The runs of the watch (« Veille › Passages »), for the coordination."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.formatting import date_fr
from tenders.watch import run_service
from tenders.watch.run_service import PAGE
from tenders.web.deps import Jobs, LoggedIn, QueryId, Req
from tenders.web.forms import flash_back, submit
from tenders.web.rendering import page, redirect

RUNS = "/veille/passages"


def duration_fr(seconds: int | None) -> str:
    """« 45 s », « 2 min 05 s », « 1 h 03 min »."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def days_fr(since: date | None, until: date | None) -> str:
    """The publication days a run read: « le 6 décembre 2026 », « du 4 au 6 décembre 2026 »,
    « du 30 novembre au 2 décembre 2026 », « du 30 décembre 2026 au 2 janvier 2027 »."""
    if until is None:
        return ""
    if since is None or since == until:
        return f"le {date_fr(until)}"
    start = date_fr(since)
    if since.year == until.year:
        start = start.rsplit(" ", 1)[0]
        if since.month == until.month:
            start = start.split(" ", 1)[0]
    return f"du {start} au {date_fr(until)}"


class WatchRunPages(Controller):
    path = RUNS
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Req, user: LoggedIn, avant: QueryId = None) -> Template:
        runs = await run_service.list_runs(user, before=avant, limit=PAGE + 1)
        return page(
            request,
            "watch/runs.html",
            runs=runs[:PAGE],
            older=runs[PAGE - 1].id if len(runs) > PAGE else None,
            newest=avant is None,
            going=await run_service.running(),
            duration=duration_fr,
            days=days_fr,
        )

    @post("/lancer")
    async def start(self, user: LoggedIn, jobs: Jobs) -> Redirect:
        return await submit(
            lambda: run_service.request_run(user, jobs),
            lambda asked: redirect(RUNS, asked.message),
            flash_back(RUNS),
        )

    @get("/{run_id:int}")
    async def show(self, request: Req, run_id: FromPath[int], user: LoggedIn) -> Template:
        run = await run_service.get_run(user, run_id)
        return page(request, "watch/run.html", run=run, duration=duration_fr, days=days_fr)
