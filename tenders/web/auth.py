"""Who is asking: the session cookie, the guard that protects every route, the client address."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.handlers.base import BaseRouteHandler

from tenders.accounts import service as accounts
from tenders.accounts.schemas import CurrentUser
from tenders.errors import Forbidden, NotAuthenticated, NotFound
from tenders.settings import Settings
from tenders.web.deps import MAX_ID, Req

SESSION_COOKIE = "cordee_session"


async def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> CurrentUser | None:
    """The logged-in user, looked up once per request."""
    state = connection.state
    if "user_loaded" not in state:
        raw = connection.cookies.get(SESSION_COOKIE, "")
        found = await accounts.session_user(raw) if raw else None
        state.user = msgspec.structs.replace(found, ip=client_ip(connection)) if found else None
        state.user_loaded = True
    user: CurrentUser | None = state.user
    return user


async def authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Every route is private unless marked ``opt={"public": True}``; ``roles`` narrows it."""
    if handler.opt.get("public"):
        if not handler.opt.get("sessionless"):  # static files and probes need no session
            await current_user(connection)
        return
    user = await current_user(connection)
    if user is None:
        raise NotAuthenticated()
    roles = handler.opt.get("roles")
    if roles and user.role not in roles:
        raise Forbidden()


async def provide_user(request: Req) -> CurrentUser:
    user = await current_user(request)
    if user is None:
        raise NotAuthenticated()
    return user


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.client.host if connection.client else ""


def user_agent(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    return connection.headers.get("user-agent", "")[:300]


def session_cookie(raw: str, settings: Settings) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=raw,
        max_age=settings.session_max_age,
        path="/",
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


def expired_session_cookie(settings: Settings) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        max_age=0,
        path="/",
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
    )


def safe_next(target: str | None, default: str = "/tableau-de-bord") -> str:
    """Only a local path may be a redirect target (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


async def reject_impossible_ids(request: Req) -> None:
    """An identifier in the address no row can have is a page that does not exist."""
    for value in request.path_params.values():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            raise NotFound()
