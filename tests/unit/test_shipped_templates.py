"""The project's own templates pass the checks applied to uploaded ones, and render through
the sandboxed, autoescaping path with user text that would break a naive rendering."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tenders.documents import SectionText, check_template, render_docx
from tenders.packages.contract import describe, variables
from tenders.packages.demo import KINDS, demo_context

TEMPLATES = Path(__file__).resolve().parents[2] / "templates_docx"


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
def test_each_shipped_template_is_accepted_and_renders(kind: str) -> None:
    data = (TEMPLATES / f"{kind}.docx").read_bytes()
    context = demo_context(kind)
    # The variables a template may use are its contract's, and the demo fills exactly those.
    assert set(context) == variables(kind)
    report = check_template(data, variables(kind))
    assert report.unknown == set(), report.refusal()
    rendered = render_docx(data, context)
    assert "{{" not in _text(rendered)


def test_hostile_user_text_stays_literal_in_the_memoire() -> None:
    context = demo_context("memoire")
    hostile = "Nos <équipes> & « partenaires » ]]> {{ 7*7 }} 🚲"
    context["sections"][0]["body"] = SectionText(f"# Titre\n{hostile}")
    rendered = render_docx((TEMPLATES / "memoire.docx").read_bytes(), context)
    text = _text(rendered)
    assert hostile in text


def test_the_readme_lists_exactly_the_variables_of_each_contract() -> None:
    """templates_docx/README.md is written from the contracts by build_templates.py."""
    readme = (TEMPLATES / "README.md").read_text()
    for kind in KINDS:
        assert "\n".join(describe(kind)) in readme, (
            f"run templates_docx/build_templates.py ({kind})"
        )
