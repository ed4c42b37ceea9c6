"""CSV exports that open right in French Excel and LibreOffice.

UTF-8 with a BOM (without it Excel reads Windows-1252), ``;`` between cells (``,`` is the
decimal separator), CRLF line ends. Values are written for a French spreadsheet:

- ``Decimal``: amounts, always two decimals (``Decimal("12500.5")`` → ``12500,50``), rounded
  half up, as everywhere money is shown;
- ``float``: as few decimals as it needs (``-12.5`` → ``-12,5``, ``3.0`` → ``3``), never an
  exponent;
- ``int`` as is, ``bool`` as ``oui``/``non``, ``None`` (and NaN, infinities) as an empty cell;
- ``date`` as ``2027-03-12``, ``datetime`` in Paris time as ``2027-03-12 12:00``;
- anything else as its text (an ``Enum`` as its value).

Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run
as formulas (CSV injection): they get a leading ``'``. Numbers, and text that is only a
number such as ``-12,5``, are left alone.
"""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from tenders.formatting import to_paris
from tenders.storage.names import safe_filename

CENT = Decimal("0.01")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def to_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    """The whole file, BOM included, ready to send as ``text/csv; charset=utf-8``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_cell(header) for header in headers])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig", errors="replace")


def csv_filename(stem: str) -> str:
    """``Résultats 2027`` → ``Resultats_2027.csv``."""
    return safe_filename(stem, "csv")


def _cell(value: object) -> str:
    """One value as the text of its cell (see the module's docstring)."""
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return ""
        return _decimal_fr(value.quantize(CENT, rounding=ROUND_HALF_UP))
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return _decimal_fr(Decimal(repr(value)))
    if isinstance(value, datetime):
        return to_paris(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return _defused(str(value))


def _decimal_fr(value: Decimal) -> str:
    if value == 0:
        value = abs(value)  # no « -0,00 »
    return format(value, "f").replace(".", ",")


def _defused(text: str) -> str:
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
