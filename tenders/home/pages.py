"""The home page (the dashboard) and the service's health probe."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, cast

import msgspec
from litestar import Controller, MediaType, Response, get
from litestar.response import Redirect
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup

from tenders import cache, db
from tenders.accounts.schemas import CurrentUser
from tenders.cache import EpochCache
from tenders.clock import utcnow
from tenders.formatting import to_paris
from tenders.home import collective
from tenders.home.coordination import coordination_todo, overview
from tenders.home.director import director_home
from tenders.web.auth import current_user
from tenders.web.deps import LoggedIn, Req
from tenders.web.rendering import FLASH_COOKIE, page, redirect

NO_STORE = {"Cache-Control": "no-store"}

# The dashboard in each process, dropped everywhere at the next committed write (the ``data``
# epoch of tenders/cache.py) and at the next minute, so « dans 5 minutes » and the day stay
# right. Its content is keyed by the viewer: one account never sees another's. The whole page
# also by the CSRF token it carries (tied to one session: tenders/web/csrf.py), so a page is
# only ever served again to the browser it was written for; one with a flash message is not kept.
# A few hundred kilobytes each at a federation's size (the collective's cards): a hundred of
# each at most, and only for half a minute (tenders.cache.MAX_AGE_SECONDS).
_BODIES = EpochCache("data", size=100)
_PAGES = EpochCache("data", size=100)
# The contents being written, so that the requests arriving meanwhile (at each new minute,
# after each write) wait for that one instead of all reading the database at once.
_WRITING: dict[tuple[Any, ...], asyncio.Future[Markup]] = {}


def _key(user: CurrentUser, now: datetime) -> tuple[Any, ...]:
    shown_as = (user.id, user.role, user.organisation_id, user.full_name, user.organisation_name)
    return (*shown_as, to_paris(now).strftime("%Y-%m-%d %H:%M"))


async def _body(template: Any, user: CurrentUser, now: datetime) -> Markup:
    # What an autoescaping template wrote: already escaped.
    return Markup(template.render(await _context(user, now)))  # noqa: S704


async def _cached_body(
    template: Any, user: CurrentUser, now: datetime, key: tuple[Any, ...], current: int
) -> Markup:
    if (kept := _BODIES.get(key, current)) is not None:
        return cast(Markup, kept)
    writing = _WRITING.get((*key, current))
    if writing is None:
        writing = asyncio.ensure_future(_body(template, user, now))
        _WRITING[(*key, current)] = writing
        writing.add_done_callback(lambda _: _WRITING.pop((*key, current), None))
        body = await asyncio.shield(writing)
        _BODIES.put(key, current, body)
        return body
    return await asyncio.shield(writing)


async def _context(user: CurrentUser, now: datetime) -> dict[str, Any]:
    shown = await collective.collective()
    context: dict[str, Any] = {"user": user, "organisations": shown.cards, "collective": shown}
    if user.role == "member" and user.organisation_id:
        context["home"] = await director_home(user, now)
    if user.is_staff:
        context["todo"] = await coordination_todo(user, shown.total, now)
        context |= await overview()
    return context


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
    async def dashboard(self, request: Req, user: LoggedIn) -> Response[Any]:
        now = utcnow()
        current = await cache.epoch("data")  # read before the database: tenders/cache.py
        key = _key(user, now)
        token = ScopeState.from_scope(request.scope).csrf_token
        page_key = None
        if current is not None and isinstance(token, str) and FLASH_COOKIE not in request.cookies:
            page_key = (*key, request.url.path, token)
            if (html := _PAGES.get(page_key, current)) is not None:
                return Response(html, media_type=MediaType.HTML, headers=NO_STORE)
        engine = request.app.template_engine
        if engine is None:
            raise RuntimeError("the app renders no templates")
        template = engine.get_template("home/_dashboard.html")
        if current is None:
            body = await _body(template, user, now)
        else:
            body = await _cached_body(template, user, now, key, current)
        shown = page(request, "home/dashboard.html", body=body)
        if current is None or page_key is None:
            return shown
        html = engine.get_template("home/dashboard.html").render(
            shown.create_template_context(request)
        )
        _PAGES.put(page_key, current, html)
        return Response(html, media_type=MediaType.HTML, headers=NO_STORE)


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
