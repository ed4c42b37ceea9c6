"""What a run brings in: each notice read with the existing importers, kept once, matched to
the consultation it belongs to (BOAMP and TED alike), a corrective notice applied to its
tender, and a dismissed consultation never brought back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tenders.watch.results import Refusal


@dataclass
class Intake:
    """What one run's records became."""

    new: int = 0
    updated: int = 0
    known: int = 0
    outside: int = 0
    dismissed: int = 0
    created: list[int] = field(default_factory=list)  # tender ids
    changed: list[int] = field(default_factory=list)  # tender ids a corrective notice changed
    refused: list[Refusal] = field(default_factory=list)


async def take_in(
    source: str, records: list[Any], run_id: int | None = None, now: datetime | None = None
) -> Intake:
    """Take in the records of ``source`` ("boamp": the records' dicts; "ted": ``TedNotice``)."""
    raise NotImplementedError  # written by the intake change
