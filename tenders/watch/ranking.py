"""Each tender the watch brings ranked with the existing matching, kept on ``WatchedTender``.

The tenders of a run are ranked together: their lots are read in a few queries, and the
structures that could fit any of them are loaded once for all. A collective of up to
``WHOLE_COLLECTIVE`` structures is judged whole, by the codes and the words of each lot
(a notice with broad codes or none still finds the structure its words fit); a larger one by
the structures sharing at least a CPV division with a lot and those whose words are closest
to the lot's (``tenders.members.meaning_index``). Each lot is judged by
``rank_lot`` as on the tender's matching page; only the papers are weighed at each tender's
own deadline."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import reduce
from typing import Any

from tenders import db, matching
from tenders.clock import utcnow
from tenders.consortia.matching import candidate_files, paper_problems
from tenders.formatting import to_paris
from tenders.matching.meaning import WHOLE_COLLECTIVE, listed_above, with_meaning
from tenders.matching.scoring import sort_name
from tenders.members.meaning_index import organisations_near
from tenders.members.tables import CapabilityCpv, Organisation
from tenders.money import to_money
from tenders.procurement.tables import Lot, Tender
from tenders.watch.tables import WatchedTender

CHUNK = 500
MATCHES_KEPT = 5  # structures kept on a watched tender, best first
REASONS_KEPT = 5  # French lines kept per structure (the best lot's)
WORDS_PER_LOT = 60  # in a large collective, structures judged on a lot for their words alone


@dataclass
class _Pool:
    """The structures that could fit the tenders ranked, loaded once."""

    base: dict[int, matching.Candidate] = field(default_factory=dict)  # papers not weighed
    papers: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_division: dict[str, set[int]] = field(default_factory=dict)
    # The structures whose words are closest to each lot's, by (tender, lot key).
    by_words: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    # The whole collective, every lot judged against every structure (by its words too).
    whole: bool = False
    _at: dict[tuple[int, date], matching.Candidate] = field(default_factory=dict)

    def candidate(self, organisation_id: int, deadline: date) -> matching.Candidate:
        """The structure with its papers weighed at ``deadline`` (remembered per day)."""
        key = (organisation_id, deadline)
        found = self._at.get(key)
        if found is None:
            held = self.papers.get(organisation_id, {})
            problems = tuple(paper_problems(held, deadline))
            found = replace(self.base[organisation_id], certificate_problems=problems)
            self._at[key] = found
        return found

    def for_lot(
        self, tender_id: int, lot: matching.LotSpec, deadline: date
    ) -> list[matching.Candidate]:
        if self.whole:
            return [self.candidate(org, deadline) for org in sorted(self.base)]
        ids = set(self.by_words.get((tender_id, lot.key), ()))
        for code in lot.cpv_codes:
            ids |= self.by_division.get(code[:2], set())
        return [self.candidate(org, deadline) for org in sorted(ids) if org in self.base]


@dataclass(frozen=True)
class _Ranked:
    lots: tuple[matching.LotSpec, ...]
    deadline: date


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


async def _watched(tender_ids: list[int]) -> list[int]:
    """The ids among ``tender_ids`` the watch brought (the others are not ranked here)."""
    found: list[int] = []
    for chunk in _chunks(sorted(set(tender_ids))):
        rows = await WatchedTender.select(WatchedTender.tender).where(
            WatchedTender.tender.is_in(chunk)
        )
        found += [int(r["tender"]) for r in rows]
    return found


def _lot_spec(lot: dict[str, Any], tender: dict[str, Any]) -> matching.LotSpec:
    """As ``tenders.consortia.matching.tender_spec`` reads a lot: the tender's places and
    reservation when the lot has none of its own."""
    return matching.LotSpec(
        key=lot["key"],
        title=lot["title"],
        cpv_codes=tuple(lot["cpv_codes"] or ()),
        departements=tuple(lot["departements"] or tender["departements"] or ()),
        estimated_value=to_money(lot["estimated_value"]),
        currency=lot["currency"] or "EUR",
        reserved=lot["reserved"] if lot["reserved"] != "none" else tender["reserved"],
        description=lot["description"] or "",
    )


async def _tenders(ids: list[int], now: datetime) -> dict[int, _Ranked]:
    """Each tender's lots as matching reads them, and the day its papers must hold until."""
    ranked: dict[int, _Ranked] = {}
    for chunk in _chunks(ids):
        tenders = await (
            Tender.select(Tender.id, Tender.departements, Tender.reserved, Tender.offers_deadline)
            .where(Tender.id.is_in(chunk))
            .output(load_json=True)
        )
        lots = await (
            Lot.select(
                Lot.tender,
                Lot.key,
                Lot.title,
                Lot.description,
                Lot.cpv_codes,
                Lot.departements,
                Lot.estimated_value,
                Lot.currency,
                Lot.reserved,
            )
            .where(Lot.tender.is_in(chunk))
            .order_by(Lot.tender)
            .order_by(Lot.position)
            .output(load_json=True)
        )
        by_id = {t["id"]: t for t in tenders}
        lots_of: dict[int, list[matching.LotSpec]] = {t: [] for t in by_id}
        for lot in lots:
            lots_of[lot["tender"]].append(_lot_spec(lot, by_id[lot["tender"]]))
        for tender_id, tender in by_id.items():
            deadline = tender["offers_deadline"]
            day = to_paris(deadline).date() if deadline else to_paris(now).date()
            ranked[tender_id] = _Ranked(tuple(lots_of[tender_id]), day)
    return ranked


