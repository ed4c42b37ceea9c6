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


def _lots_words(count: int, total: int) -> str:
    """« le lot », « les 3 lots », « 2 lots sur 3 »."""
    if count == total:
        return "le lot" if total == 1 else f"les {total} lots"
    return f"{wording.plural(count, 'lot', 'lots')} sur {total}"


def _quoted(titles: list[str]) -> str:
    return wording.join([f"« {title} »" for title in titles])


def _names(names: list[str]) -> str:
    """« A, B et C », or « A, B, C et 4 autres » for a longer list."""
    if len(names) <= 4:
        return wording.join(names)
    others = len(names) - 3
    return f"{', '.join(names[:3])} et {wording.plural(others, 'autre', 'autres')}"


def _uncovered_reason(
    lot: LotSpec,
    ranking: Sequence[LotMatch],
    threshold: int,
    unavailable: frozenset[int],
) -> str:
    codes = [code for code in lot.cpv_codes if len(code) == 8 and code.isdigit()]
    if not codes:
        return "Aucun code CPV n'est indiqué pour ce lot : impossible d'y chercher une structure"
    if not ranking:
        return (
            "Aucune structure du collectif ne couvre ce lot "
            f"(CPV {wording.code_with_label(codes[0])})"
        )
    eligible = [match for match in ranking if match.eligible]
    if not eligible:
        return (
            "Seules des structures non éligibles au lot réservé le couvrent : "
            f"{_names([match.name for match in ranking])}"
        )
    strong = [match for match in eligible if match.score >= threshold]
    if not strong:
        best = eligible[0]
        return (
            f"Aucune structure n'atteint le seuil de pertinence ({threshold}/100) : "
            f"la mieux placée, {best.name}, obtient {best.score}/100"
        )
    names = [match.name for match in strong if match.organisation_id in unavailable]
    return (
        "Les structures qui couvrent ce lot ne sont pas disponibles (règles de l'acheteur) : "
        f"{_names(names)}"
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


def propose(
    tender: TenderSpec, rankings: Mapping[str, list[LotMatch]], threshold: int = 50
) -> Proposal:
    """The consortium to propose for ``tender``, from ``rank_lot``'s ranking of each lot by key."""
    unavailable = tender.unavailable
    lots = list(tender.lots)
    coverable: list[LotSpec] = []
    qualified: list[list[LotMatch]] = []
    uncovered: list[UncoveredLot] = []
    set_aside: dict[int, str] = {}  # relevant organisations the buyer's rules keep out
    for lot in lots:
        ranking = sorted(rankings.get(lot.key, ()), key=order_key)
        seen: set[int] = set()
        able: list[LotMatch] = []
        for match in ranking:
            if match.organisation_id in seen:
                continue
            seen.add(match.organisation_id)
            if match.eligible and match.score >= threshold:
                if match.organisation_id in unavailable:
                    set_aside.setdefault(match.organisation_id, match.name)
                else:
                    able.append(match)
        if able:
            coverable.append(lot)
            qualified.append(able)
        else:
            reason = _uncovered_reason(lot, ranking, threshold, unavailable)
            uncovered.append(UncoveredLot(key=lot.key, title=lot.title, reason=reason))

    explanation: list[str] = []
    if not coverable:
        explanation.append("Aucun lot ne peut être couvert par les structures du collectif.")
        _explain_set_aside(set_aside, explanation)
        return Proposal(members=[], lead_id=None, uncovered=uncovered, explanation=explanation)

    members = _pool(tender, qualified)
    search = _Search(_prune_dominated(members), len(coverable))
    cover: _Cover | None = None
    for size in range(1, len(coverable) + 1):
        cover = search.run(size, need_lead=False)
        if cover is not None:
            if len(cover.chosen) > 1 and not any(search.members[i].can_lead for i in cover.chosen):
                cover = search.run(size, need_lead=True) or cover
            break
    # One member per lot always covers every coverable lot.
    assert cover is not None
    chosen = [search.members[index] for index in cover.chosen]

    carried: dict[int, list[int]] = {member.organisation_id: [] for member in chosen}
    for lot_index in range(len(coverable)):
        best = min(
            (member for member in chosen if member.cover >> lot_index & 1),
            key=lambda member: (-member.scores[lot_index], member.order),
        )
        carried[best.organisation_id].append(lot_index)

    def lead_order(member: _Member) -> tuple[int, Decimal, int, tuple[int, int, str, int]]:
        lots_carried = carried[member.organisation_id]
        capacity = member.capacity if member.capacity is not None else Decimal(-1)
        total = sum(member.scores[index] for index in lots_carried)
        return (-len(lots_carried), -capacity, -total, member.order)

    if len(chosen) == 1:
        leaders = chosen
    else:
        leaders = sorted((member for member in chosen if member.can_lead), key=lead_order)
    lead = leaders[0] if leaders else None

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

    covered_words = _lots_words(len(coverable), len(lots))
    if len(chosen) == 1:
        explanation.append("Une seule structure peut répondre seule.")
        explanation.append(f"{chosen[0].name} couvre {covered_words}.")
    else:
        explanation.append(f"{len(chosen)} structures suffisent pour couvrir {covered_words}.")
        if lead is not None:
            explanation.append(_lead_sentence(lead, leaders, carried, len(coverable)))
        else:
            explanation.append(
                "Aucun membre proposé ne peut être mandataire : chacun mène déjà un autre "
                "groupement sur ce marché. Il faut ajouter une structure qui puisse l'être."
            )
        barred = [member.name for member in chosen if not member.can_lead]
        if barred and lead is not None:
            explanation.append(
                f"{wording.join(barred)} "
                + (
                    "mène déjà un autre groupement sur ce marché et ne peut pas en être mandataire."
                    if len(barred) == 1
                    else "mènent déjà un autre groupement sur ce marché et ne peuvent pas en "
                    "être mandataires."
                )
            )
    if uncovered:
        titles = _quoted([lot.title for lot in uncovered])
        if len(uncovered) == 1:
            explanation.append(f"1 lot reste sans structure : {titles}.")
        else:
            explanation.append(f"{len(uncovered)} lots restent sans structure : {titles}.")
    _explain_set_aside(set_aside, explanation)
    return Proposal(
        members=proposed,
        lead_id=lead.organisation_id if lead is not None else None,
        uncovered=uncovered,
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
    sentence = (
        f"{lead.name} est proposée comme mandataire : elle porte "
        f"{wording.plural(count, 'lot', 'lots')} sur {lot_count}"
    )
    runner_up = leaders[1] if len(leaders) > 1 else None
    if runner_up is None or len(carried[runner_up.organisation_id]) < count:
        return sentence + "."
    if lead.capacity is not None and (
        runner_up.capacity is None or lead.capacity > runner_up.capacity
    ):
        return (
            f"{sentence} et, à nombre de lots égal, a la plus grande capacité "
            f"(jusqu'à {wording.amount(lead.capacity)} par marché)."
        )
    if lead.capacity != runner_up.capacity:
        return sentence + "."
    lead_total = sum(lead.scores[index] for index in carried[lead.organisation_id])
    runner_up_total = sum(runner_up.scores[index] for index in carried[runner_up.organisation_id])
    if lead_total > runner_up_total:
        return f"{sentence} et, à nombre de lots et capacité égaux, obtient le meilleur score."
    return sentence + "."


def _explain_set_aside(set_aside: dict[int, str], explanation: list[str]) -> None:
    if not set_aside:
        return
    names = sorted(set_aside.values(), key=sort_name)
    if len(names) == 1:
        explanation.append(
            f"{names[0]} n'est pas proposée : les règles de l'acheteur ne lui permettent pas "
            "de rejoindre ce groupement."
        )
    else:
        explanation.append(
            f"{_names(names)} ne sont pas proposées : les règles de l'acheteur ne leur "
            "permettent pas de rejoindre ce groupement."
        )
