"""What one fetch from a source hands over: records kept, records refused (and why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenders.errors import DomainError

WRONG_SHAPE = (
    "La réponse de la source {source} n'a pas la forme attendue ({detail}) : "
    "la source a peut-être changé."
)


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


@dataclass(frozen=True)
class Page:
    """One answer of a source's search, read: the total it announces and this page's items."""

    total: int
    items: list[Any]
    next_token: str | None = None


def read_page(document: Any, source: str, items_key: str, total_key: str) -> Page:
    """Check an answer's shape: an object whose ``total_key`` is a count and ``items_key`` a
    list; anything else stops the fetch."""

    def wrong(detail: str) -> SourceError:
        return SourceError(WRONG_SHAPE.format(source=source, detail=detail))

    if not isinstance(document, dict):
        raise wrong("un objet JSON était attendu")
    total, items = document.get(total_key), document.get(items_key)
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise wrong(f"« {total_key} » manque")
    if not isinstance(items, list):
        raise wrong(f"« {items_key} » manque")
    return Page(total, items)
