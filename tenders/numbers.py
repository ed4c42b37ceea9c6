"""The one strict reading of numbers a person or a client sends: amounts, percentages, counts.

Forms send text (« 12 500,50 € », « 33,5 % », « 1 200 »); the JSON API sends numbers or decimal
strings that msgspec has already turned into ``Decimal`` or ``int``. Both come here, so that
« NaN », « Infinity », « 1e400000 », « -0 », « 1_000 », digits of other scripts, a third
decimal or an amount no column can hold are refused with a French message saying what to
type, instead of being rounded, misread or failing in the database.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

# Separators a person types between thousands: space, no-break space, narrow no-break space,
# thin space. Nothing else is ignored.
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")
_NUMBER = re.compile(r"(?P<sign>[-+\u2212]?)(?P<whole>[0-9]+)(?:[.,](?P<fraction>[0-9]+))?")
_COUNT = re.compile(r"(?P<sign>[-+\u2212]?)(?P<whole>[0-9]+)")

# What a Numeric(14, 2) column holds.
MAX_AMOUNT = Decimal("999999999999.99")
HUNDRED = Decimal(100)


class NumberError(ValueError):
    """A number that cannot be accepted; ``message`` says in French what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _grouped(value: Decimal) -> str:
    """Decimal('12500.50') → « 12 500,50 » (narrow no-break spaces), for the messages."""
    places = max(0, -int(value.as_tuple().exponent))
    return f"{value:,.{places}f}".replace(",", "\u202f").replace(".", ",")


def parse_decimal(
    raw: Any,
    *,
    places: int = 2,
    maximum: Decimal = MAX_AMOUNT,
    unit: str = "€",
    example: str = "12 500,50",
) -> Decimal | None:
    """``raw`` (text, ``Decimal`` or ``int``) as a ``Decimal`` with at most ``places``
    decimals, from 0 to ``maximum``; ``None`` when nothing was given.

    Raises ``NumberError`` with what to type, never rounds: what was typed is what is kept."""
    what = "un pourcentage" if unit == "%" else "un montant en euros"
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError(f"Indiquez {what} en chiffres, par exemple {example}.")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if text.endswith(unit):
            text = text[: -len(unit)]
        text = text.translate(_GROUPING)
        if not text:
            return None
        match = _NUMBER.fullmatch(text)
        if match is None:
            shown = raw.strip()[:40]
            raise NumberError(
                f"« {shown} » n'est pas {'un pourcentage' if unit == '%' else 'un montant'} : "
                f"indiquez {what} en chiffres, par exemple {example}."
            )
        if match["sign"] in ("-", "\u2212"):
            raise NumberError(f"Indiquez {what} positif, sans signe moins.")
        value = Decimal(f"{match['whole']}.{match['fraction'] or '0'}")
    else:
        raise NumberError(f"Indiquez {what} en chiffres, par exemple {example}.")
    if not value.is_finite():
        raise NumberError(f"Indiquez {what} en chiffres, par exemple {example}.")
    if value.is_signed():
        raise NumberError(f"Indiquez {what} positif, sans signe moins.")
    if value > maximum:
        raise NumberError(f"Indiquez {what} d'au plus {_grouped(maximum)}\u00a0{unit}.")
    step = Decimal(1).scaleb(-places)
    rounded = value.quantize(step)
    if rounded != value:
        decimals = f"{places} décimale{'s' if places > 1 else ''}" if places else "décimale"
        raise NumberError(
            f"Indiquez {what} avec {'au plus ' if places else 'aucune '}{decimals}"
            f", par exemple {example}."
        )
    return rounded


def parse_amount(raw: Any, *, maximum: Decimal = MAX_AMOUNT) -> Decimal | None:
    """An amount in euros, to the cent: « 12 500,50 », « 12500.5 € », Decimal('12500.5')."""
    return parse_decimal(raw, places=2, maximum=maximum, unit="€", example="12 500,50")


def parse_percent(raw: Any) -> Decimal | None:
    """A percentage from 0 to 100, to the ten-thousandth (what the split keeps)."""
    return parse_decimal(raw, places=4, maximum=HUNDRED, unit="%", example="33,5")


def parse_count(raw: Any, *, maximum: int = 1_000_000_000) -> int | None:
    """A whole number from 0 to ``maximum`` typed in ASCII digits (spaces between thousands
    allowed); ``None`` when nothing was given."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("Indiquez un nombre entier, en chiffres.")
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str):
        text = raw.strip().translate(_GROUPING)
        if not text:
            return None
        match = _COUNT.fullmatch(text)
        if match is None:
            shown = raw.strip()[:40]
            raise NumberError(
                f"« {shown} » n'est pas un nombre entier : indiquez-le en chiffres, par exemple 12."
            )
        if match["sign"] in ("-", "\u2212"):
            raise NumberError("Indiquez un nombre positif, sans signe moins.")
        if len(match["whole"]) > 15:
            raise NumberError(f"Indiquez un nombre d'au plus {_grouped(Decimal(maximum))}.")
        number = int(match["whole"])
    else:
        raise NumberError("Indiquez un nombre entier, en chiffres.")
    if number < 0:
        raise NumberError("Indiquez un nombre positif, sans signe moins.")
    if number > maximum:
        raise NumberError(f"Indiquez un nombre d'au plus {_grouped(Decimal(maximum))}.")
    return number


def form_id(text: str) -> int | None:
    """An identifier posted by a form (a select's value): ASCII digits only, else ``None``."""
    text = text.strip()
    if not text or len(text) > 18 or not text.isascii() or not text.isdigit():
        return None
    return int(text)
