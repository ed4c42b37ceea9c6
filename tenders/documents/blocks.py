"""The section text format of Cordée, read into blocks: the one reading the Word documents,
the page's preview and a Word file brought in all share.

Plain text where ``# `` and ``## `` start a heading, ``- `` a bullet item, ``*word*`` is
italic and ``**word**`` bold; blank lines separate paragraphs and a single line break stays a
line break. Everything else, markup-looking or not, is shown as typed. Nobody has to learn
it: the page's toolbar writes it, and a Word document brought in is turned into it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from tenders.documents._text import clean_text

EMPHASIS = re.compile(r"\*\*(?P<bold>[^*\n]+?)\*\*|\*(?P<italic>[^*\n]+?)\*")
HEADINGS = (("## ", 2), ("# ", 1))
BULLET = "- "

Kind = Literal["heading", "bullet", "paragraph"]


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a line in one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A heading (``level`` 1 or 2), a bullet item or a paragraph (its lines joined by
    ``\\n``), and its spans."""

    kind: Kind
    spans: tuple[Span, ...]
    level: int = 0


def spans(text: str) -> tuple[Span, ...]:
    """``text`` cut where ``**…**`` and ``*…*`` begin and end."""
    found: list[Span] = []
    position = 0
    for match in EMPHASIS.finditer(text):
        if match.start() > position:
            found.append(Span(text[position : match.start()]))
        if match.group("bold") is not None:
            found.append(Span(match.group("bold"), bold=True))
        else:
            found.append(Span(match.group("italic"), italic=True))
        position = match.end()
    if position < len(text):
        found.append(Span(text[position:]))
    return tuple(found)


def parse(text: str) -> list[Block]:
    """The blocks of a section's text, in order."""
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("paragraph", spans("\n".join(lines))))
            lines.clear()

    for raw in clean_text(text).split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            continue
        heading = next(((line[len(p) :], lvl) for p, lvl in HEADINGS if line.startswith(p)), None)
        if heading is not None:
            flush()
            blocks.append(Block("heading", spans(heading[0].strip()), heading[1]))
        elif line.startswith(BULLET):
            flush()
            blocks.append(Block("bullet", spans(line[len(BULLET) :].strip())))
        else:
            lines.append(line)
    flush()
    return blocks


def to_text(blocks: list[Block]) -> str:
    """The text that reads back into ``blocks``: headings and paragraphs apart, a list's items
    one line each."""
    out: list[str] = []
    previous: Kind | None = None
    for block in blocks:
        line = "".join(_marked(span) for span in block.spans).strip()
        if not line:
            continue
        if out and not (block.kind == "bullet" and previous == "bullet"):
            out.append("")
        prefix = {"heading": "#" * block.level + " ", "bullet": BULLET}.get(block.kind, "")
        out.append(prefix + line)
        previous = block.kind
    return "\n".join(out)


def to_html(text: str) -> str:
    """The text as the page shows it: escaped HTML with headings (``h3``/``h4``, under the
    page's own), lists, paragraphs, bold and italic."""
    parts: list[str] = []
    in_list = False
    for block in parse(text):
        if block.kind == "bullet" and not in_list:
            parts.append("<ul>")
        elif block.kind != "bullet" and in_list:
            parts.append("</ul>")
        in_list = block.kind == "bullet"
        inner = "".join(_html_span(span) for span in block.spans)
        if block.kind == "heading":
            tag = f"h{block.level + 2}"
            parts.append(f"<{tag}>{inner}</{tag}>")
        elif block.kind == "bullet":
            parts.append(f"<li>{inner}</li>")
        else:
            parts.append(f"<p>{inner}</p>")
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def _marked(span: Span) -> str:
    text = span.text.replace("\n", " ") if (span.bold or span.italic) else span.text
    stripped = text.strip()
    if not stripped or not (span.bold or span.italic):
        return text
    # Markers hug the words: spaces stay outside, where the format finds them.
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    mark = "**" if span.bold else "*"
    return f"{lead}{mark}{stripped}{mark}{trail}"


def _html_span(span: Span) -> str:
    text = html.escape(span.text).replace("\n", "<br>")
    if span.bold:
        text = f"<strong>{text}</strong>"
    if span.italic:
        text = f"<em>{text}</em>"
    return text
