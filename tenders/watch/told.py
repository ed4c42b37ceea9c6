"""What the watch's mails say of a tender it brought: read by the coordination's digest and
by the directors' alerts alike."""

from __future__ import annotations

from typing import Any

from tenders.watch.tables import WatchedTender

CHUNK = 500


async def tenders_told(tender_ids: list[int], where: Any = None) -> list[dict[str, Any]]:
    """The WatchedTender rows of ``tender_ids`` (``where`` narrowing them) with their score,
    the structures that fit, and the tender's title, buyer and deadline; by the tender's id."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(tender_ids), CHUNK):
        chunk = WatchedTender.tender.is_in(tender_ids[start : start + CHUNK])
        found += await (
            WatchedTender.select(
                WatchedTender.tender,
                WatchedTender.score,
                WatchedTender.matches,
                WatchedTender.tender.title.as_alias("title"),
                WatchedTender.tender.buyer_name.as_alias("buyer_name"),
                WatchedTender.tender.offers_deadline.as_alias("offers_deadline"),
                WatchedTender.tender.offers_time_unknown.as_alias("offers_time_unknown"),
            )
            .where(chunk if where is None else chunk & where)
            .order_by(WatchedTender.tender)
            .output(load_json=True)
        )
    return found
