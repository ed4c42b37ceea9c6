"""A small one-page PDF with a title and lines of text, for demonstration documents.

Written by hand: PDF 1.4, the standard Helvetica fonts in WinAnsiEncoding (cp1252, which has
every French letter, « », – and —), no date inside, so the same text gives the same bytes
(and the same content hash).
"""

from __future__ import annotations

import re
import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
TITLE_SIZE, TITLE_LEADING, TITLE_WIDTH = 16, 20, 52
BODY_SIZE, BODY_LEADING, BODY_WIDTH = 11, 15, 84
_MAX_TITLE_LINES = 3
_MAX_BODY_LINES = (
    PAGE_HEIGHT - 2 * MARGIN - TITLE_SIZE - (_MAX_TITLE_LINES + 1) * TITLE_LEADING
) // BODY_LEADING
TRUNCATED = "[…]"

# cp1252 lacks the narrow no-break space French puts before « : ; ! ? »; the wide one is there.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TO_CP1252 = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-"})


def placeholder_pdf(title: str, lines: list[str]) -> bytes:
    """A valid single-page PDF showing ``title`` in bold and ``lines`` below it."""
    title_lines = _wrap(title, TITLE_WIDTH)[:_MAX_TITLE_LINES]
    body = [wrapped for line in lines for wrapped in (_wrap(line, BODY_WIDTH) or [""])]
    if len(body) > _MAX_BODY_LINES:
        body = [*body[: _MAX_BODY_LINES - 1], TRUNCATED]
    content = _content_stream(title_lines, body)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        % (PAGE_WIDTH, PAGE_HEIGHT),
        _font(b"Helvetica"),
        _font(b"Helvetica-Bold"),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Title %s /Producer %s >>" % (_text_string(title), _text_string("Cordée")),
    ]
    return _assemble(objects, root=1, info=7)


def _wrap(text: str, width: int) -> list[str]:
    # Only ASCII whitespace breaks lines: no-break spaces keep « 5 € » and « : » together.
    return textwrap.wrap(_SPACES.sub(" ", text).strip(" "), width, break_on_hyphens=False)


def _font(name: bytes) -> bytes:
    return b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % name


def _content_stream(title: list[str], body: list[str]) -> bytes:
    top = PAGE_HEIGHT - MARGIN - TITLE_SIZE
    parts = [b"BT", b"%d %d Td" % (MARGIN, top), b"/F2 %d Tf %d TL" % (TITLE_SIZE, TITLE_LEADING)]
    for line in title:
        parts.append(b"%s Tj T*" % _literal(line))
    parts += [b"0 %d Td" % -TITLE_LEADING, b"/F1 %d Tf %d TL" % (BODY_SIZE, BODY_LEADING)]
    for line in body:
        parts.append(b"%s Tj T*" % _literal(line))
    parts.append(b"ET")
    return b"\n".join(parts)


def _literal(text: str) -> bytes:
    """A PDF literal string in cp1252; bytes outside printable ASCII written as octal."""
    encoded = text.translate(_TO_CP1252).encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for byte in encoded:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 0x20 <= byte < 0x7F:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    out += b")"
    return bytes(out)


def _text_string(text: str) -> bytes:
    """A document-information string: UTF-16BE with its byte-order mark, in hexadecimal."""
    return b"<FEFF%s>" % text.encode("utf-16-be", errors="replace").hex().upper().encode("ascii")


def _assemble(objects: list[bytes], root: int, info: int) -> bytes:
    # The binary comment marks the file as binary for transfer tools, as the format advises.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (len(objects) + 1, root, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
