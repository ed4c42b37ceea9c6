"""Names given to downloaded files, and the header that carries them (RFC 6266 and 5987)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_FILENAME_LENGTH = 120
FALLBACK_STEM = "fichier"

# Letters NFKD does not decompose, and typography with a plain ASCII cousin.
_SPELLED_OUT = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "’": "'",
        "‘": "'",
        "«": "'",
        "»": "'",
        "“": "'",
        "”": "'",
        "…": "...",
    }
)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"[^a-z0-9]+")
_QUOTED_UNSAFE = re.compile(r'[^\x20-\x7e]|["\\]')
# Names Windows refuses whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10))}
_RESERVED |= {f"lpt{i}" for i in range(1, 10)}


def ascii_text(text: str) -> str:
    """``text`` with accents removed and typography simplified; other non-ASCII is dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def safe_filename(stem: str, extension: str) -> str:
    """A name any system accepts: ``Attestation URSSAF – été`` → ``Attestation_URSSAF_-_ete``."""
    extension = _EXTENSION.sub("", ascii_text(extension).lower())[:10]
    suffix = f".{extension}" if extension else ""
    if suffix and stem.lower().endswith(suffix):
        stem = stem[: -len(suffix)]
    cleaned = _UNSAFE.sub("_", ascii_text(stem)).strip("._-")
    cleaned = cleaned[: MAX_FILENAME_LENGTH - len(suffix)].rstrip("._-")
    if not cleaned:
        cleaned = FALLBACK_STEM
    if cleaned.split(".")[0].lower() in _RESERVED:
        cleaned = f"{cleaned}_"
    return cleaned + suffix


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the UTF-8 ``filename*``."""
    name = _printable(filename).strip() or FALLBACK_STEM
    fallback = _QUOTED_UNSAFE.sub("_", ascii_text(name)).strip() or FALLBACK_STEM
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _printable(text: str) -> str:
    """Control characters and path separators become ``_``; invisible format marks go: a
    right-to-left override (U+202E) before ``fdp.exe`` makes it display as ``exe.pdf``."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" or char in "/\\":
            kept.append("_")
        elif not category.startswith("C"):
            kept.append(char)
    return "".join(kept)
