"""What the API and the pages exchange about the collective's watch profile."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from tenders.fields import CHOICES, hint

DAYS_HINT = "Indiquez un nombre de jours."


class WatchProfileIn(msgspec.Struct, kw_only=True):
    """The whole profile, as saved (every field replaced)."""

    cpv_codes: list[str] = []  # « 45233142-6 » or 8 digits
    departements: list[str] = []
    kinds: Annotated[list[str], CHOICES] = []  # services | supplies | works
    reserved_only: bool = False
    keywords: list[str] = []
    min_days_left: Annotated[int, hint(DAYS_HINT)] = 0


class WatchCpv(msgspec.Struct):
    code: str  # 8 digits
    full_code: str  # with its check digit
    label: str | None


class ProposedCpv(WatchCpv):
    capabilities: int  # how many of the members' capabilities name it


class WatchProfileOut(msgspec.Struct, kw_only=True):
    cpv_codes: list[str]  # with their check digits, as they are typed
    cpv: list[WatchCpv]
    departements: list[str]
    kinds: list[str]
    reserved_only: bool
    keywords: list[str]
    min_days_left: int
    updated_at: datetime | None
    updated_by: int | None
    # The codes of the members' capabilities not watched yet, the most frequent first.
    proposed_cpv: list[ProposedCpv]
