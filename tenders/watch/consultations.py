"""Which consultation a notice belongs to: the rule the intake follows, first match wins.

a. The eForms ContractFolderID (TED's notices, BOAMP's records in eForms form): a notice
   already seen with the same folder, or a tender imported as "eforms:<folder>".
b. BOAMP's ``annonce_lie``: the notice a rectificatif corrects, already seen.
c. A tender imported by hand from the same notice (its source key, "boamp:<idweb>").
d. As a last resort: a tender of the same buyer SIRET and buyer's reference (both given), or
   of the same title and buyer name (accents, capitals and punctuation aside) whose offers
   deadline falls on the same day.

A notice seen before whose tender is gone (deleted by hand) names its consultation too: it
does not come back (``Match.gone``). Notices found outside the profile (kind « hors_profil »)
are left aside: a later notice of their consultation is judged on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from tenders.formatting import PARIS
from tenders.procurement.tables import Tender
from tenders.watch.keywords import forms
from tenders.watch.reading import Read
from tenders.watch.tables import WatchNotice

OUTSIDE = "hors_profil"  # WatchNotice.kind of a notice outside the profile


@dataclass(frozen=True)
class Match:
    """The tender found (None: none), or ``gone``: its consultation's tender was deleted."""

    tender_id: int | None = None
    gone: bool = False

    @property
    def found(self) -> bool:
        return self.tender_id is not None or self.gone


NONE = Match()


async def _by_notices(where: Any, itself: int | None) -> Match:
    """The notices ``where`` selects (but ``itself``, the notice being taken in)."""
    mine = where & (WatchNotice.kind != OUTSIDE)
    if itself is not None:
        mine = mine & (WatchNotice.id != itself)
    rows = await WatchNotice.select(WatchNotice.tender).where(mine)
    tenders = [r["tender"] for r in rows if r["tender"] is not None]
    if tenders:
        return Match(int(tenders[0]))
    return Match(gone=True) if rows else NONE


async def _by_source_key(key: str) -> Match:
    rows = await Tender.select(Tender.id).where(Tender.source_key == key)
    return Match(int(rows[0]["id"])) if rows else NONE


def _plain(text: str) -> str:
    return forms(text or "")[0].strip()


async def _by_buyer(read: Read) -> Match:
    draft = read.draft
    if draft.buyer_siret and draft.reference:
        rows = await Tender.select(Tender.id).where(
            (Tender.buyer_siret == draft.buyer_siret) & (Tender.reference == draft.reference)
        )
        if rows:
            return Match(int(rows[0]["id"]))
    deadline = draft.offers_deadline
    if deadline is None or not _plain(draft.title) or not _plain(draft.buyer_name):
        return NONE
    day = deadline.astimezone(PARIS).date()
    start = datetime.combine(day, time(0, 0), tzinfo=PARIS)
    rows = await Tender.select(Tender.id, Tender.title, Tender.buyer_name).where(
        (Tender.offers_deadline >= start) & (Tender.offers_deadline < start + timedelta(days=1))
    )
    title, buyer = _plain(draft.title), _plain(draft.buyer_name)
    for row in rows:
        if _plain(row["title"]) == title and _plain(row["buyer_name"]) == buyer:
            return Match(int(row["id"]))
    return NONE


async def find(read: Read, itself: int | None = None) -> Match:
    """The consultation ``read`` belongs to, by the rule above; ``itself``: the id of the
    notice's own row, already written."""
    if read.folder_id:
        match = await _by_notices(WatchNotice.folder_id == read.folder_id, itself)
        if match.tender_id is None:
            imported = await _by_source_key(f"eforms:{read.folder_id}"[:200])
            match = imported if imported.found else match
        if match.found:
            return match
    if read.linked:
        match = await _by_notices(WatchNotice.key.is_in(read.linked), itself)
        if match.found:
            return match
    draft = read.draft
    match = await _by_source_key(f"{draft.source}:{draft.source_id}"[:200])
    if match.found:
        return match
    return await _by_buyer(read)
