"""The section text format of Cordée, turned into Word paragraphs.

Plain text where ``# `` and ``## `` start a heading, ``- `` a bullet item, ``*word*`` is
italic and ``**word**`` bold; blank lines separate paragraphs and a single line break stays a
line break. Everything else, markup-looking or not, is shown as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.section import CT_SectPr
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from tenders.documents._text import clean_text

_EMPHASIS = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*|\*(?P<italic>[^*\n]+?)\*")
_HEADINGS = (("## ", 2), ("# ", 1))
_BULLET = "- "


@dataclass(frozen=True, slots=True)
class SectionText:
    """Section text to render as paragraphs: put it in the context, write ``{{p name }}``."""

    text: str


class Subdoc:
    """Paragraphs written with python-docx against the styles of a template.

    What ``DocxTemplate.new_subdoc()`` gives, without its import of docxcompose, which only
    serves subdocuments read from another file: these paragraphs share the template's part, so
    their style names resolve in the template.
    """

    def __init__(self, template: DocxTemplate) -> None:
        self.document: DocxDocument = Document()
        self.document._part = template.get_docx().part

    def __html__(self) -> str:
        # Already WordprocessingML: autoescaping must leave it as is.
        body = self.document.element.body
        return "".join(
            etree.tostring(child, encoding="unicode")
            for child in body
            if not isinstance(child, CT_SectPr)
        )

    def __str__(self) -> str:
        return self.__html__()


def to_subdoc(template: DocxTemplate, text: str) -> Subdoc:
    """Paragraphs for ``text`` in the styles of ``template``, for a ``{{p … }}`` tag."""
    subdoc = Subdoc(template)
    document = subdoc.document
    styles = _style_names(document)
    paragraph_lines: list[str] = []

    def flush() -> None:
        if paragraph_lines:
            _add_inline(document.add_paragraph(), "\n".join(paragraph_lines))
            paragraph_lines.clear()

    for raw in clean_text(text).split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = next(((line[len(p) :], lvl) for p, lvl in _HEADINGS if line.startswith(p)), None)
        if heading is not None:
            flush()
            _add_heading(document, styles, heading[0].strip(), heading[1])
        elif line.startswith(_BULLET):
            flush()
            _add_bullet(document, styles, line[len(_BULLET) :].strip())
        else:
            paragraph_lines.append(line)
    flush()
    return subdoc


def _style_names(document: DocxDocument) -> set[str]:
    return {style.name for style in document.styles if style.name}


def _add_heading(document: DocxDocument, styles: set[str], text: str, level: int) -> None:
    style = f"Heading {level}"
    if style in styles:
        _add_inline(document.add_paragraph(style=style), text)
        return
    # A template without heading styles still shows the structure.
    paragraph = document.add_paragraph()
    _add_inline(paragraph, text)
    for run in paragraph.runs:
        run.bold = True


def _add_bullet(document: DocxDocument, styles: set[str], text: str) -> None:
    if "List Bullet" in styles:
        _add_inline(document.add_paragraph(style="List Bullet"), text)
        return
    paragraph = document.add_paragraph()
    paragraph.add_run("• ")
    _add_inline(paragraph, text)


def _add_inline(paragraph: Paragraph, text: str) -> None:
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        if match.group("bold") is not None:
            paragraph.add_run(match.group("bold")).bold = True
        else:
            paragraph.add_run(match.group("italic")).italic = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])
