"""CSRF tokens tied to the session they were issued to (double-submit cookie, signed).

A token is ``nonce + HMAC(secret, nonce, SHA-256 of the session cookie)``, sent both as the
``cordee_csrf`` cookie and in the form field ``_csrf_token`` or the ``X-CSRFToken`` header.
A write is accepted only when both are equal and the signature matches the session cookie the
request comes with. So a token someone obtained in another session, or before login, is
refused: a cookie planted from a sibling domain is not enough to forge one. Whenever an answer
sets the session cookie (login, logout, password change), it also sets a token of the new
session; an answer to a read sets one when the browser's token does not fit its session."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import RequestEncodingType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from tenders.web.auth import SESSION_COOKIE

CSRF_COOKIE = "cordee_csrf"
CSRF_HEADER = "x-csrftoken"
CSRF_FIELD = "_csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_NONCE_HEX = 32


def _signature(secret: bytes, nonce: str, session: str) -> str:
    bound = hashlib.sha256(session.encode()).hexdigest()
    return hmac.new(secret, f"{nonce}:{bound}".encode(), hashlib.sha256).hexdigest()


def issue_token(secret: str, session: str) -> str:
    """A new token for the session cookie ``session`` ("" when nobody is logged in)."""
    nonce = secrets.token_hex(_NONCE_HEX // 2)
    return nonce + _signature(secret.encode(), nonce, session)


def _same(given: str, expected: str) -> bool:
    # compare_digest refuses str with non-ASCII characters: a hostile cookie must give a 403.
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def token_fits(secret: str, token: str, session: str) -> bool:
    nonce, signature = token[:_NONCE_HEX], token[_NONCE_HEX:]
    if len(nonce) != _NONCE_HEX or not signature:
        return False
    return _same(signature, _signature(secret.encode(), nonce, session))


def _session_set_by(message: Message) -> str | None:
    """The session cookie an answer sets ("" when it ends the session), or None."""
    headers: Any = message.get("headers", [])
    for name, value in headers:
        if name.lower() != b"set-cookie" or not value.startswith(SESSION_COOKIE.encode() + b"="):
            continue
        morsel = SimpleCookie(value.decode("latin-1")).get(SESSION_COOKIE)
        if morsel is None:
            return ""
        return "" if morsel["max-age"] in ("0", 0) else morsel.value
    return None


class SessionCsrfMiddleware:
    """Checks writes, hands out tokens; the template's ``csrf_input`` reads the token set here."""

    def __init__(self, app: ASGIApp, secret: str, cookie_secure: bool) -> None:
        self.app = app
        self.secret = secret
        self.cookie_secure = cookie_secure

    def _cookie_header(self, token: str) -> str:
        cookie = Cookie(
            key=CSRF_COOKIE,
            value=token,
            path="/",
            secure=self.cookie_secure,
            httponly=False,  # the autosave script sends it back in the X-CSRFToken header
            samesite="lax",
        )
        return cookie.to_header(header="")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request: Any = scope["litestar_app"].request_class(scope=scope, receive=receive)
        session = request.cookies.get(SESSION_COOKIE, "")
        cookie = request.cookies.get(CSRF_COOKIE, "")
        state = ScopeState.from_scope(scope)
        cookie_fits = bool(cookie) and token_fits(self.secret, cookie, session)

        if request.method in SAFE_METHODS:
            handler = scope.get("route_handler")
            if handler is not None and handler.opt.get("sessionless"):
                # Static files, probes, metrics: no form there, and no cookie in a cached answer.
                await self.app(scope, receive, send)
                return
            token = cookie if cookie_fits else issue_token(self.secret, session)
            state.csrf_token = token
            await self.app(scope, receive, self._wrap(send, None if cookie_fits else token))
            return

        given = request.headers.get(CSRF_HEADER)
        if not given and request.content_type[0] in (
            RequestEncodingType.URL_ENCODED,
            RequestEncodingType.MULTI_PART,
        ):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not (cookie_fits and given and _same(given, cookie)):
            raise PermissionDeniedException("CSRF token verification failed")
        state.csrf_token = given
        await self.app(scope, receive, self._wrap(send, None))

    def _wrap(self, send: Send, token: str | None) -> Send:
        async def send_with_token(message: Message) -> None:
            if message["type"] == "http.response.start":
                new_session = _session_set_by(message)
                fresh = issue_token(self.secret, new_session) if new_session is not None else token
                if fresh:
                    headers = MutableScopeHeaders.from_message(message)
                    headers.add("set-cookie", self._cookie_header(fresh))
            await send(message)

        return send_with_token
