"""Each tender the watch brings ranked with the existing matching, kept on ``WatchedTender``."""

from __future__ import annotations


async def rank_tenders(tender_ids: list[int]) -> None:
    raise NotImplementedError  # written by the veille page change
