"""Amounts in euros: always Decimal with two decimals, whatever the database returned."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CENT = Decimal("0.01")


def to_money(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    return Decimal(str(raw)).quantize(CENT)
