"""The project's own templates pass the checks applied to uploaded ones, and render through
the sandboxed, autoescaping path with user text that would break a naive rendering."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from tenders.documents import SectionText, check_template, render_docx
from tenders.documents_demo import KINDS, demo_context

TEMPLATES = Path(__file__).resolve().parents[2] / "templates_docx"
FILES = {
    "dc1": "dc1.docx",
    "dc2": "dc2_member.docx",
    "memoire": "memoire.docx",
    "annexe": "annexe_repartition.docx",
    "convention": "convention_groupement.docx",
}


def _text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
def test_each_shipped_template_is_accepted_and_renders(kind: str) -> None:
    name = next(v for k, v in FILES.items() if kind.startswith(k))
    data = (TEMPLATES / name).read_bytes()
    context = demo_context(kind)
    report = check_template(data, set(context))
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
