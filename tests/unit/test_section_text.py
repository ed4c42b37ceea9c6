"""A section's text read into blocks, shown as HTML, and carried to and from Word."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tenders.documents.blocks import parse, to_html, to_text
from tenders.documents.word import docx_to_text, text_to_docx

TEXTS = [
    "Un paragraphe simple.",
    "# Notre approche\n\nNous **accompagnons** les jeunes, *avec soin*.\nUne ligne de plus.",
    "## Moyens\n\n- un encadrant\n- deux **véhicules**\n\nEt la suite.",
    "- seul point",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_text_reads_back_as_written(text: str) -> None:
    assert to_text(parse(text)) == text


@pytest.mark.parametrize("text", TEXTS)
def test_a_section_goes_to_word_and_comes_back_the_same(text: str) -> None:
    document = text_to_docx("Compréhension du besoin", text)
    # The title is the document's, not the section's: it does not come back in.
    assert docx_to_text(document) == text
    titles = [p.text for p in Document(io.BytesIO(document)).paragraphs if p.style.name == "Title"]
    assert titles == ["Compréhension du besoin"]


def test_the_preview_shows_headings_lists_and_emphasis_and_escapes_the_rest() -> None:
    shown = to_html("# Titre\n\n- a <b>\n- **gras** et *penché*\n\nFin & <script>x</script>")
    assert shown == (
        "<h3>Titre</h3><ul><li>a &lt;b&gt;</li><li><strong>gras</strong> et "
        "<em>penché</em></li></ul><p>Fin &amp; &lt;script&gt;x&lt;/script&gt;</p>"
    )


def _word(build: object) -> bytes:
    document = Document()
    build(document)  # type: ignore[operator]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_document_written_in_word_keeps_headings_lists_bold_and_italic() -> None:
    def write(document: object) -> None:
        document.add_heading("Notre méthode", level=1)  # type: ignore[attr-defined]
        paragraph = document.add_paragraph("Nous ")  # type: ignore[attr-defined]
        paragraph.add_run("recrutons").bold = True
        paragraph.add_run(" localement, ")
        paragraph.add_run("sans").italic = True
        paragraph.add_run(" ")
        paragraph.add_run("délai").italic = True
        paragraph.add_run(".")
        document.add_heading("Détail", level=3)  # type: ignore[attr-defined]
        document.add_paragraph("premier", style="List Number")  # type: ignore[attr-defined]
        document.add_paragraph("second", style="List Bullet")  # type: ignore[attr-defined]
        table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        table.cell(0, 0).text = "Case A"
        table.cell(0, 1).text = "Case B"
        document.add_paragraph("")  # type: ignore[attr-defined]

    assert docx_to_text(_word(write)) == (
        "# Notre méthode\n\n"
        "Nous **recrutons** localement, *sans* *délai*.\n\n"
        "## Détail\n\n"
        "- premier\n- second\n\n"
        "Case A\n\nCase B"
    )