async def _pool(tenders: dict[int, _Ranked]) -> _Pool:
    """The structures that could fit a lot of ``tenders``, and their papers: the whole
    collective when it is small enough to be judged whole (``WHOLE_COLLECTIVE``); otherwise
    those with a capability in a CPV division of a lot, and those whose words are closest to a
    lot's, so that a notice whose words fit a structure finds it even when its codes are broad
    or missing."""
    pool = _Pool()
    everyone = await Organisation.select(Organisation.id).limit(WHOLE_COLLECTIVE + 1)
    if len(everyone) <= WHOLE_COLLECTIVE:
        pool.whole = True
        if everyone:
            candidates, pool.papers = await candidate_files([int(r["id"]) for r in everyone])
            pool.base = {candidate.organisation_id: candidate for candidate in candidates}
        return pool
    read = [
        ((tender_id, lot.key), (lot.meaning.vector, listed_above(lot)))
        for tender_id, tender in tenders.items()
        for lot in tender.lots
        if lot.meaning is not None
    ]
    near = await organisations_near([words for _, words in read], WORDS_PER_LOT)
    pool.by_words = {key: found for (key, _), found in zip(read, near, strict=True)}
    divisions = {code[:2] for t in tenders.values() for lot in t.lots for code in lot.cpv_codes}
    if divisions:
        wanted = reduce(operator.or_, (CapabilityCpv.code.like(f"{d}%") for d in sorted(divisions)))
        rows = await CapabilityCpv.select(CapabilityCpv.organisation, CapabilityCpv.code).where(
            wanted
        )
        for row in rows:
            pool.by_division.setdefault(row["code"][:2], set()).add(int(row["organisation"]))
    ids = sorted(set().union(*pool.by_division.values(), *pool.by_words.values()))
    if not ids:
        return pool
    candidates, pool.papers = await candidate_files(ids)
    pool.base = {candidate.organisation_id: candidate for candidate in candidates}
    return pool


async def _read(tenders: dict[int, _Ranked]) -> dict[int, _Ranked]:
    """Each lot's words read by the language model (in a thread), as on the matching page."""
    lots = [lot for tender in tenders.values() for lot in tender.lots]
    read = iter(await with_meaning(lots))
    return {
        tender_id: replace(tender, lots=tuple(next(read) for _ in tender.lots))
        for tender_id, tender in tenders.items()
    }


def summarise(rankings: dict[str, list[matching.LotMatch]]) -> tuple[int, list[dict[str, Any]]]:
    """The best eligible structure's best lot score (0: no structure fits) and the structures
    that fit, best first: their best score, that lot's reasons, and every lot they fit."""
    best: dict[int, dict[str, Any]] = {}
    for key, matches in rankings.items():
        for match in matches:
            if not match.eligible:
                continue
            entry = best.get(match.organisation_id)
            if entry is None:
                entry = best[match.organisation_id] = {
                    "organisation_id": match.organisation_id,
                    "name": match.name,
                    "score": -1,
                    "reasons": [],
                    "lots": [],
                }
            if match.score > entry["score"]:
                entry["score"] = match.score
                entry["reasons"] = list(match.reasons[:REASONS_KEPT])
            entry["lots"].append(key)
    ordered = sorted(
        best.values(), key=lambda e: (-e["score"], sort_name(e["name"]), e["organisation_id"])
    )[:MATCHES_KEPT]
    return (ordered[0]["score"] if ordered else 0), ordered


async def rank_tenders(tender_ids: list[int], now: datetime | None = None) -> None:
    """Rank the tenders among ``tender_ids`` that the watch brought (the others are left) and
    keep on each its score, its best structures with their reasons, and when."""
    now = now or utcnow()
    ids = await _watched(tender_ids)
    if not ids:
        return
    tenders = await _tenders(ids, now)
    tenders = await _read(tenders)
    pool = await _pool(tenders)
    results: dict[int, tuple[int, list[dict[str, Any]]]] = {}
    for tender_id, tender in tenders.items():
        rankings = {
            lot.key: matching.rank_lot(lot, pool.for_lot(tender_id, lot, tender.deadline))
            for lot in tender.lots
        }
        results[tender_id] = summarise(rankings)
    async with db.transaction():
        for tender_id, (score, matches) in results.items():
            await WatchedTender.update(
                {
                    WatchedTender.score: score,
                    WatchedTender.matches: matches,
                    WatchedTender.ranked_at: now,
                }
            ).where(WatchedTender.tender == tender_id)
