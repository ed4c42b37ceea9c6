"""The rules a consortium follows, as Cordée enforces them: pure functions.

The services load the rows, build the plain inputs below and write what the rules accept;
nothing here reads a table or a request. A broken rule is a :class:`Problem` — a code, the
field it concerns and its data — never a sentence: ``tenders.consortia.wording`` says it in
French and maps it to the error the person sees.

What is enforced, with the articles of the code de la commande publique the messages cite:

- a consortium is conjoint, solidaire, or conjoint with a solidaire lead;
- it has one lead (mandataire), one of its members; a subcontractor works for another member;
- an organisation leads at most one consortium per tender (R2142-23);
- when the buyer forbids it, an organisation answers in one consortium only, and not alone
  besides (R2142-21); a structure that declined a consortium is not engaged in it;
- the shares of a lot add up to 100 %; given amounts only, the percentages follow from them;
- once the bid is submitted, or the tender closed, the composition is frozen (R2142-26).
- the mémoire's default outline gives no part to a structure nobody can write for (no
  director with an account): the coordination keeps it, and the page says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from tenders.consortia.schemas import CompositionIn, ConsortiumIn, ShareIn
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount, parse_percent

FORMS = ("conjoint", "solidaire", "conjoint_solidaire")
ROLES = ("mandataire", "co_traitant", "sous_traitant")
LEAD = "mandataire"
MEMBER_SERVICES_LIMIT = 5000
SHARE_SERVICES_LIMIT = 2000
HUNDRED = Decimal(100)
TOLERANCE = Decimal("0.01")
STORED_PERCENT = Decimal("0.0001")
ANSWER_DAYS = 3  # default time to answer an invitation, shortened near the offer deadline

# The states of a membership (ConsortiumMember.invitation): not invited yet, invited and not
# answered, accepted, declined.
DECLINED = "declined"
JOINED = frozenset({"accepted"})  # states that open the workspace
KNOWN = JOINED | {"pending"}  # states in which the structure knows of the consortium
STAFF = "coordination"
MEMBER = "member"
INVITED = "invited"
CLOSED_TENDER_STATUSES = frozenset({"deposee", "gagnee", "perdue", "sans_suite"})


class Code(StrEnum):
    FORM_UNKNOWN = "form_unknown"
    NO_MEMBER = "no_member"
    MEMBER_TWICE = "member_twice"
    LEAD_NOT_MEMBER = "lead_not_member"
    TWO_LEADS = "two_leads"
    ROLE_UNKNOWN = "role_unknown"
    SUBCONTRACTOR_WITHOUT_HOLDER = "subcontractor_without_holder"
    LOT_UNKNOWN = "lot_unknown"
    SERVICES_TOO_LONG = "services_too_long"
    ORGANISATION_UNKNOWN = "organisation_unknown"
    LEADS_ANOTHER = "leads_another"  # R2142-23
    ENGAGED_ELSEWHERE = "engaged_elsewhere"  # R2142-21
    BAD_NUMBER = "bad_number"
    SHARE_OUTSIDE = "share_outside"
    SHARE_LOT_NOT_CARRIED = "share_lot_not_carried"
    LOT_VALUES_MISSING = "lot_values_missing"
    LOT_PERCENT_MISSING = "lot_percent_missing"
    LOT_NOT_HUNDRED = "lot_not_hundred"
    SHARE_SERVICES_TOO_LONG = "share_services_too_long"
    NOT_READY = "not_ready"
    LEAD_CANNOT_LEAVE = "lead_cannot_leave"
    BAD_IBAN = "bad_iban"
    BAD_BIC = "bad_bic"
    RESPOND_BY_PAST = "respond_by_past"


# Problems with the state of things rather than with what was typed (409, not 422).
CONFLICTS = frozenset(
    {Code.LEADS_ANOTHER, Code.ENGAGED_ELSEWHERE, Code.NOT_READY, Code.LEAD_CANNOT_LEAVE}
)


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    field: str  # the input field it concerns, as the forms and the API name it
    data: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def conflict(self) -> bool:
        return self.code in CONFLICTS


# --- Membership --------------------------------------------------------------------------


def level_of(invitation: str | None) -> str | None:
    """What the directors of a structure get from its membership's state (None: nothing)."""
    if invitation in JOINED:
        return MEMBER
    if invitation in KNOWN:
        return INVITED
    return None


