"""Every page's title is text: a template's title block holds no markup (a section pasted in
it once showed HTML in the browser's tab)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "tenders"
TITLE = re.compile(r"{%-?\s*block title\s*-?%}(.*?){%-?\s*endblock", re.S)
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))


def test_templates_are_found() -> None:
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_title_block_holds_text_only(path: Path) -> None:
    for title in TITLE.findall(path.read_text("utf-8")):
        assert "<" not in title and "\n" not in title.strip(), title[:200]
