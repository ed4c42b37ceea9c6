"""What a run brings in: each notice read with the existing importers, kept once, matched to
the consultation it belongs to (BOAMP and TED alike), a corrective notice applied to its
tender, and a dismissed consultation never brought back.

Each record is written whole or not at all, and one that fails is refused with why (in
French) without stopping the others. Records go fifty to a transaction: the consultations of
the fifty are looked for in an index (``consultations.Index``: a few queries per batch, then
the rows written since); a notice of a consultation not found is judged there and written
with the others at the end of the batch (tenders, lots, milestones, journal, notices and
WatchedTender rows, a few statements for all); any other (a consultation found: a corrective
notice, the same consultation from another source) is placed one by one, asking the database,
in a savepoint of its own, the notices waiting written first. Should writing them together
fail, each is placed one by one in its savepoint. What becomes of a record:

1. read with the existing reader (``tenders.watch.reading``); what it refuses is ``refused``;
2. a notice already seen (``WatchNotice.key``, "boamp:<idweb>", "ted:<number>") is ``known``
   and nothing is written: a second run over the same records writes nothing;
3. its consultation is looked for (``tenders.watch.consultations``, the rule is there):
   - found, and the coordination dismissed it: the notice is kept, ``dismissed``;
   - found, its tender deleted by hand: the notice is kept, ``known``, nothing comes back;
   - found, and the notice is corrective (a BOAMP rectificatif, an eForms change notice, a
     newer version of the folder's eForms notice): each value it states is laid over the
     tender, the coordination's hand corrections kept (``imports.correct_notice``); what
     changed is written on the WatchedTender (``changes``, ``changed_at``), ``updated``;
   - found otherwise (the same consultation from the other source, or republished): the
     notice is linked to the tender, ``known``;
4. not found: the notice is judged against the profile (``tenders.watch.fit``). Outside it,
   the notice is kept with no tender and the kind « hors_profil » (so it is known next time,
   and a later notice of its consultation is judged on its own), ``outside`` and its reason in
   ``outside_reasons``; inside, a tender « en veille » is created with the importer, with its
   WatchedTender and the notice, ``new``.

Records are taken initial notices first, then corrective ones, so that a rectificatif
published the same day as its notice finds it. Two runs at once: the notices' rows are written
under their unique key (and the tenders under their source key), so the second waits for the
first, its batch's writing together fails, and placed one by one the notice counts ``known``
(two notices of one consultation from two sources taken in at the very same moment by two
runs could still make two tenders: the runs take the sources one after the other).
When a corrective notice changed something, the reminders are planned again (a moved
deadline's reminders are made anew; the old ones are skipped when due).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tenders import cache, db
from tenders.clock import utcnow
from tenders.errors import DomainError
from tenders.procurement import imports
from tenders.procurement.service import NewTender
from tenders.reminders import planner
from tenders.watch import reading
from tenders.watch.actor import SYSTEM
from tenders.watch.consultations import OUTSIDE, Index, find_in
from tenders.watch.fit import Profile, judge
from tenders.watch.links import NoticeLink, links_of
from tenders.watch.placing import Outcome, Place, place_one
from tenders.watch.reading import Read
from tenders.watch.results import Refusal
from tenders.watch.tables import WatchedTender, WatchNotice, WatchProfile

__all__ = ["SYSTEM", "Intake", "NoticeLink", "links_of", "take_in"]

log = logging.getLogger(__name__)


NOT_WRITTEN = "L'avis n'a pas pu être enregistré ({detail}) : il sera repris au prochain passage."
KNOWN_CHUNK = 500
# Records written per transaction, each in a savepoint of its own: a commit per record costs
# more than the record itself on SQLite; a batch holds the write lock a fraction of a second.
BATCH = 50
WRITE_CHUNK = 200  # rows per INSERT


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
    # The notices outside the profile, and why (in French), for the run's page.
    outside_reasons: list[Refusal] = field(default_factory=list)
    # Notices read but not written (among ``refused``): the next run reads their days again.
    unwritten: int = 0


@dataclass
class _Context(Place):
    index: Index = field(default_factory=Index)  # the consultations of the run's notices
    taken: set[str] = field(default_factory=set)  # keys of the notices written by this run
    batch: _Batch | None = None  # the batch being written (None: one notice at a time)


@dataclass(frozen=True)
class _Ready:
    """A notice judged, to be written with the others of its batch: with a tender (``ready``)
    or outside the profile (``reason``)."""

    read: Read
    ready: NewTender | None = None
    keywords: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class _Pending:
    """A batch's notices judged and not written yet, and their consultations (negative ids)."""

    items: list[tuple[int, _Ready]] = field(default_factory=list)  # with its place in the batch
    index: Index = field(default_factory=Index)
    keys: set[str] = field(default_factory=set)

    def clear(self) -> None:
        self.items, self.index, self.keys = [], Index(), set()

    def add(self, position: int, item: _Ready) -> None:
        self.items.append((position, item))
        self.keys.add(item.read.key)
        if item.ready is None:
            return
        placeholder = -len(self.items)
        source_key = item.ready.origin.source_key
        self.index.add_values(placeholder, item.ready.values | {"source_key": source_key})
        self.index.add_notice(placeholder, item.read.key, item.read.folder_id, placeholder)