def engaged(invitation: str) -> bool:
    """A structure that declined a consortium takes no part in it; any other state does."""
    return invitation != DECLINED


def is_frozen(submitted_at: object, tender_status: str) -> bool:
    """Submitted, or its tender closed: the composition and the mémoire no longer change."""
    return submitted_at is not None or tender_status in CLOSED_TENDER_STATUSES


# --- Composition ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OtherConsortium:
    """Another consortium answering the same tender."""

    id: int
    lead_id: int | None
    engaged: frozenset[int] = frozenset()  # its members that did not decline


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules read besides the composition itself, loaded by the service."""

    lot_keys: frozenset[str]  # the tender's lots
    existing: frozenset[int]  # the organisations named that exist
    others: tuple[OtherConsortium, ...] = ()
    one_consortium_only: bool = False  # the buyer forbids several consortia (R2142-21)
    forbid_alone: bool = False  # ... or answering alone and in a consortium (R2142-21)


def _lots_known(lots: Sequence[str], context: Context) -> list[Problem]:
    unknown = [k for k in lots if k not in context.lot_keys]
    return [Problem(Code.LOT_UNKNOWN, "members", {"lots": unknown})] if unknown else []


def _members_named(ids: list[int], lead_id: int) -> list[Problem]:
    problems = []
    if len(set(ids)) != len(ids):
        problems.append(Problem(Code.MEMBER_TWICE, "members"))
    if lead_id not in ids:
        problems.append(Problem(Code.LEAD_NOT_MEMBER, "lead_id"))
    return problems


def _competition(
    ids: list[int], lead_id: int, context: Context, exclusive: bool, draft: bool
) -> list[Problem]:
    """R2142-23, then R2142-21: only the first one found is reported."""
    if any(o.lead_id == lead_id for o in context.others):
        return [Problem(Code.LEADS_ANOTHER, "lead_id", {"draft": draft})]
    if exclusive and context.others:
        clash = {org for o in context.others for org in o.engaged} & set(ids)
        if clash:
            forbids = "several_consortia" if draft else "several_answers"
            data = {"organisations": sorted(clash), "buyer_forbids": forbids}
            return [Problem(Code.ENGAGED_ELSEWHERE, "members", data)]
    return []


def check_draft(data: ConsortiumIn, context: Context) -> list[Problem]:
    """A draft from the matching proposal: members, a lead among them, lots of this tender;
    the buyer's one-consortium-per-member rule applies (R2142-21), and R2142-23."""
    ids = [m.organisation_id for m in data.members]
    problems = [] if data.members else [Problem(Code.NO_MEMBER, "members")]
    problems += _members_named(ids, data.lead_id)
    for member in data.members:
        problems += _lots_known(member.lots, context)
    if set(ids) - context.existing:
        problems.append(Problem(Code.ORGANISATION_UNKNOWN, "members", {"draft": True}))
    if problems:
        return problems
    return _competition(ids, data.lead_id, context, context.one_consortium_only, draft=True)


def _roles(data: CompositionIn, ids: list[int]) -> list[Problem]:
    leads = [m for m in data.members if m.role == LEAD]
    problems = _members_named(ids, data.lead_id)
    if data.lead_id in ids and (
        len(leads) > 1 or (leads and leads[0].organisation_id != data.lead_id)
    ):
        problems.append(Problem(Code.TWO_LEADS, "lead_id"))
    return problems


def check_composition(data: CompositionIn, context: Context) -> list[Problem]:
    """The whole composition: its form, one lead among the members, known roles, each
    subcontractor working for another member, lots of this tender; then R2142-23 and, when
    the buyer forbids several answers, R2142-21."""
    ids = [m.organisation_id for m in data.members]
    problems = [] if data.form in FORMS else [Problem(Code.FORM_UNKNOWN, "form")]
    problems += _roles(data, ids)
    for member in data.members:
        if member.role not in ROLES:
            problems.append(Problem(Code.ROLE_UNKNOWN, "members", {"role": member.role}))
        if member.role == "sous_traitant" and (
            member.subcontractor_of not in ids or member.subcontractor_of == member.organisation_id
        ):
            problems.append(Problem(Code.SUBCONTRACTOR_WITHOUT_HOLDER, "members"))
        problems += _lots_known(member.lots, context)
        if len(member.services) > MEMBER_SERVICES_LIMIT:
            limit = {"limit": MEMBER_SERVICES_LIMIT}
            problems.append(Problem(Code.SERVICES_TOO_LONG, "members", limit))
    if set(ids) - context.existing:
        problems.append(Problem(Code.ORGANISATION_UNKNOWN, "members", {"draft": False}))
    if problems:
        return problems
    exclusive = context.one_consortium_only or context.forbid_alone
    return _competition(ids, data.lead_id, context, exclusive, draft=False)


