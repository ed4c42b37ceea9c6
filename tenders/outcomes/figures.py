"""The collective's figures: bids by status, win rate, value won and submitted, by member, by
buyer and by CPV division, work and insertion hours brought to each member.

``load`` reads what is needed in a few queries; ``compute`` is a pure function of it. A
member's share of a won contract is its share of the consortium's split (equal shares when
the split has no amounts). A bid covering several CPV divisions counts in each. The amounts
submitted (the prices of a bid) are the coordination's: a member director sees the amounts won,
and its own structure's line only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.tables import Consortium, ConsortiumMember, ConsortiumShare
from tenders.members.tables import Organisation
from tenders.money import to_money
from tenders.outcomes.tables import BidOutcome, InsertionHours
from tenders.procurement.tables import Lot, Tender

STATUS_LABELS = {
    "en_preparation": "En préparation",
    "deposee": "Déposée, en attente",
    "gagnee": "Gagnée",
    "perdue": "Perdue",
    "sans_suite": "Sans suite",
}
ZERO = Decimal(0)
CENT = Decimal("0.01")


class Line(msgspec.Struct):
    label: str
    bids: int = 0  # bids submitted
    won: int = 0
    lost: int = 0
    value_submitted: Decimal | None = ZERO
    value_won: Decimal = ZERO
    hours_committed: int = 0
    hours_achieved: int = 0


class Figures(msgspec.Struct):
    by_status: list[tuple[str, int]]
    submitted: int
    won: int
    lost: int
    without_follow_up: int
    win_rate: float | None  # won ÷ (won + lost); None before any result
    value_submitted: Decimal | None
    value_won: Decimal
    hours_committed: int
    hours_achieved: int
    by_member: list[Line]
    by_buyer: list[Line]
    by_division: list[Line]
    full: bool  # the coordination's view (amounts submitted, every member)


@dataclass
class Data:
    consortia: list[dict[str, Any]]
    tenders: dict[int, dict[str, Any]]
    divisions: dict[int, set[str]]  # tender → CPV divisions of its lots
    members: dict[int, list[int]]  # consortium → organisations
    shares: dict[int, dict[int, Decimal]]  # consortium → organisation → amount
    outcomes: dict[int, dict[str, Any]]  # consortium → outcome
    hours: dict[int, dict[int, int]]  # consortium → organisation → hours achieved
    names: dict[int, str] = field(default_factory=dict)


async def load() -> Data:
    consortia = await Consortium.select(Consortium.id, Consortium.tender, Consortium.submitted_at)
    # Only the tenders a consortium answered count: not the many more the watch brought.
    answered = Consortium.select(Consortium.tender)
    tenders = {
        t["id"]: t
        for t in await Tender.select(Tender.id, Tender.buyer_name, Tender.title).where(
            Tender.id.is_in(answered)
        )
    }
    divisions: dict[int, set[str]] = defaultdict(set)
    for lot in await Lot.select(Lot.tender, Lot.cpv_codes).where(Lot.tender.is_in(answered)):
        codes = lot["cpv_codes"]
        codes = codes if isinstance(codes, list) else msgspec.json.decode(codes or "[]")
        divisions[lot["tender"]] |= {str(c)[:2] for c in codes if str(c)[:2].isdigit()}
    members: dict[int, list[int]] = defaultdict(list)
    for m in await ConsortiumMember.select(
        ConsortiumMember.consortium, ConsortiumMember.organisation, ConsortiumMember.invitation
    ):
        if m["invitation"] != "declined":
            members[m["consortium"]].append(m["organisation"])
    shares: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for s in await ConsortiumShare.select(
        ConsortiumShare.consortium, ConsortiumShare.organisation, ConsortiumShare.amount
    ):
        shares[s["consortium"]][s["organisation"]] += to_money(s["amount"]) or ZERO
    outcomes = {o["consortium"]: o for o in await BidOutcome.select()}
    by_outcome = {o["id"]: c for c, o in outcomes.items()}
    hours: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for h in await InsertionHours.select(
        InsertionHours.outcome, InsertionHours.organisation, InsertionHours.hours
    ):
        hours[by_outcome[h["outcome"]]][h["organisation"]] += h["hours"]
    names = {
        o["id"]: o["name"] for o in await Organisation.select(Organisation.id, Organisation.name)
    }
    return Data(consortia, tenders, divisions, members, shares, outcomes, hours, names)


def _status(consortium: dict[str, Any], outcome: dict[str, Any] | None) -> str:
    if outcome is not None:
        return str(outcome["result"])
    return "deposee" if consortium["submitted_at"] is not None else "en_preparation"


def _fractions(members: list[int], amounts: dict[int, Decimal]) -> dict[int, Decimal]:
    total = sum(amounts.values(), ZERO)
    if total > 0:
        return {org: amounts.get(org, ZERO) / total for org in members}
    return {org: Decimal(1) / len(members) for org in members} if members else {}


def compute(data: Data, viewer_organisation: int | None = None, full: bool = True) -> Figures:
    """The figures; ``full`` False gives a member director's view of them."""
    counts: dict[str, int] = defaultdict(int)
    member_lines: dict[int, Line] = {}
    buyer_lines: dict[str, Line] = {}
    division_lines: dict[str, Line] = {}
    totals = Line(label="Collectif")
    for consortium in data.consortia:
        cid = consortium["id"]
        outcome = data.outcomes.get(cid)
        status = _status(consortium, outcome)
        counts[status] += 1
        if consortium["submitted_at"] is None:
            continue
        tender = data.tenders.get(consortium["tender"], {})
        submitted = sum(data.shares.get(cid, {}).values(), ZERO)
        won = outcome is not None and outcome["result"] == "gagnee"
        awarded = (to_money(outcome["amount_awarded"]) or ZERO) if won and outcome else ZERO
        committed = int(outcome["insertion_hours_committed"] or 0) if won and outcome else 0
        achieved = sum(data.hours.get(cid, {}).values())
        lost = outcome is not None and outcome["result"] == "perdue"
        buyer = (tender.get("buyer_name") or "").strip() or "Acheteur non précisé"
        lines = [totals, buyer_lines.setdefault(buyer, Line(label=buyer))]
        for division in sorted(data.divisions.get(consortium["tender"], set())) or ["—"]:
            lines.append(division_lines.setdefault(division, Line(label=division)))
        for line in lines:
            line.bids += 1
            line.won += int(won)
            line.lost += int(lost)
            line.value_submitted = (line.value_submitted or ZERO) + submitted
            line.value_won += awarded
            line.hours_committed += committed
            line.hours_achieved += achieved
        members = data.members.get(cid, [])
        amounts = dict(data.shares.get(cid, {}))
        done_by = dict(data.hours.get(cid, {}))
        fractions = _fractions(members, amounts)
        for org in members:
            line = member_lines.setdefault(org, Line(label=data.names.get(org, f"n° {org}")))
            line.bids += 1
            line.won += int(won)
            line.lost += int(lost)
            line.value_submitted = (line.value_submitted or ZERO) + amounts.get(org, ZERO)
            line.value_won += awarded * fractions.get(org, ZERO)
            line.hours_achieved += done_by.get(org, 0)
    for line in [totals, *member_lines.values(), *buyer_lines.values(), *division_lines.values()]:
        line.value_won = line.value_won.quantize(CENT)
        if line.value_submitted is not None:
            line.value_submitted = line.value_submitted.quantize(CENT)
    by_member = sorted(member_lines.items(), key=lambda item: (-item[1].value_won, item[1].label))
    if not full:
        by_member = [(org, line) for org, line in by_member if org == viewer_organisation]
        for line in [*buyer_lines.values(), *division_lines.values()]:
            line.value_submitted = None
    decided = totals.won + totals.lost
    return Figures(
        by_status=[(STATUS_LABELS[k], counts.get(k, 0)) for k in STATUS_LABELS],
        submitted=totals.bids,
        won=totals.won,
        lost=totals.lost,
        without_follow_up=counts.get("sans_suite", 0),
        win_rate=totals.won / decided if decided else None,
        value_submitted=totals.value_submitted if full else None,
        value_won=totals.value_won,
        hours_committed=totals.hours_committed,
        hours_achieved=totals.hours_achieved,
        by_member=[line for _, line in by_member],
        by_buyer=sorted(buyer_lines.values(), key=lambda x: (-x.value_won, x.label)),
        by_division=sorted(division_lines.values(), key=lambda x: x.label),
        full=full,
    )


async def figures_for(viewer: CurrentUser) -> Figures:
    return compute(await load(), viewer.organisation_id, full=viewer.is_staff)
