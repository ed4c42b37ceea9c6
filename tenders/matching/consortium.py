"""Proposing a consortium (groupement) for a tender from the rankings of its lots.

A lot can be carried by an organisation that is eligible to it, scores at least the threshold
and is not kept out by the buyer's rules (``TenderSpec.unavailable``). The proposal:

1. takes the fewest organisations that carry every lot someone can carry. The search is
   exact over a pool made of, for each lot, the 6 best organisations and the 6 that can carry
   the most lots of the tender (a generalist ranked 9th on every lot can save a member). It
   grows the size one by one and, for a size, explores covers branch by branch from the lot
   with the fewest options, pruned by the members still needed and by the best score still
   reachable; an organisation that does no better than another on fewer lots is left out;
2. among covers of that size, prefers one with a member that may lead (R2142-23: an
   organisation leads at most one consortium per tender, ``excluded_leads``), then the highest
   sum of the scores of the lots as assigned; further ties go to the first cover found in a
   fixed order, so the same data always gives the same proposal;
3. gives each lot to the member of the cover with the best score on it;
4. proposes as lead (mandataire) the member that may lead and carries the most lots, then has
   the largest capacity per contract, then the highest score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from tenders.matching import wording
from tenders.matching.model import (
    LotMatch,
    LotSpec,
    Proposal,
    ProposedMember,
    TenderSpec,
    UncoveredLot,
)
from tenders.matching.scoring import order_key, sort_name

POOL_PER_LOT = 6


@dataclass(slots=True)
class _Member:
    organisation_id: int
    name: str
    cover: int  # bit i: may carry the i-th coverable lot
    scores: list[int]  # by coverable lot, 0 where it may not carry it
    can_lead: bool
    capacity: Decimal | None
    order: tuple[int, int, str, int]  # most lots, best total, name, id


@dataclass(slots=True)
class _Cover:
    total: int
    chosen: tuple[int, ...]  # indexes in the pool


def _uncovered_reason(
    lot: LotSpec,
    ranking: Sequence[LotMatch],
    threshold: int,
    unavailable: frozenset[int],
) -> str:
    codes = [code for code in lot.cpv_codes if len(code) == 8 and code.isdigit()]
    if not codes:
        return wording.NO_CPV_CODE
    if not ranking:
        return wording.nobody_covers(codes[0])
    eligible = [match for match in ranking if match.eligible]
    if not eligible:
        return wording.only_ineligible_cover([match.name for match in ranking])
    strong = [match for match in eligible if match.score >= threshold]
    if not strong:
        return wording.below_threshold(threshold, eligible[0].name, eligible[0].score)
    return wording.kept_out_by_the_buyer(
        [match.name for match in strong if match.organisation_id in unavailable]
    )


def _prune_dominated(members: list[_Member]) -> list[_Member]:
    """Leave out a member another one replaces without loss: same lots or more, scores as good
    or better, able to lead if it is. Among equals the first in order stays."""
    kept: list[_Member] = []
    for member in members:
        dominated = False
        for other in members:
            if other is member or member.cover & ~other.cover:
                continue
            if member.can_lead and not other.can_lead:
                continue
            if any(mine > theirs for mine, theirs in zip(member.scores, other.scores, strict=True)):
                continue
            equal = (
                member.cover == other.cover
                and member.scores == other.scores
                and member.can_lead == other.can_lead
            )
            if not equal or other.order < member.order:
                dominated = True
                break
        if not dominated:
            kept.append(member)
    return kept


class _Search:
    """Exact search for the fewest members covering every lot, then the best total score."""

    def __init__(self, members: list[_Member], lot_count: int) -> None:
        self.members = members
        self.full = (1 << lot_count) - 1
        self.lot_count = lot_count
        # For each lot, the members that may carry it, the best first.
        self.options: list[list[int]] = []
        for lot in range(lot_count):
            able = [index for index, member in enumerate(members) if member.cover >> lot & 1]
            able.sort(key=lambda index: (-members[index].scores[lot], members[index].order))
            self.options.append(able)
        self.size = 0
        self.need_lead = False
        self.best: _Cover | None = None

    def run(self, size: int, need_lead: bool) -> _Cover | None:
        self.size = size
        self.need_lead = need_lead
        self.best = None
        self._explore((), 0, [0] * self.lot_count, 0)
        return self.best

    def _explore(
        self, chosen: tuple[int, ...], covered: int, current: list[int], banned: int
    ) -> None:
        members = self.members
        if covered == self.full:
            if self.need_lead and len(chosen) > 1 and not any(members[i].can_lead for i in chosen):
                return
            total = sum(current)
            if self.best is None or total > self.best.total:
                self.best = _Cover(total, chosen)
            return
        room = self.size - len(chosen)
        if room == 0:
            return
        uncovered = self.full & ~covered
        allowed = [index for index in range(len(members)) if not banned >> index & 1]
        # Branch on the lot with the fewest members left to carry it: one of them must join.
        branch_lot = -1
        branch_options: list[int] = []
        for lot in range(self.lot_count):
            if not uncovered >> lot & 1:
                continue
            options = [index for index in self.options[lot] if not banned >> index & 1]
            if not options:
                return
            if branch_lot < 0 or len(options) < len(branch_options):
                branch_lot, branch_options = lot, options
        widest = max((members[index].cover & uncovered).bit_count() for index in allowed)
        if -(-uncovered.bit_count() // widest) > room:
            return
        if self.best is not None:
            gains = sorted(
                (
                    sum(
                        max(0, score - now)
                        for score, now in zip(members[index].scores, current, strict=True)
                    )
                    for index in allowed
                ),
                reverse=True,
            )
            # Adding members adds at most the sum of what each would add alone.
            if sum(current) + sum(gains[:room]) <= self.best.total:
                return
        for index in branch_options:
            member = members[index]
            banned |= 1 << index
            self._explore(
                (*chosen, index),
                covered | member.cover,
                [max(now, score) for now, score in zip(current, member.scores, strict=True)],
                banned,
            )


@dataclass(slots=True)
class _Lots:
    """The tender's lots sorted out: those someone can carry, with who, and the others."""

    coverable: list[LotSpec]
    qualified: list[list[LotMatch]]  # by coverable lot: who may carry it, best first
    uncovered: list[UncoveredLot]
    set_aside: dict[int, str]  # relevant organisations the buyer's rules keep out


