"""Where one notice goes, asking the database: the path of a notice whose consultation is
known (a corrective notice, the same consultation from the other source, a dismissed or deleted
one), and of every notice when a batch cannot be written at once (``intake``). Called inside
the notice's transaction or savepoint; the rule is in ``intake``'s docstring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tenders.procurement import imports
from tenders.procurement.tables import Tender
from tenders.watch.actor import SYSTEM
from tenders.watch.consultations import OUTSIDE, find
from tenders.watch.fit import Profile, judge
from tenders.watch.reading import Read
from tenders.watch.tables import WatchedTender, WatchNotice


@dataclass(frozen=True)
class Outcome:
    what: str  # new | updated | known | outside | dismissed
    tender_id: int | None = None
    reason: str = ""


@dataclass
class Place:
    """What placing a notice needs: the profile, the moment of the run, and the run."""

    profile: Profile
    now: datetime
    run_id: int | None


async def _note(read: Read, ctx: Place) -> int:
    """The notice's row, written first: its unique key holds off a second run at once."""
    rows = await WatchNotice.insert(
        WatchNotice(
            key=read.key,
            source=read.source,
            notice_id=read.number[:100],
            folder_id=read.folder_id,
            kind="rectificatif" if read.corrective else "initial",
            url=read.url[:500],
            published_on=read.published_on,
            run=ctx.run_id,
            seen_at=ctx.now,
        )
    ).returning(WatchNotice.id)
    return int(rows[0]["id"])


async def _link(notice_id: int, tender_id: int | None, kind: str | None = None) -> None:
    values: dict[Any, Any] = {WatchNotice.tender: tender_id}
    if kind is not None:
        values[WatchNotice.kind] = kind
    await WatchNotice.update(values).where(WatchNotice.id == notice_id)


async def _watched(tender_id: int) -> dict[str, Any] | None:
    rows = (
        await WatchedTender.select().where(WatchedTender.tender == tender_id).output(load_json=True)
    )
    return rows[0] if rows else None


async def _write_changes(tender_id: int, changes: list[str], now: datetime) -> None:
    """Appends what a corrective notice changed to the tender's WatchedTender; a tender the
    watch did not bring gets one, found when the tender was made (it is not new)."""
    watched = await _watched(tender_id)
    if watched is None:
        made = await Tender.select(Tender.created_at).where(Tender.id == tender_id)
        found_at = made[0]["created_at"] if made else now
        await WatchedTender.insert(
            WatchedTender(
                tender=tender_id, found_at=found_at, changes=changes, changed_at=now, keywords=[]
            )
        )
        return
    await WatchedTender.update(
        {WatchedTender.changes: [*watched["changes"], *changes], WatchedTender.changed_at: now}
    ).where(WatchedTender.id == watched["id"])


async def _correct(read: Read, tender_id: int, whole: bool, ctx: Place) -> Outcome:
    """``whole``: an eForms notice of a tender read from eForms, whose lots it replaces."""
    # BOAMP gives the notice's own page as its address: not a change of the documents'.
    own_page = ("documents_url",) if read.draft.url == read.url else ()
    correction = await imports.correct_notice(
        SYSTEM, tender_id, read.draft, read.cut, lots=whole, leave=own_page
    )
    if not correction.changes:
        return Outcome("known", tender_id)
    await _write_changes(tender_id, correction.changes, ctx.now)
    return Outcome("updated", tender_id)


def _is_newer_version(read: Read, tender: dict[str, Any]) -> bool:
    """A TED notice of a folder whose eForms notice the tender was imported from, in
    another version."""
    return (
        read.source == "ted"
        and tender["source"] == "eforms"
        and bool(tender["notice_version"])
        and tender["notice_version"] != read.draft.notice_version
    )


async def _found(read: Read, notice_id: int, tender_id: int, ctx: Place) -> Outcome:
    await _link(notice_id, tender_id)
    watched = await _watched(tender_id)
    if watched is not None and watched["dismissed_at"] is not None:
        return Outcome("dismissed", tender_id)
    rows = await Tender.select(Tender.source, Tender.notice_version).where(Tender.id == tender_id)
    if read.corrective or (rows and _is_newer_version(read, rows[0])):
        if not read.corrective:
            await _link(notice_id, tender_id, "rectificatif")
        whole = read.source == "ted" and bool(rows) and rows[0]["source"] == "eforms"
        return await _correct(read, tender_id, whole, ctx)
    return Outcome("known", tender_id)


async def _create(read: Read, notice_id: int, keywords: list[str], ctx: Place) -> Outcome:
    tender, created = await imports.import_draft(SYSTEM, read.draft, read.cut)
    await _link(notice_id, tender.id)
    if not created:
        return Outcome("known", tender.id)
    await WatchedTender.insert(
        WatchedTender(tender=tender.id, found_at=ctx.now, keywords=keywords, changes=[])
    )
    return Outcome("new", tender.id)


async def place_one(read: Read, ctx: Place) -> Outcome:
    """Where one notice goes, asking the database; inside its transaction. A notice already
    seen (taken in since the run looked, or twice in one run) is refused by its unique key:
    ``known``."""
    notice_id = await _note(read, ctx)
    match = await find(read, notice_id)
    if match.tender_id is not None:
        return await _found(read, notice_id, match.tender_id, ctx)
    if match.gone:
        return Outcome("known")
    fit = judge(read.draft, ctx.profile, ctx.now)
    if fit.reason is not None:
        await _link(notice_id, None, OUTSIDE)
        return Outcome("outside", reason=fit.reason)
    return await _create(read, notice_id, fit.keywords, ctx)
