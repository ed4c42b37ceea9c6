"""Rendering pages: the Jinja environment, flash messages and the page helper."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote

from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from tenders.accounts.roles import ROLE_LABELS, Role
from tenders.cpv import CpvError, parse
from tenders.formatting import FILTERS
from tenders.web.deps import Req

FLASH_COOKIE = "cordee_flash"
PAGE_PACKAGES = (
    "accounts",
    "members",
    "audit",
    "home",
    "cpv",
    "procurement",
    "consortia",
    "packages",
    "reminders",
    "library",
    "outcomes",
    "watch",
    "dume",
)


def _cpv_full(digits: str) -> str:
    """« 77310000 » → « 77310000-6 » (the stored 8 digits, shown with their check digit)."""
    try:
        return parse(digits).full
    except CpvError:
        return digits


def make_environment() -> Environment:
    loader = ChoiceLoader(
        [
            PackageLoader("tenders.web", "templates"),
            PrefixLoader(
                {name: PackageLoader(f"tenders.{name}", "templates") for name in PAGE_PACKAGES}
            ),
        ]
    )
    env = Environment(
        loader=loader, autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
    )
    env.filters.update(FILTERS)
    env.filters["cpv"] = _cpv_full
    env.globals["role_label"] = lambda role: (
        ROLE_LABELS.get(Role(role), role) if role in {r.value for r in Role} else role
    )
    return env


def _read_flash(request: Req) -> list[dict[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        items = json.loads(unquote(raw))
    except ValueError:
        return []
    return [
        {"level": str(i.get("level", "info")), "text": str(i.get("text", ""))}
        for i in items
        if isinstance(i, dict)
    ][:5]


def flash_cookie(text: str, level: str = "success") -> Cookie:
    value = quote(json.dumps([{"level": level, "text": text}], ensure_ascii=False))
    return Cookie(
        key=FLASH_COOKIE, value=value, path="/", httponly=True, samesite="lax", max_age=60
    )


def redirect(path: str, flash: str | None = None, level: str = "success") -> Redirect:
    cookies = [flash_cookie(flash, level)] if flash else []
    return Redirect(path=path, status_code=303, cookies=cookies)


def page(
    request: Req,
    template: str,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """A full page: the template plus who is logged in, flash messages and the CSRF token."""
    flashes = _read_flash(request)
    cookies = [Cookie(key=FLASH_COOKIE, value="", max_age=0, path="/")] if flashes else []
    state = request.state
    return Template(
        template_name=template,
        context={
            "user": state.get("user"),
            "flashes": flashes,
            "current_path": request.url.path,
            **context,
        },
        status_code=status_code,
        cookies=cookies,
        headers={"Cache-Control": "no-store"},
    )
