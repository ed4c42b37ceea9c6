"""Pages obey the site's Content-Security-Policy (``default-src 'self'``): no inline script,
style or event handler in any page template. (Mail templates are not pages: mail clients need
inline styles, and no CSP applies there.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TENDERS = Path(__file__).resolve().parents[2] / "tenders"
PAGES = sorted(
    p for p in TENDERS.glob("*/templates/**/*.html") if p.relative_to(TENDERS).parts[0] != "mail"
)
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
    "script from another host": re.compile(r"""<script[^>]*\bsrc=["'](?!/(?!/))""", re.I),
    "stylesheet from another host": re.compile(r"""<link[^>]*\bhref=["'](?:https?:)?//""", re.I),
}


def test_the_page_templates_are_all_checked() -> None:
    names = {str(p.relative_to(TENDERS)) for p in PAGES}
    assert "web/templates/base.html" in names
    assert "consortia/templates/section.html" in names
    assert not any(n.startswith("mail/") for n in names)


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TENDERS)))
def test_page_template_has_nothing_inline(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    found = [
        f"{what}: {match.group(0)!r} (line {source.count(chr(10), 0, match.start()) + 1})"
        for what, pattern in FORBIDDEN.items()
        for match in pattern.finditer(source)
    ]
    assert not found, found
