"""What one fetch from a source hands over: records kept, records refused (and why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenders.errors import DomainError


class SourceError(DomainError):
    """A source that cannot be read this time; ``message`` says why, in French."""

    status_code = 502


@dataclass(frozen=True)
class Refusal:
    """A record the source sent but that cannot be imported."""

    record_id: str
    reason: str


@dataclass
class FetchSummary:
    """Counts of one fetch: every record seen, and those refused with their reason."""

    seen: int = 0
    refused: list[Refusal] = field(default_factory=list)

    def refuse(self, record_id: str, reason: str) -> None:
        self.refused.append(Refusal(record_id, reason))


@dataclass
class FetchResult:
    """Records ready for the notice readers, plus the fetch's summary."""

    records: list[Any] = field(default_factory=list)
    summary: FetchSummary = field(default_factory=FetchSummary)
