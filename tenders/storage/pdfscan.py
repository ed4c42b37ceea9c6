"""Active content in a PDF (scripts, launch actions, attached files), found without a PDF library.

Names are compared after undoing ``#xx`` escapes (``/J#61vaScript`` is ``/JavaScript``), and
the objects packed in compressed object streams are inflated and scanned too. Stream bodies
are skipped: compressed images would otherwise spell ``/JS`` by chance once in a while.
"""

from __future__ import annotations

import re
import zlib

_ACTIVE = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "action de lancement",
    b"EmbeddedFile": "fichier joint",
    b"EmbeddedFiles": "fichier joint",
}
_TOO_BIG = "objets compressés trop volumineux pour être vérifiés"
_ORDER = ("JavaScript", "action de lancement", "fichier joint", _TOO_BIG)

_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
_DICT_LOOKBACK = 4096
# Object streams hold a few hundred small objects; this is far above any genuine file.
_INFLATE_BUDGET = 64 * 1024 * 1024


def active_content(data: bytes) -> list[str]:
    """French labels of the kinds of active content found, in a fixed order; empty if none."""
    found: set[str] = set()
    budget = _INFLATE_BUDGET
    position = 0
    for match in _STREAM.finditer(data):
        if match.start() < position:
            continue
        found |= _names(data[position : match.end()])
        body_start = match.end()
        body_end = data.find(_ENDSTREAM, body_start)
        if body_end < 0:
            body_end = len(data)
        lookback = max(position, match.start() - _DICT_LOOKBACK)
        header = data[max(lookback, data.rfind(b"obj", lookback, match.start())) : match.start()]
        if b"ObjStm" in _decoded_names(header):
            inflated, complete = _inflate(data[body_start:body_end], budget)
            budget -= len(inflated)
            if not complete:
                found.add(_TOO_BIG)
                break
            found |= _names(inflated)
        position = body_end
    found |= _names(data[position:])
    return [label for label in _ORDER if label in found]


def _decoded_names(chunk: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in _NAME.findall(chunk)}


def _names(chunk: bytes) -> set[str]:
    return {_ACTIVE[name] for name in _decoded_names(chunk) if name in _ACTIVE}


def _inflate(body: bytes, budget: int) -> tuple[bytes, bool]:
    """The inflated body (empty when it is not zlib data) and whether it fit in the budget."""
    if budget <= 0:
        return b"", False
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(body, budget)
    except zlib.error:
        return b"", True
    return inflated, not inflater.unconsumed_tail
