"""Headers every answer carries, whatever produced it (page, API, static file, error, refusal).

The policy allows nothing but this host: no inline script, style or event handler, no frame
around our pages, no plug-in. Pages keep their behaviour in ``/static/*.js`` and their looks in
``/static/cordee.css``."""

from __future__ import annotations

from typing import Any

from litestar import Response
from litestar.datastructures import MutableScopeHeaders
from litestar.types import AfterRequestHookHandler, BeforeMessageSendHookHandler, Message, Scope

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
# Swagger UI's stylesheet draws its icons as data: images; nothing else differs on its pages.
API_DOCS_PREFIX = "/api/schema"
API_DOCS_POLICY = CONTENT_SECURITY_POLICY + "; img-src 'self' data:"
HSTS_SECONDS = 365 * 24 * 3600


def security_headers(production: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        # Addresses carry tokens (invitations, password resets, calendar feeds): never send
        # them to another site.
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if production:
        # Production runs behind HTTPS (secure cookies): browsers must never fall back to HTTP.
        # Without includeSubDomains: other services of the collective's domain are not ours.
        headers["Strict-Transport-Security"] = f"max-age={HSTS_SECONDS}"
    return headers


def add_security_headers(production: bool) -> BeforeMessageSendHookHandler:
    """A ``before_send`` hook: runs for every answer the application sends, errors included."""
    headers = list(security_headers(production).items())
    docs_headers = [
        (name, API_DOCS_POLICY if name == "Content-Security-Policy" else value)
        for name, value in headers
    ]

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        present = MutableScopeHeaders.from_message(message)
        docs = scope.get("path", "").startswith(API_DOCS_PREFIX)
        for name, value in docs_headers if docs else headers:
            if name not in present:
                present[name] = value

    return before_send


def secure_cookies(secure: bool) -> AfterRequestHookHandler:
    """An ``after_request`` hook: behind HTTPS every cookie a page sets is Secure, flash
    messages included (they are made where no settings are at hand)."""

    async def after_request(response: Response[Any]) -> Response[Any]:
        if secure:
            for cookie in response.cookies:
                cookie.secure = True
        return response

    return after_request
