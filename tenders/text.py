"""The one cleaning of texts people and notices send, and the one rule for their lengths.

Every text that comes in loses the characters no one types and that break pages, documents
or the database: C0 controls but tab, line feed and carriage return, DEL, C1 controls, lone
surrogates and Unicode non-characters. The web layer applies ``clean_input`` to every form
and JSON body; services read their fields through ``line`` / ``block``, which clean again
(for the callers that do not come through the web: imports, the command line, the demo) and
check the length.

A text over its limit is never cut silently: typed by a person it is refused with the limit
(``errors``); read from an imported notice (``cut`` given) it is kept up to the limit and the
import says what was cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)


def strip_controls(text: str) -> str:
    """The text without control characters (tab and line breaks kept), lone surrogates and
    non-characters."""
    return UNWANTED.sub("", text) if UNWANTED.search(text) else text


def has_controls(text: str) -> bool:
    return UNWANTED.search(text) is not None


def clean_input(value: Any) -> Any:
    """Every string of a decoded JSON body (keys too), cleaned; other values as they are."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [clean_input(item) for item in value]
    if isinstance(value, dict):
        return {clean_input(k): clean_input(v) for k, v in value.items()}
    return value


def count_fr(number: int) -> str:
    """10000 → « 10 000 » (narrow no-break space), as the messages show counts."""
    return f"{number:,}".replace(",", "\u202f")


def too_long(length: int, limit: int) -> str:
    return (
        f"Ce texte compte {count_fr(length)} caractères pour {count_fr(limit)} au plus : "
        "raccourcissez-le."
    )


def cut_warning(label: str, length: int, limit: int) -> str:
    """What an import says of a text it kept up to its limit only."""
    return (
        f"{label} : le texte de l'avis compte {count_fr(length)} caractères ; "
        f"seuls les {count_fr(limit)} premiers ont été repris, complétez si besoin."
    )


def _checked(
    clean: Callable[[str], str],
    field: str,
    value: str | None,
    limit: int,
    errors: dict[str, str],
    cut: list[str] | None = None,
    label: str = "",
) -> str:
    """The text cleaned of control characters and by ``clean``, if it holds in ``limit``
    characters. Longer: an error on ``field`` when a person typed it; when ``cut`` is a list
    (an import), the first ``limit`` characters and a warning naming ``label``."""
    text = clean(strip_controls(value or ""))
    if len(text) <= limit:
        return text
    if cut is None:
        errors[field] = too_long(len(text), limit)
        return text
    cut.append(cut_warning(label or field, len(text), limit))
    return text[:limit].rstrip()


# A one-line text (a title, a name): runs of spaces and line breaks made one space.
line = partial(_checked, lambda text: " ".join(text.split()))
# A text of several lines (a description, a comment): trimmed, line breaks kept.
block = partial(_checked, str.strip)
