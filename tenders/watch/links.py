"""The notices published for a tender, as its page lists them (« Avis publiés »)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from tenders.watch.tables import WatchedTender, WatchNotice

SOURCE_LABELS = {"boamp": "BOAMP", "ted": "TED"}
KIND_LABELS = {"initial": "Avis initial", "rectificatif": "Rectificatif"}


class NoticeLink(msgspec.Struct, kw_only=True):
    source: str  # « BOAMP », « TED »
    number: str  # the idweb, the publication number
    url: str
    kind: str  # « Avis initial », « Rectificatif »
    published_on: date | None


class TenderWatch(msgspec.Struct, kw_only=True):
    """What the watch says of a tender on its page: its notices, and what the corrective ones
    changed (in French, oldest first)."""

    links: list[NoticeLink]
    changes: list[str]
    changed_at: datetime | None = None


async def links_of(tender_id: int) -> list[NoticeLink]:
    """The tender's notices, by publication day (then as seen)."""
    rows = (
        await WatchNotice.select(
            WatchNotice.source,
            WatchNotice.notice_id,
            WatchNotice.url,
            WatchNotice.kind,
            WatchNotice.published_on,
        )
        .where(WatchNotice.tender == tender_id)
        .order_by(WatchNotice.published_on)
        .order_by(WatchNotice.id)
    )
    return [
        NoticeLink(
            source=SOURCE_LABELS.get(r["source"], r["source"]),
            number=r["notice_id"],
            url=r["url"],
            kind=KIND_LABELS.get(r["kind"], "Avis"),
            published_on=r["published_on"],
        )
        for r in rows
    ]


async def watch_of(tender_id: int) -> TenderWatch:
    """``links_of`` and the WatchedTender's ``changes``, for the tender's page."""
    rows = (
        await WatchedTender.select(WatchedTender.changes, WatchedTender.changed_at)
        .where(WatchedTender.tender == tender_id)
        .output(load_json=True)
    )
    links = await links_of(tender_id)
    if not rows:
        return TenderWatch(links=links, changes=[])
    changes = list(rows[0]["changes"] or [])
    return TenderWatch(links=links, changes=changes, changed_at=rows[0]["changed_at"])