Result = Outcome | Exception


@dataclass
class _Batch:
    """A batch being written: its transaction, the notices judged and not written yet, and
    what each notice became, by its place in the batch."""

    transaction: Any
    results: list[Result | None]
    pending: _Pending = field(default_factory=_Pending)


async def _known_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KNOWN_CHUNK):
        rows = await WatchNotice.select(WatchNotice.key).where(
            WatchNotice.key.is_in(keys[start : start + KNOWN_CHUNK])
        )
        found.update(r["key"] for r in rows)
    return found


async def _profile() -> Profile:
    rows = await WatchProfile.select().output(load_json=True).limit(1)
    return Profile.of_row(rows[0] if rows else None)


async def _place(read: Read, ctx: _Context) -> Outcome | _Ready:
    """Where one notice goes. In a batch, a notice of a consultation not found is judged and
    left ``_Ready`` to be written with the others (a notice already taken in by this run is
    ``known``); any other is placed at once, one by one (``placing.place_one``)."""
    batch = ctx.batch
    if batch is None:
        return await place_one(read, ctx)
    if read.key in ctx.taken or read.key in batch.pending.keys:  # twice in one run
        return Outcome("known")
    if find_in((ctx.index, batch.pending.index), read).found:
        await _flush(batch, ctx)
        placed = await _placed(read, ctx, batch.transaction)
        if isinstance(placed, Exception):
            raise placed  # rolled back alone
        return placed
    fit = judge(read.draft, ctx.profile, ctx.now)
    if fit.reason is not None:
        return _Ready(read, reason=fit.reason)
    ready, _ = await imports.import_draft(SYSTEM, read.draft, read.cut, write=False)
    return _Ready(read, ready, fit.keywords)


def _count(intake: Intake, read: Read, outcome: Outcome) -> None:
    setattr(intake, outcome.what, getattr(intake, outcome.what) + 1)
    if outcome.what == "new" and outcome.tender_id is not None:
        intake.created.append(outcome.tender_id)
    elif outcome.what == "updated" and outcome.tender_id is not None:
        if outcome.tender_id not in intake.changed:
            intake.changed.append(outcome.tender_id)
    elif outcome.what == "outside":
        intake.outside_reasons.append(Refusal(read.number, outcome.reason))


def _failed(intake: Intake, read: Read, error: Exception) -> None:
    """A record whose writing failed: refused with why, or known when another run took it
    in at the same time (its unique key)."""
    if db.is_unique_violation(error):
        intake.known += 1
        return
    intake.unwritten += 1
    if isinstance(error, DomainError):
        intake.refused.append(Refusal(read.number, NOT_WRITTEN.format(detail=error.message)))
    else:
        log.exception("watch intake: notice %s not written", read.key, exc_info=error)
        intake.refused.append(Refusal(read.number, NOT_WRITTEN.format(detail="erreur interne")))


async def _take_one(read: Read, ctx: _Context, intake: Intake) -> None:
    try:
        async with db.transaction():
            outcome = await place_one(read, ctx)
    except Exception as error:
        _failed(intake, read, error)
        return
    _count(intake, read, outcome)


async def _placed(read: Read, ctx: _Context, transaction: Any) -> Result:
    """One notice placed one by one (``placing.place_one``) in a savepoint of its own."""
    mark = await transaction.savepoint()
    try:
        outcome = await place_one(read, ctx)
    except Exception as error:
        await mark.rollback_to()
        return error
    await mark.release()
    ctx.taken.add(read.key)
    await ctx.index.catch_up()
    if outcome.tender_id is not None:
        await ctx.index.reload(outcome.tender_id)  # a corrective notice may have moved it
    return outcome


