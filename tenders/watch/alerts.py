"""« Une consultation correspond à votre structure »: the mails of directors who asked."""

from __future__ import annotations

from tenders.settings import Settings


async def alert_directors(tender_ids: list[int], settings: Settings) -> list[int]:
    """Write one mail per director who asked and whose structure fits; returns mail ids."""
    raise NotImplementedError  # written by the veille page change
