"""A section's text to and from a Word document of its own, for people who write in Word.

Going out, the text becomes headings, bullet lists and paragraphs in Word's own styles. Coming
in, a document's headings (« Titre 1 », « Titre 2 » and below, as Word stores them), its list
items (bulleted or numbered), its paragraphs and their bold and italic become the section's
text; tables' cells come in as paragraphs, pictures and the rest of the layout stay out.
Reading runs in the rendering child (``isolation.read_word``), after ``check_package``.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from tenders.documents.blocks import Block, Kind, Span, parse, to_text
from tenders.documents.markup import write_blocks

_HEADING_STYLE = re.compile(r"^(heading|titre)\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(list|liste)\b", re.IGNORECASE)


def text_to_docx(title: str, text: str) -> bytes:
    """A Word document holding ``title`` then the section's text."""
    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    write_blocks(document, parse(text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_to_text(data: bytes) -> str:
    """The section text of a Word document (checked beforehand)."""
    document = Document(io.BytesIO(data))
    return to_text([block for block in _blocks(document) if block.spans])


def _blocks(document: DocxDocument) -> list[Block]:
    found: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            found.append(_block(item))
        elif isinstance(item, Table):
            found += _table_blocks(item)
    return found


def _table_blocks(table: Table) -> list[Block]:
    found: list[Block] = []
    for row in table.rows:
        for cell in row.cells:
            found += [_block(paragraph) for paragraph in cell.paragraphs]
    return found


def _block(paragraph: Paragraph) -> Block:
    kind, level = _kind(paragraph)
    if level < 0:
        return Block(kind, ())
    spans = tuple(
        Span(run.text, bold=bool(run.bold), italic=bool(run.italic))
        for run in paragraph.runs
        if run.text
    )
    if kind != "paragraph":
        # A heading or a list item holds one line.
        spans = tuple(Span(s.text.replace("\n", " "), s.bold, s.italic) for s in spans)
    return Block(kind, _merged(spans), level)


def _kind(paragraph: Paragraph) -> tuple[Kind, int]:
    name = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(name or "")
    if heading:
        return "heading", min(int(heading.group(2)), 2) or 1
    if name in ("Title", "Subtitle"):
        return "paragraph", -1  # the document's own title, not the section's content
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or _LIST_STYLE.match(name or ""):
        return "bullet", 0
    return "paragraph", 0


def _merged(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Runs of the same look as one span (Word cuts text into runs at every edit)."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return tuple(merged)