async def _write(items: list[_Ready], ctx: _Context) -> list[Outcome]:
    """The pending notices written at once: their tenders, notices and WatchedTender rows."""
    made = [item for item in items if item.ready is not None]
    ids = await imports.import_drafts(SYSTEM, [item.ready for item in made if item.ready])
    tender_of = {id(item): tender_id for item, tender_id in zip(made, ids, strict=True)}
    notices = [
        WatchNotice(
            key=item.read.key,
            source=item.read.source,
            notice_id=item.read.number[:100],
            folder_id=item.read.folder_id,
            tender=tender_of.get(id(item)),
            kind=OUTSIDE
            if item.ready is None
            else ("rectificatif" if item.read.corrective else "initial"),
            url=item.read.url[:500],
            published_on=item.read.published_on,
            run=ctx.run_id,
            seen_at=ctx.now,
        )
        for item in items
    ]
    for start in range(0, len(notices), WRITE_CHUNK):
        await WatchNotice.insert(*notices[start : start + WRITE_CHUNK])
    watched = [
        WatchedTender(
            tender=tender_of[id(item)], found_at=ctx.now, keywords=item.keywords, changes=[]
        )
        for item in made
    ]
    for start in range(0, len(watched), WRITE_CHUNK):
        await WatchedTender.insert(*watched[start : start + WRITE_CHUNK])
    return [
        Outcome("new", tender_of[id(item)])
        if item.ready is not None
        else Outcome("outside", reason=item.reason)
        for item in items
    ]


async def _flush(batch: _Batch, ctx: _Context) -> None:
    """Write the pending notices at once; should that fail (another run wrote one of them
    meanwhile: a unique key), each is placed one by one, a clash counted known."""
    items = batch.pending.items
    if not items:
        return
    batch.pending.clear()
    mark = await batch.transaction.savepoint()
    try:
        outcomes = await _write([item for _, item in items], ctx)
    except Exception as error:
        await mark.rollback_to()
        log.info("watch intake: %d notices not written at once (%r)", len(items), error)
        for position, item in items:
            batch.results[position] = await _placed(item.read, ctx, batch.transaction)
        return
    await mark.release()
    for (position, item), outcome in zip(items, outcomes, strict=True):
        batch.results[position] = outcome
        ctx.taken.add(item.read.key)
    await ctx.index.catch_up()


async def _sort(reads: list[Read], ctx: _Context, batch: _Batch) -> None:
    for position, read in enumerate(reads):
        try:
            placed = await _place(read, ctx)
        except Exception as error:
            batch.results[position] = error
            continue
        if isinstance(placed, _Ready):
            batch.pending.add(position, placed)
        else:
            batch.results[position] = placed
    await _flush(batch, ctx)


async def _take_batch(reads: list[Read], ctx: _Context, intake: Intake) -> None:
    """Several records in one transaction: those of a new consultation written together, the
    others each within a savepoint of its own; a record that fails is rolled back alone.
    Should the batch itself fail, each record is taken again in a transaction of its own."""
    results: list[Result | None] = [None] * len(reads)
    try:
        async with db.transaction() as transaction:
            await ctx.index.cover(reads)
            ctx.batch = _Batch(transaction, results)
            await _sort(reads, ctx, ctx.batch)
    except Exception:
        log.exception("watch intake: a batch of %d notices failed, taken one by one", len(reads))
        ctx.batch = None
        ctx.index.reset()  # what it read may have been rolled back
        for read in reads:
            await _take_one(read, ctx, intake)
        return
    finally:
        ctx.batch = None
    done = [(r, o) for r, o in zip(reads, results, strict=True) if isinstance(o, Outcome)]
    for read, outcome in done:
        _count(intake, read, outcome)
    for read, problem in zip(reads, results, strict=True):
        if isinstance(problem, Exception):
            _failed(intake, read, problem)
    if any(outcome.what in {"new", "updated"} for _, outcome in done):
        await cache.bump("tenders")  # the lists read while the batch was written are stale


def _in_order(source: str, records: list[Any]) -> list[Any]:
    """Initial notices first, corrective ones after (each group in the order given)."""
    if source == "ted":
        corrective = [b"Changes>" in getattr(r, "xml", b"") for r in records]
    else:
        corrective = [reading.is_corrective_record(r) for r in records]
    return [r for r, c in zip(records, corrective, strict=True) if not c] + [
        r for r, c in zip(records, corrective, strict=True) if c
    ]


async def take_in(
    source: str, records: list[Any], run_id: int | None = None, now: datetime | None = None
) -> Intake:
    """Take in the records of ``source`` ("boamp": the records' dicts; "ted": ``TedNotice``)."""
    now = now or utcnow()
    intake = Intake()
    numbers = [reading.record_number(source, r) for r in records]
    known = await _known_keys([reading.key_of(source, n) for n in numbers if n])
    ctx = _Context(await _profile(), now, run_id)
    batch: list[Read] = []
    for record in _in_order(source, records):
        number = reading.record_number(source, record)
        if number and reading.key_of(source, number) in known:
            intake.known += 1
            continue
        read = reading.read_record(source, record, now)
        if isinstance(read, Refusal):
            intake.refused.append(read)
            continue
        batch.append(read)
        if len(batch) == BATCH:
            await _take_batch(batch, ctx, intake)
            batch = []
    if batch:
        await _take_batch(batch, ctx, intake)
    if intake.changed:
        await planner.plan(now)
    return intake