def _sort_lots(tender: TenderSpec, rankings: Mapping[str, list[LotMatch]], threshold: int) -> _Lots:
    unavailable = tender.unavailable
    lots = _Lots(coverable=[], qualified=[], uncovered=[], set_aside={})
    for lot in tender.lots:
        ranking = sorted(rankings.get(lot.key, ()), key=order_key)
        seen: set[int] = set()
        able: list[LotMatch] = []
        for match in ranking:
            if match.organisation_id in seen:
                continue
            seen.add(match.organisation_id)
            if match.eligible and match.score >= threshold:
                if match.organisation_id in unavailable:
                    lots.set_aside.setdefault(match.organisation_id, match.name)
                else:
                    able.append(match)
        if able:
            lots.coverable.append(lot)
            lots.qualified.append(able)
        else:
            reason = _uncovered_reason(lot, ranking, threshold, unavailable)
            lots.uncovered.append(UncoveredLot(key=lot.key, title=lot.title, reason=reason))
    return lots


def _smallest_cover(tender: TenderSpec, qualified: list[list[LotMatch]]) -> list[_Member]:
    """The fewest members carrying every coverable lot, with one that may lead if it can be."""
    search = _Search(_prune_dominated(_pool(tender, qualified)), len(qualified))
    cover: _Cover | None = None
    for size in range(1, len(qualified) + 1):
        cover = search.run(size, need_lead=False)
        if cover is not None:
            if len(cover.chosen) > 1 and not any(search.members[i].can_lead for i in cover.chosen):
                cover = search.run(size, need_lead=True) or cover
            break
    # One member per lot always covers every coverable lot.
    assert cover is not None
    return [search.members[index] for index in cover.chosen]


def _carried(chosen: list[_Member], lot_count: int) -> dict[int, list[int]]:
    """Each lot to the member with the best score on it: the lots' indexes by organisation."""
    carried: dict[int, list[int]] = {member.organisation_id: [] for member in chosen}
    for lot_index in range(lot_count):
        best = min(
            (member for member in chosen if member.cover >> lot_index & 1),
            key=lambda member: (-member.scores[lot_index], member.order),
        )
        carried[best.organisation_id].append(lot_index)
    return carried


def _leaders(chosen: list[_Member], carried: dict[int, list[int]]) -> list[_Member]:
    """Who may lead, the one to propose first."""

    def lead_order(member: _Member) -> tuple[int, Decimal, int, tuple[int, int, str, int]]:
        lots_carried = carried[member.organisation_id]
        capacity = member.capacity if member.capacity is not None else Decimal(-1)
        total = sum(member.scores[index] for index in lots_carried)
        return (-len(lots_carried), -capacity, -total, member.order)

    if len(chosen) == 1:
        return chosen
    return sorted((member for member in chosen if member.can_lead), key=lead_order)


def _proposed(
    chosen: list[_Member],
    lead: _Member | None,
    carried: dict[int, list[int]],
    coverable: list[LotSpec],
) -> list[ProposedMember]:
    proposed: list[ProposedMember] = []
    for member in sorted(
        chosen,
        key=lambda member: (member is not lead, carried[member.organisation_id][0], member.order),
    ):
        lot_indexes = carried[member.organisation_id]
        lot_scores = {coverable[index].key: member.scores[index] for index in lot_indexes}
        total = sum(lot_scores.values())
        proposed.append(
            ProposedMember(
                organisation_id=member.organisation_id,
                name=member.name,
                lots=list(lot_scores),
                role="mandataire" if member is lead else "co-traitant",
                score=(2 * total + len(lot_indexes)) // (2 * len(lot_indexes)),
                lot_scores=lot_scores,
            )
        )
    return proposed


