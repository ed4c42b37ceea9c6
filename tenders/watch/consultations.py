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

``find`` asks the database, a notice at a time. ``Index`` holds what the rule reads for many
notices at once (a few queries for a batch, then only the rows added since), and
``find_in`` follows the same rule over it and over the notices not written yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
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


@lru_cache(maxsize=8192)
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


# --- the same rule over an index ------------------------------------------------------------

CHUNK = 500
_TENDER = (
    Tender.id,
    Tender.source_key,
    Tender.buyer_siret,
    Tender.reference,
    Tender.title,
    Tender.buyer_name,
    Tender.offers_deadline,
)
_NOTICE = (WatchNotice.id, WatchNotice.key, WatchNotice.folder_id, WatchNotice.tender)


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(PARIS).date() if moment is not None else None


@dataclass(frozen=True)
class _Row:
    """What the rule reads of a tender."""

    source_key: str | None
    siret_reference: tuple[str, str] | None
    day: date | None
    title: str  # plain (``_plain``)
    buyer: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> _Row:
        siret, reference = row["buyer_siret"], row["reference"]
        return cls(
            row["source_key"],
            (siret, reference) if siret and reference else None,
            _day(row["offers_deadline"]),
            _plain(row["title"]),
            _plain(row["buyer_name"]),
        )


