"""Bar charts drawn server-side as inline SVG, readable at a glance and by screen readers.

Pure functions: figures in, an ``<svg>`` string out, ready to embed in a page. Every text
is XML-escaped, control characters dropped; no script, no link, no external reference. Bars are
proportional to the largest value; negative or non-finite values draw no bar (their text
is still shown).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tenders.storage.names import ascii_text

BAR_COLOURS = ("#16386b", "#2e7d32")
TEXT_COLOUR = "#1a1a1a"
EMPTY_MESSAGE = "Aucune donnée pour l'instant."
LABEL_MAX_CHARS = 32
FONT_SIZE = 13
TITLE_HEIGHT = 32
LEGEND_HEIGHT = 24
VALUE_ROOM = 120  # room kept right of the longest bar for its value
GAP = 8

# Characters XML 1.0 refuses, which would make the whole page's SVG unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def bar_chart(
    title: str,
    rows: list[tuple[str, float]],
    *,
    value_label: Callable[[float], str],
    width: int = 640,
) -> str:
    """One horizontal bar per row, in the order given, with its label and value."""
    if not rows:
        return _empty(title, width)
    labels = [label for label, _ in rows]
    texts = [value_label(value) for _, value in rows]
    desc = " ; ".join(f"{label} : {text}" for label, text in zip(labels, texts, strict=True))
    scale = _scale([value for _, value in rows], width)
    row_height, top = 28, TITLE_HEIGHT
    body = []
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        bar = _bar(scale, value, y + 5, 18, BAR_COLOURS[0], texts[index])
        body.append(_row(scale, label, f"{label} : {texts[index]}", y + 18, bar))
    return _svg(title, desc, width, top + len(rows) * row_height + GAP, "".join(body))


def paired_bar_chart(
    title: str,
    rows: list[tuple[str, float, float]],
    *,
    series: tuple[str, str],
    value_label: Callable[[float], str],
    width: int = 640,
) -> str:
    """Two bars per row (``series[0]`` above, ``series[1]`` below) on one scale, with a legend."""
    if not rows:
        return _empty(title, width)
    first, second = series
    scale = _scale([value for _, a, b in rows for value in (a, b)], width)
    row_height, top = 44, TITLE_HEIGHT + LEGEND_HEIGHT
    body, described = [_legend(series)], []
    for index, (label, a, b) in enumerate(rows):
        text_a, text_b = value_label(a), value_label(b)
        summary = f"{label} : {first} {text_a}, {second} {text_b}"
        described.append(summary)
        y = top + index * row_height
        bars = _bar(scale, a, y + 4, 16, BAR_COLOURS[0], text_a)
        bars += _bar(scale, b, y + 22, 16, BAR_COLOURS[1], text_b)
        body.append(_row(scale, label, summary, y + 25, bars))
    desc = " ; ".join(described)
    return _svg(title, desc, width, top + len(rows) * row_height + GAP, "".join(body))


@dataclass(frozen=True)
class _Scale:
    """Maps a value to a bar length; bars start at ``left``, right of the labels."""

    maximum: float
    left: float
    length: float

    def __call__(self, value: float) -> float:
        value = float(value)
        if self.maximum <= 0 or not math.isfinite(value) or value <= 0:
            return 0.0
        return max(value / self.maximum * self.length, 1.0)


def _scale(values: Sequence[float], width: int) -> _Scale:
    finite = [float(v) for v in values if math.isfinite(float(v))]
    label_room = int(width * 0.36)
    length = max(width - label_room - VALUE_ROOM - GAP, 40)
    return _Scale(max(finite, default=0.0), label_room, length)


def _bar(scale: _Scale, value: float, y: float, height: float, colour: str, text: str) -> str:
    length = scale(value)
    rect = ""
    if length > 0:
        rect = (
            f'<rect class="bar" x="{scale.left:.1f}" y="{y:.1f}" width="{length:.1f}"'
            f' height="{height}" fill="{colour}"/>'
        )
    text_y = y + height / 2 + FONT_SIZE * 0.35
    return rect + (
        f'<text class="value" x="{scale.left + length + 6:.1f}" y="{text_y:.1f}">'
        f"{_text(text)}</text>"
    )


def _row(scale: _Scale, label: str, summary: str, label_y: float, bars: str) -> str:
    """A row's group: its full text as a hover tooltip, its label, its bars and values."""
    return (
        f'<g class="row"><title>{_text(summary)}</title>'
        f'<text class="label" x="{scale.left - GAP:.1f}" y="{label_y:.1f}" text-anchor="end">'
        f"{_text(_shorten(label, LABEL_MAX_CHARS))}</text>{bars}</g>"
    )


def _legend(series: tuple[str, str]) -> str:
    x, parts = 0.0, []
    for name, colour in zip(series, BAR_COLOURS, strict=True):
        parts.append(
            f'<rect x="{x:.1f}" y="{TITLE_HEIGHT}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18:.1f}" y="{TITLE_HEIGHT + 10}">{_text(name)}</text>'
        )
        x += 18 + len(name) * FONT_SIZE * 0.6 + 24
    return f'<g class="legend">{"".join(parts)}</g>'


def _empty(title: str, width: int) -> str:
    message = f'<text class="empty" x="0" y="{TITLE_HEIGHT + 14}">{_text(EMPTY_MESSAGE)}</text>'
    return _svg(title, EMPTY_MESSAGE, width, TITLE_HEIGHT + 28, message)


def _svg(title: str, desc: str, width: int, height: int, body: str) -> str:
    base = _chart_id(title, desc)
    heading = _shorten(title, max(width // 9, 10))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        f' width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
        f' aria-labelledby="{base}-title" aria-describedby="{base}-desc"'
        f' font-family="inherit" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{base}-title">{_text(title)}</title>'
        f'<desc id="{base}-desc">{_text(desc)}</desc>'
        f'<text class="heading" x="0" y="18" font-size="15" font-weight="bold"'
        f' aria-hidden="true">{_text(heading)}</text>'
        f"{body}</svg>"
    )


def _chart_id(title: str, desc: str) -> str:
    """``chart-<slug>-<hash>``: two charts of one page differ even under the same title."""
    slug = _NOT_SLUG.sub("-", ascii_text(title).lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha256(f"{title}\n{desc}".encode("utf-8", "replace")).hexdigest()[:8]
    return f"chart-{slug}-{digest}" if slug else f"chart-{digest}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(_clean(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", str(text))


def _text(text: str) -> str:
    return escape(_clean(text), {'"': "&quot;"})