def stored_role(role: str, organisation_id: int, lead_id: int) -> str:
    """The lead is the mandataire; anybody else claiming to be one is a co-traitant."""
    if organisation_id == lead_id:
        return LEAD
    return role if role != LEAD else "co_traitant"


def may_leave(organisation_id: int, lead_id: int | None) -> list[Problem]:
    """Any member may leave or be removed but the lead: another lead comes first."""
    if organisation_id == lead_id:
        return [Problem(Code.LEAD_CANNOT_LEAVE, "members")]
    return []


# --- The mémoire's default outline ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutlineMember:
    """A structure taking part, as the outline reads it."""

    organisation_id: int
    name: str
    role: str
    # Someone can write its parts: it has a director with an active account.
    reachable: bool


@dataclass(frozen=True, slots=True)
class Outline:
    # Each part's title and the structure that writes it (None: the coordination keeps it).
    parts: tuple[tuple[str, int | None], ...]
    # The structures whose parts the coordination keeps, nobody there being able to write.
    kept: tuple[str, ...]


def default_outline(titles: Sequence[str], members: Sequence[OutlineMember]) -> Outline:
    """The consortium's presentation (``titles[0]``), each member's own, then the other
    ``titles``. The lead writes the consortium's and the common parts, each member its own
    presentation; a part whose structure has nobody to write it stays with the coordination
    and that structure is named in ``kept``, for the page to say so."""

    def writer(member: OutlineMember | None) -> int | None:
        return member.organisation_id if member and member.reachable else None

    lead = next((m for m in members if m.role == LEAD), None)
    parts = [(titles[0], writer(lead))]
    parts += [(f"Présentation de {m.name}", writer(m)) for m in members]
    parts += [(title, writer(lead)) for title in titles[1:]]
    kept = tuple(m.name for m in members if not m.reachable)
    return Outline(tuple(parts), kept)


# --- Split of work and price ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One member's share of one lot, as it is stored."""

    lot_key: str
    organisation_id: int
    amount: Decimal | None
    percent: Decimal
    services: str


@dataclass(frozen=True, slots=True)
class Split:
    rows: tuple[ShareRow, ...]
    problems: tuple[Problem, ...]


def _read_share(
    index: int, share: ShareIn, carried: Mapping[int, Sequence[str]]
) -> ShareIn | Problem:
    """The share with its numbers read strictly, or what is wrong with it."""
    try:
        amount = parse_amount(share.amount)
    except NumberError as exc:
        return Problem(Code.BAD_NUMBER, f"shares[{index}].amount", {"message": exc.message})
    try:
        percent = parse_percent(share.percent)
    except NumberError as exc:
        return Problem(Code.BAD_NUMBER, f"shares[{index}].percent", {"message": exc.message})
    if share.organisation_id not in carried:
        return Problem(Code.SHARE_OUTSIDE, "shares")
    if share.lot_key not in carried[share.organisation_id]:
        return Problem(Code.SHARE_LOT_NOT_CARRIED, "shares", {"lot": share.lot_key})
    return ShareIn(share.lot_key, share.organisation_id, amount, percent, share.services)


def _lot_percents(key: str, shares: list[ShareIn]) -> list[Decimal] | Problem:
    """Each share's percentage: as given, or from the amounts when no percentage is."""
    field = f"lot_{key}"
    amounts = [s.amount for s in shares]
    if all(s.percent is None for s in shares):
        total = sum((a for a in amounts if a is not None), Decimal(0))
        if None in amounts or total <= 0:
            return Problem(Code.LOT_VALUES_MISSING, field, {"lot": key})
        percents = [(a or Decimal(0)) * HUNDRED / total for a in amounts]
    elif any(s.percent is None for s in shares):
        return Problem(Code.LOT_PERCENT_MISSING, field, {"lot": key})
    else:
        percents = [s.percent or Decimal(0) for s in shares]
    percent_total = sum(percents, Decimal(0))
    if abs(percent_total - HUNDRED) > TOLERANCE:
        shown = percent_total.quantize(TOLERANCE)
        return Problem(Code.LOT_NOT_HUNDRED, field, {"lot": key, "total": shown})
    return percents