@dataclass
class Index:
    """Tenders and notices (but those outside the profile) the rule reads, by what it reads
    them by; each map keeps the order rows came in. Rows not yet written are given negative
    ids (``pending``)."""

    tenders: dict[int, _Row] = field(default_factory=dict)
    by_source_key: dict[str, int] = field(default_factory=dict)
    by_siret: dict[tuple[str, str], dict[int, None]] = field(default_factory=dict)
    by_day: dict[date, dict[int, None]] = field(default_factory=dict)
    by_folder: dict[str, dict[int, int | None]] = field(default_factory=dict)  # notice: tender
    by_key: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    # What is loaded: the rows added later are read by ``catch_up``.
    last_tender: int | None = None
    last_notice: int | None = None
    covered: set[Any] = field(default_factory=set)

    def add_tender(self, tender_id: int, row: _Row) -> None:
        self.forget(tender_id)
        self.tenders[tender_id] = row
        if row.source_key:
            self.by_source_key[row.source_key] = tender_id
        if row.siret_reference:
            self.by_siret.setdefault(row.siret_reference, {})[tender_id] = None
        if row.day is not None:
            self.by_day.setdefault(row.day, {})[tender_id] = None

    def add_values(self, tender_id: int, values: dict[str, Any]) -> None:
        """A tender by its columns' values (``source_key`` among them)."""
        self.add_tender(tender_id, _Row.of(values))

    def reset(self) -> None:
        """Forget everything (after a rollback: ids may be given again)."""
        fresh = Index()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

    def forget(self, tender_id: int) -> None:
        row = self.tenders.pop(tender_id, None)
        if row is None:
            return
        if row.source_key and self.by_source_key.get(row.source_key) == tender_id:
            del self.by_source_key[row.source_key]
        if row.siret_reference:
            self.by_siret.get(row.siret_reference, {}).pop(tender_id, None)
        if row.day is not None:
            self.by_day.get(row.day, {}).pop(tender_id, None)

    def add_notice(self, notice_id: int, key: str, folder: str | None, tender: int | None) -> None:
        self.by_key[key] = (notice_id, tender)
        if folder:
            self.by_folder.setdefault(folder, {})[notice_id] = tender

    def _tender_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.add_tender(int(row["id"]), _Row.of(row))
            self.last_tender = max(self.last_tender or 0, int(row["id"]))

    def _notice_rows(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.add_notice(int(row["id"]), row["key"], row["folder_id"], row["tender"])
            self.last_notice = max(self.last_notice or 0, int(row["id"]))

    async def catch_up(self) -> None:
        """The rows written since the index was loaded (by this run or another)."""
        if self.last_tender is None or self.last_notice is None:
            last = await Tender.select(Tender.id).order_by(Tender.id, ascending=False).first()
            self.last_tender = int(last["id"]) if last else 0
            seen = (
                await WatchNotice.select(WatchNotice.id)
                .order_by(WatchNotice.id, ascending=False)
                .first()
            )
            self.last_notice = int(seen["id"]) if seen else 0
            return
        self._tender_rows(await Tender.select(*_TENDER).where(Tender.id > self.last_tender))
        self._notice_rows(
            await WatchNotice.select(*_NOTICE).where(
                (WatchNotice.id > self.last_notice) & (WatchNotice.kind != OUTSIDE)
            )
        )

    async def reload(self, tender_id: int) -> None:
        """A tender as it is now (a corrective notice may have moved it)."""
        rows = await Tender.select(*_TENDER).where(Tender.id == tender_id)
        self.forget(tender_id)
        self._tender_rows(rows)

    async def cover(self, reads: list[Read]) -> None:
        """Load what the rule reads for ``reads`` that is not loaded yet."""
        await self.catch_up()
        folders = self._new({("folder", r.folder_id) for r in reads if r.folder_id})
        linked = self._new({("key", k) for r in reads for k in r.linked})
        keys = self._new({("source", k) for r in reads for k in _source_keys(r)})
        sirets = self._new({("siret", r.draft.buyer_siret) for r in reads if r.draft.buyer_siret})
        for chunk in _chunks(folders):
            where = WatchNotice.folder_id.is_in(chunk) & (WatchNotice.kind != OUTSIDE)
            self._notice_rows(await WatchNotice.select(*_NOTICE).where(where))
        for chunk in _chunks(linked):
            where = WatchNotice.key.is_in(chunk) & (WatchNotice.kind != OUTSIDE)
            self._notice_rows(await WatchNotice.select(*_NOTICE).where(where))
        for chunk in _chunks(keys):
            self._tender_rows(await Tender.select(*_TENDER).where(Tender.source_key.is_in(chunk)))
        for chunk in _chunks(sirets):
            self._tender_rows(await Tender.select(*_TENDER).where(Tender.buyer_siret.is_in(chunk)))
        days = sorted(self._new({("day", d) for r in reads if (d := _day_of(r)) is not None}))
        if days:
            start = datetime.combine(days[0], time(0, 0), tzinfo=PARIS)
            end = datetime.combine(days[-1] + timedelta(days=1), time(0, 0), tzinfo=PARIS)
            self._tender_rows(
                await Tender.select(*_TENDER).where(
                    (Tender.offers_deadline >= start) & (Tender.offers_deadline < end)
                )
            )
            self.covered |= {
                ("day", days[0] + timedelta(days=n)) for n in range((days[-1] - days[0]).days)
            }

    def _new(self, wanted: set[Any]) -> list[Any]:
        fresh = sorted(wanted - self.covered, key=str)
        self.covered |= set(fresh)
        return [value for _, value in fresh]


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _source_keys(read: Read) -> list[str]:
    draft = read.draft
    found = [f"{draft.source}:{draft.source_id}"[:200]]
    return [f"eforms:{read.folder_id}"[:200], *found] if read.folder_id else found


def _day_of(read: Read) -> date | None:
    """The day the last resort compares, when it is tried at all."""
    draft = read.draft
    if not _plain(draft.title) or not _plain(draft.buyer_name):
        return None
    return _day(draft.offers_deadline)


def _by_noticed(tenders: list[int | None]) -> Match | None:
    found = [t for t in tenders if t is not None]
    if found:
        return Match(found[0])
    return Match(gone=True) if tenders else None


def _first(indexes: tuple[Index, ...], pick: Any) -> int | None:
    for index in indexes:
        for tender_id in pick(index):
            if tender_id in index.tenders:
                return int(tender_id)
    return None


def _buyer_in(indexes: tuple[Index, ...], read: Read) -> Match:
    draft = read.draft
    if draft.buyer_siret and draft.reference:
        pair = (draft.buyer_siret, draft.reference)
        found = _first(indexes, lambda index: index.by_siret.get(pair, {}))
        if found is not None:
            return Match(found)
    day = _day_of(read)
    if day is None:
        return NONE
    title, buyer = _plain(draft.title), _plain(draft.buyer_name)

    def same(index: Index) -> list[int]:
        rows = index.by_day.get(day, {})
        return [
            t for t in rows if index.tenders[t].title == title and index.tenders[t].buyer == buyer
        ]

    found = _first(indexes, same)
    return Match(found) if found is not None else NONE


def find_in(indexes: tuple[Index, ...], read: Read) -> Match:
    """``find`` over ``indexes`` (the rows written, then those about to be): the index must
    ``cover`` ``read``. A negative id is a tender not written yet."""
    if read.folder_id:
        folder = read.folder_id
        noticed = _by_noticed(
            [t for index in indexes for t in index.by_folder.get(folder, {}).values()]
        )
        match = noticed or NONE
        if match.tender_id is None:
            key = f"eforms:{folder}"[:200]
            imported = _first(indexes, lambda index: [index.by_source_key.get(key)])
            match = Match(imported) if imported is not None else match
        if match.found:
            return match
    if read.linked:
        tenders = [
            index.by_key[key][1] for index in indexes for key in read.linked if key in index.by_key
        ]
        match = _by_noticed(tenders) or NONE
        if match.found:
            return match
    key = f"{read.draft.source}:{read.draft.source_id}"[:200]
    imported = _first(indexes, lambda index: [index.by_source_key.get(key)])
    if imported is not None:
        return Match(imported)
    return _buyer_in(indexes, read)
