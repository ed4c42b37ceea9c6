"""The section text format of Cordée (``tenders.documents.blocks``), turned into Word
paragraphs."""

from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.section import CT_SectPr
from docx.parts.document import DocumentPart
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from tenders.documents.blocks import Block, Span, parse


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
    write_blocks(subdoc.document, parse(text))
    return subdoc


def section_xml(part: DocumentPart, styles: Collection[str], text: str) -> str:
    """The WordprocessingML of ``to_subdoc(template, text)``, for a template whose document
    part is ``part`` and whose style names are ``styles`` (``style_names``): written on a blank
    body rather than on a new default document, which python-docx reads from its files."""
    document = DocxDocument(copy.deepcopy(_blank_document()), part)
    write_blocks(document, parse(text), styles)
    return "".join(
        etree.tostring(child, encoding="unicode")
        for child in document.element.body
        if not isinstance(child, CT_SectPr)
    )


@cache
def _blank_document() -> etree._Element:
    # The root of the document ``to_subdoc`` writes on, with the same namespaces declared:
    # they are written out with each paragraph.
    element = copy.deepcopy(Document().element)
    for child in list(element.body):
        element.body.remove(child)
    return element


def style_names(template: DocxTemplate) -> frozenset[str]:
    """The names of the styles of ``template``."""
    return frozenset(_style_names(template.get_docx()))


def write_blocks(
    document: DocxDocument, blocks: list[Block], styles: Collection[str] | None = None
) -> None:
    """Each block as a paragraph of ``document``, in its styles when it has them (``styles``:
    their names, when already known)."""
    styles = _style_names(document) if styles is None else styles
    for block in blocks:
        if block.kind == "heading":
            _add_heading(document, styles, block.spans, block.level)
        elif block.kind == "bullet":
            _add_bullet(document, styles, block.spans)
        else:
            _add_spans(document.add_paragraph(), block.spans)


def _style_names(document: DocxDocument) -> set[str]:
    return {style.name for style in document.styles if style.name}


def _add_heading(
    document: DocxDocument, styles: Collection[str], spans: tuple[Span, ...], level: int
) -> None:
    style = f"Heading {level}"
    if style in styles:
        _add_spans(document.add_paragraph(style=style), spans)
        return
    # A template without heading styles still shows the structure.
    paragraph = document.add_paragraph()
    _add_spans(paragraph, spans)
    for run in paragraph.runs:
        run.bold = True


def _add_bullet(document: DocxDocument, styles: Collection[str], spans: tuple[Span, ...]) -> None:
    if "List Bullet" in styles:
        _add_spans(document.add_paragraph(style="List Bullet"), spans)
        return
    paragraph = document.add_paragraph()
    paragraph.add_run("• ")
    _add_spans(paragraph, spans)


def _add_spans(paragraph: Paragraph, spans: tuple[Span, ...]) -> None:
    for span in spans:
        run = paragraph.add_run(span.text)
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