def check_split(carried: Mapping[int, Sequence[str]], shares: Sequence[ShareIn]) -> Split:
    """``carried``: the lots each member carries. Shares go to members on lots they carry;
    the percentages of a lot add up to 100 % (give all of them, or amounts only)."""
    problems: list[Problem] = []
    by_lot: dict[str, list[ShareIn]] = {}
    for index, share in enumerate(shares):
        read = _read_share(index, share, carried)
        if isinstance(read, Problem):
            problems.append(read)
        else:
            by_lot.setdefault(read.lot_key, []).append(read)
    rows: list[ShareRow] = []
    for key, lot_shares in by_lot.items():
        percents = _lot_percents(key, lot_shares)
        if isinstance(percents, Problem):
            problems.append(percents)
            continue
        if any(len(s.services) > SHARE_SERVICES_LIMIT for s in lot_shares):
            limit = {"lot": key, "limit": SHARE_SERVICES_LIMIT}
            problems.append(Problem(Code.SHARE_SERVICES_TOO_LONG, f"lot_{key}", limit))
        rows += [
            ShareRow(
                key,
                s.organisation_id,
                to_money(s.amount),
                p.quantize(STORED_PERCENT),
                s.services.strip(),
            )
            for s, p in zip(lot_shares, percents, strict=True)
        ]
    return Split(tuple(rows), tuple(problems))


@dataclass(frozen=True, slots=True)
class LotTotals:
    total: Decimal | None  # None when no share has an amount
    percent_total: Decimal  # to the hundredth
    complete: bool  # 100 %, to the hundredth


def lot_totals(amounts: Sequence[Decimal | None], percents: Sequence[Decimal]) -> LotTotals:
    known = [a for a in amounts if a is not None]
    percent_total = sum(percents, Decimal(0))
    return LotTotals(
        total=sum(known, Decimal(0)) if known else None,
        percent_total=percent_total.quantize(TOLERANCE),
        complete=abs(percent_total - HUNDRED) <= TOLERANCE,
    )


def ready_to_submit(
    form: str, member_lots: Iterable[Sequence[str]], complete: Iterable[str]
) -> list[Problem]:
    """Before the bid is submitted: a form, and every lot a member carries split to 100 %."""
    covered = sorted({key for lots in member_lots for key in lots})
    done = set(complete)
    missing = [key for key in covered if key not in done]
    if missing or not form or not covered:
        return [Problem(Code.NOT_READY, "split", {"lots": missing})]
    return []


# --- Bank details and invitations ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bank:
    iban: str  # compact, validated, or "" when none was given
    bic: str
    problems: tuple[Problem, ...]


def check_bank(iban: str, bic: str) -> Bank:
    """IBAN and BIC as the bank prints them, checked (check digits, country, length)."""
    problems = []
    iban, bic = stdnum_iban.compact(iban or ""), stdnum_bic.compact(bic or "")
    try:
        if iban:
            iban = stdnum_iban.validate(iban)
    except ValidationError:
        problems.append(Problem(Code.BAD_IBAN, "iban"))
    try:
        if bic:
            bic = stdnum_bic.validate(bic)
    except ValidationError:
        problems.append(Problem(Code.BAD_BIC, "bic"))
    return Bank(iban, bic, tuple(problems))


def default_respond_by(today: date, offers_deadline: date | None) -> date:
    """Three days to answer, but no later than two days before the offer deadline."""
    wanted = today + timedelta(days=ANSWER_DAYS)
    if offers_deadline is not None and offers_deadline - timedelta(days=2) < wanted:
        return max(today, offers_deadline - timedelta(days=2))
    return wanted


def check_respond_by(respond_by: date, today: date) -> list[Problem]:
    return [Problem(Code.RESPOND_BY_PAST, "respond_by")] if respond_by < today else []
