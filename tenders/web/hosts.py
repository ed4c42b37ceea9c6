"""Refuse requests whose Host header names a host this service does not serve."""

from __future__ import annotations

import json

from litestar.types import ASGIApp, Message, Receive, Scope, Send

INVALID_HOST = "Nom d'hôte non autorisé pour ce service (en-tête Host inconnu)."


def host_without_port(raw: str) -> str:
    raw = raw.strip().lower()
    if raw.startswith("["):  # IPv6 literal, e.g. [::1]:8000
        return raw[1:].partition("]")[0]
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


class AllowedHostsMiddleware:
    """Compares the host name, port left aside, with the configured list (``*`` allows all)."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allow_all = "*" in allowed_hosts
        self.exact = {h.lower() for h in allowed_hosts if not h.startswith("*.")}
        self.suffixes = tuple(h[1:].lower() for h in allowed_hosts if h.startswith("*."))

    def allowed(self, host: str) -> bool:
        name = host_without_port(host)
        return bool(name) and (name in self.exact or name.endswith(self.suffixes or ("\0",)))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.allow_all:
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), "")
        if self.allowed(host):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"status_code": 400, "detail": INVALID_HOST}, ensure_ascii=False)
        start: Message = {
            "type": "http.response.start",
            "status": 400,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
        end: Message = {"type": "http.response.body", "body": body.encode(), "more_body": False}
        await send(start)
        await send(end)
