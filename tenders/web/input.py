"""Every request's input cleaned in one place, before any handler or service reads it.

- Form fields and JSON bodies lose control characters and the like (``tenders.text``), so no
  NUL reaches a page, a document or PostgreSQL, whichever field it was typed in.
- Query strings are cleaned the same way (a search for « %00 » is a search for nothing).
- An address holding such characters is no page: 404, before the static files or a
  path parameter reach the file system or the database.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from litestar import Request
from litestar.datastructures import FormMultiDict
from litestar.types import ASGIApp, Receive, Scope, Send

from tenders.errors import NotFound
from tenders.text import clean_input, has_controls, strip_controls


class CleanRequest(Request[Any, Any, Any]):
    """The application's request: ``json()`` and ``form()`` give cleaned texts."""

    async def json(self) -> Any:
        if "cleaned_json" not in self.state:
            self.state.cleaned_json = clean_input(await super().json())
        return self.state.cleaned_json

    async def form(self) -> FormMultiDict:
        form = await super().form()
        items = list(form.multi_items())
        if not any(has_controls(k) or (isinstance(v, str) and has_controls(v)) for k, v in items):
            return form
        return FormMultiDict(
            [(strip_controls(k), strip_controls(v) if isinstance(v, str) else v) for k, v in items]
        )


def _clean_query(raw: bytes) -> bytes:
    text = raw.decode("latin-1")
    if "%" not in text and not has_controls(text):
        return raw
    pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="replace")
    if not any(has_controls(k) or has_controls(v) for k, v in pairs):
        return raw
    return urlencode([(strip_controls(k), strip_controls(v)) for k, v in pairs]).encode()


class CleanInputMiddleware:
    """Cleans the query string; refuses (404) an address with control characters."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if has_controls(scope["path"]):
                raise NotFound()
            query = scope.get("query_string", b"")
            if query:
                scope["query_string"] = _clean_query(query)
        await self.app(scope, receive, send)
