"""The buyer's ESPD Request of a tender, as stored (written by the request change)."""

from __future__ import annotations

from tenders.espd.model import EspdRequest


async def request_for(tender_id: int) -> EspdRequest | None:
    """The ESPD Request the coordination uploaded for ``tender_id``, read; None without one."""
    return None  # replaced by the upload change: until then no tender has one