def propose(
    tender: TenderSpec, rankings: Mapping[str, list[LotMatch]], threshold: int = 50
) -> Proposal:
    """The consortium to propose for ``tender``, from ``rank_lot``'s ranking of each lot by key."""
    lots = _sort_lots(tender, rankings, threshold)
    if not lots.coverable:
        explanation = [wording.NO_LOT_COVERED, *_set_aside(lots.set_aside)]
        return Proposal(members=[], lead_id=None, uncovered=lots.uncovered, explanation=explanation)
    chosen = _smallest_cover(tender, lots.qualified)
    carried = _carried(chosen, len(lots.coverable))
    leaders = _leaders(chosen, carried)
    lead = leaders[0] if leaders else None
    covered = wording.lots_words(len(lots.coverable), len(tender.lots))
    if len(chosen) == 1:
        explanation = [wording.ONE_CAN_ANSWER_ALONE, wording.covers_alone(chosen[0].name, covered)]
    else:
        explanation = [wording.members_suffice(len(chosen), covered)]
        if lead is not None:
            explanation.append(_lead_sentence(lead, leaders, carried, len(lots.coverable)))
        else:
            explanation.append(wording.NOBODY_MAY_LEAD)
        barred = [member.name for member in chosen if not member.can_lead]
        if barred and lead is not None:
            explanation.append(wording.cannot_lead(barred))
    if lots.uncovered:
        explanation.append(wording.lots_left_uncovered([lot.title for lot in lots.uncovered]))
    explanation.extend(_set_aside(lots.set_aside))
    return Proposal(
        members=_proposed(chosen, lead, carried, lots.coverable),
        lead_id=lead.organisation_id if lead is not None else None,
        uncovered=lots.uncovered,
        explanation=explanation,
    )


def _pool(tender: TenderSpec, qualified: list[list[LotMatch]]) -> list[_Member]:
    """The organisations the search considers, with what each may carry."""
    lots_able: dict[int, int] = {}
    for able in qualified:
        for match in able:
            lots_able[match.organisation_id] = lots_able.get(match.organisation_id, 0) + 1
    picked: dict[int, None] = {}
    for able in qualified:
        for match in able[:POOL_PER_LOT]:
            picked[match.organisation_id] = None
        widest = sorted(
            able, key=lambda match: (-lots_able[match.organisation_id], order_key(match))
        )
        for match in widest[:POOL_PER_LOT]:
            picked[match.organisation_id] = None
    members: dict[int, _Member] = {}
    for lot_index, able in enumerate(qualified):
        for match in able:
            if match.organisation_id not in picked:
                continue
            member = members.get(match.organisation_id)
            if member is None:
                member = _Member(
                    organisation_id=match.organisation_id,
                    name=match.name,
                    cover=0,
                    scores=[0] * len(qualified),
                    can_lead=match.organisation_id not in tender.excluded_leads,
                    capacity=None,
                    order=(0, 0, "", 0),
                )
                members[match.organisation_id] = member
            member.cover |= 1 << lot_index
            member.scores[lot_index] = match.score
            value = match.max_contract_value
            if value is not None and (member.capacity is None or value > member.capacity):
                member.capacity = value
    for member in members.values():
        member.order = (
            -member.cover.bit_count(),
            -sum(member.scores),
            sort_name(member.name),
            member.organisation_id,
        )
    return sorted(members.values(), key=lambda member: member.order)


def _lead_sentence(
    lead: _Member, leaders: list[_Member], carried: dict[int, list[int]], lot_count: int
) -> str:
    count = len(carried[lead.organisation_id])
    runner_up = leaders[1] if len(leaders) > 1 else None
    if runner_up is None or len(carried[runner_up.organisation_id]) < count:
        return wording.lead_proposed(lead.name, count, lot_count)
    if lead.capacity is not None and (
        runner_up.capacity is None or lead.capacity > runner_up.capacity
    ):
        return wording.lead_proposed(lead.name, count, lot_count, "capacity", lead.capacity)
    if lead.capacity != runner_up.capacity:
        return wording.lead_proposed(lead.name, count, lot_count)
    lead_total = sum(lead.scores[index] for index in carried[lead.organisation_id])
    runner_up_total = sum(runner_up.scores[index] for index in carried[runner_up.organisation_id])
    if lead_total > runner_up_total:
        return wording.lead_proposed(lead.name, count, lot_count, "score")
    return wording.lead_proposed(lead.name, count, lot_count)


def _set_aside(set_aside: dict[int, str]) -> list[str]:
    if not set_aside:
        return []
    return [wording.set_aside(sorted(set_aside.values(), key=sort_name))]
