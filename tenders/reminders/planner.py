"""Planning: from the deadlines in the database to one ``scheduled_reminder`` row per
(rule, object, recipient, occurrence).

Run every few minutes (and safe to run twice at once): a row is inserted once under its
unique key; a row not sent yet gets the new times when a rule or a date changed. Each
occurrence carries the date it is about (``J-7@2027-03-12T11:00``), so a postponed deadline
makes new reminders and the old ones are skipped at sending time."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tenders import db
from tenders.accounts.tables import User
from tenders.clock import utcnow
from tenders.consortia.access import JOINED, KNOWN
from tenders.consortia.tables import Consortium, ConsortiumMember, Section
from tenders.formatting import to_paris
from tenders.library.tables import Passage
from tenders.members.certificates import add_months
from tenders.members.tables import Certificate
from tenders.outcomes.tables import BidOutcome
from tenders.procurement.tables import Tender
from tenders.reminders.rules import (
    CONTRACT_PAPERS_MONTHS,
    INVITATION_AFTER,
    NEWS_KEPT,
    OFFER_DAYS,
    PACKAGE_BEFORE,
    QUESTION_DAYS,
    REMINDED_STATUSES,
    Occurrence,
    before_deadline,
    certificate_occurrences,
    morning_of,
    section_occurrences,
)
from tenders.reminders.tables import ScheduledReminder

CHUNK = 500


@dataclass(frozen=True, slots=True)
class Planned:
    rule: str
    object_type: str
    object_id: int
    recipient: int
    occurrence: str
    due_at: datetime
    expires_at: datetime
    tender: int | None = None

    @property
    def key(self) -> str:
        return (
            f"{self.rule}:{self.object_type}:{self.object_id}:{self.recipient}:{self.occurrence}"
        )[:200]


def stamp(moment: datetime) -> str:
    """The moment an occurrence is about, as written in its key (UTC, to the minute)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


class _People:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.coordination = [r["id"] for r in rows if r["role"] == "coordinator"] or [
            r["id"] for r in rows if r["role"] == "admin"
        ]
        self.directors: dict[int, list[int]] = defaultdict(list)
        self.staff = {r["id"] for r in rows if r["role"] in {"admin", "coordinator"}}
        self.organisation_of: dict[int, int] = {}
        for r in rows:
            if r["role"] == "member" and r["organisation"] is not None:
                self.directors[r["organisation"]].append(r["id"])
                self.organisation_of[r["id"]] = r["organisation"]


class _Plan:
    """The reminders wanted so far; an occurrence already over at ``now`` is left out."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.planned: list[Planned] = []

    def __call__(
        self,
        rule: str,
        object_type: str,
        object_id: int,
        recipients: list[int],
        occurrences: list[Occurrence],
        about: str,
        tender: int | None,
    ) -> None:
        for occ in occurrences:
            if occ.expires_at <= self.now:
                continue
            for recipient in sorted(set(recipients)):
                self.planned.append(
                    Planned(
                        rule,
                        object_type,
                        object_id,
                        recipient,
                        f"{occ.name}@{about}",
                        occ.due_at,
                        occ.expires_at,
                        tender,
                    )
                )


async def active_people() -> _People:
    """The coordination and the directors of each structure, among the active accounts."""
    return _People(
        await User.select(User.id, User.role, User.organisation).where(
            User.is_active == True  # noqa: E712
        )
    )


async def wanted(now: datetime) -> list[Planned]:
    """Every reminder the rules ask for that is still useful at ``now``."""
    people = await active_people()
    add = _Plan(now)
    tenders = await Tender.select(
        Tender.id, Tender.offers_deadline, Tender.questions_deadline
    ).where(Tender.status.is_in(list(REMINDED_STATUSES)))
    tenders = [t for t in tenders if t["offers_deadline"] and t["offers_deadline"] > now]
    tender_ids = [t["id"] for t in tenders] or [0]
    consortia = await Consortium.select(Consortium.id, Consortium.tender).where(
        Consortium.tender.is_in(tender_ids) & Consortium.submitted_at.is_null()
    )
    consortium_ids = [c["id"] for c in consortia] or [0]
    members = await ConsortiumMember.select().where(
        ConsortiumMember.consortium.is_in(consortium_ids)
    )
    orgs_of, joined = _audiences(members)
    consortia_of: dict[int, list[int]] = defaultdict(list)  # tender → consortia
    for c in consortia:
        consortia_of[c["tender"]].append(c["id"])

    _tender_dates(tenders, consortia_of, orgs_of, people, add)
    await _sections(now, consortia, joined, people, add)
    await _invitations(members, {c["id"]: c["tender"] for c in consortia}, people, add)
    _answers(members, {c["id"]: c["tender"] for c in consortia}, people, add)
    await _certificates(now, tenders, consortia_of, orgs_of, people, add)
    await _passages(people, add)
    await _contracts(people, add)
    return add.planned


def _audiences(
    members: list[dict[str, Any]],
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Who hears of a consortium (tenders/consortia/access.py): its tender's dates go to the
    structures invited or joined; its parts to those joined; nothing to those that declined,
    left or were removed, nor to a draft's structures not invited yet. Returns, by consortium,
    the organisations told of it and those working in it."""
    orgs_of: dict[int, set[int]] = defaultdict(set)
    joined: dict[int, set[int]] = defaultdict(set)
    for m in members:
        if m["invitation"] in KNOWN:
            orgs_of[m["consortium"]].add(m["organisation"])
        if m["invitation"] in JOINED:
            joined[m["consortium"]].add(m["organisation"])
    return orgs_of, joined


def _tender_dates(
    tenders: list[dict[str, Any]],
    consortia_of: dict[int, list[int]],
    orgs_of: dict[int, set[int]],
    people: _People,
    add: _Plan,
) -> None:
    """The offer and question deadlines to the coordination and the structures told of the
    tender's consortia; the package to compile, to the coordination."""
    for t in tenders:
        team = list(people.coordination)
        for cid in consortia_of[t["id"]]:
            for org in orgs_of[cid]:
                team += people.directors[org]
        deadline = t["offers_deadline"]
        add(
            "offers",
            "tender",
            t["id"],
            team,
            before_deadline(deadline, OFFER_DAYS),
            stamp(deadline),
            t["id"],
        )
        if t["questions_deadline"] and t["questions_deadline"] > add.now:
            add(
                "questions",
                "tender",
                t["id"],
                team,
                before_deadline(t["questions_deadline"], QUESTION_DAYS),
                stamp(t["questions_deadline"]),
                t["id"],
            )
        for cid in consortia_of[t["id"]]:
            add(
                "package",
                "consortium",
                cid,
                people.coordination,
                [Occurrence("48h", deadline - PACKAGE_BEFORE, deadline)],
                stamp(deadline),
                t["id"],
            )


async def _contracts(people: _People, add: Any) -> None:
    """During a won contract, its members renew their papers every six months."""
    outcomes = await BidOutcome.select(
        BidOutcome.id,
        BidOutcome.consortium,
        BidOutcome.contract_start,
        BidOutcome.contract_end,
    ).where(
        (BidOutcome.result == "gagnee")
        & BidOutcome.contract_start.is_not_null()
        & BidOutcome.contract_end.is_not_null()
    )
    if not outcomes:
        return
    members = await ConsortiumMember.select(
        ConsortiumMember.consortium, ConsortiumMember.organisation, ConsortiumMember.invitation
    ).where(ConsortiumMember.consortium.is_in([o["consortium"] for o in outcomes]))
    for o in outcomes:
        team = [
            user
            for m in members
            if m["consortium"] == o["consortium"] and m["invitation"] in JOINED
            for user in people.directors[m["organisation"]]
        ]
        occurrences = []
        n = 1
        while (day := add_months(o["contract_start"], CONTRACT_PAPERS_MONTHS * n)) <= o[
            "contract_end"
        ]:
            occurrences.append(
                Occurrence(
                    f"renouvellement-{n}", morning_of(day), morning_of(day + timedelta(days=30))
                )
            )
            n += 1
        add(
            "contract_papers",
            "outcome",
            o["id"],
            team,
            occurrences,
            o["contract_start"].isoformat(),
            None,
        )


async def _passages(people: _People, add: Any) -> None:
    """A library passage to read again once its review delay has passed."""
    rows = await Passage.select(
        Passage.id, Passage.organisation, Passage.reviewed_on, Passage.review_days
    )
    for p in rows:
        due = p["reviewed_on"] + timedelta(days=p["review_days"])
        owners = (
            people.coordination
            if p["organisation"] is None
            else people.directors[p["organisation"]]
        )
        add(
            "passage_review",
            "passage",
            p["id"],
            owners,
            [
                Occurrence(
                    "relecture", morning_of(due), morning_of(due + timedelta(days=p["review_days"]))
                )
            ],
            p["reviewed_on"].isoformat(),
            None,
        )


async def _sections(
    now: datetime,
    consortia: list[dict[str, Any]],
    joined: dict[int, set[int]],
    people: _People,
    add: Any,
) -> None:
    tender_of = {c["id"]: c["tender"] for c in consortia}
    rows = await Section.select(
        Section.id,
        Section.consortium,
        Section.assignee,
        Section.assignee_user,
        Section.due_at,
        Section.status,
    ).where(
        Section.consortium.is_in(list(tender_of) or [0])
        & Section.due_at.is_not_null()
        & (Section.status != "validee")
    )
    for s in rows:
        inside = joined[s["consortium"]]

        def working(user: int, inside: set[int] = inside) -> bool:
            return user in people.staff or people.organisation_of.get(user) in inside

        writers = [s["assignee_user"]] if s["assignee_user"] else []
        if not writers and s["assignee"] is not None:
            writers = people.directors[s["assignee"]]
        writers = [w for w in writers if working(w)]
        due, late = section_occurrences(s["due_at"])[:-1], section_occurrences(s["due_at"])[-1:]
        about = stamp(s["due_at"])
        tender = tender_of[s["consortium"]]
        add("section_due", "section", s["id"], writers, due, about, tender)
        add("section_overdue", "section", s["id"], writers, late, about, tender)
        # A copy to the coordination (its own rows: the coordination may mute them).
        add("section_overdue", "section", s["id"], people.coordination, late, about, tender)


async def _invitations(
    members: list[dict[str, Any]], tender_of: dict[int, int], people: _People, add: Any
) -> None:
    for m in members:
        if m["invitation"] != "pending" or m["invited_at"] is None:
            continue
        due = m["invited_at"] + INVITATION_AFTER
        expires = due + timedelta(days=14)
        add(
            "invitation",
            "membership",
            m["id"],
            people.directors[m["organisation"]],
            [Occurrence("relance", due, expires)],
            stamp(m["invited_at"]),
            tender_of.get(m["consortium"]),
        )


def _answers(
    members: list[dict[str, Any]], tender_of: dict[int, int], people: _People, add: _Plan
) -> None:
    """An invitation accepted or declined, told to the coordination (but to whoever of it
    answered for the structure) as soon as planning sees it, for a week."""
    for m in members:
        if m["invitation"] not in {"accepted", "declined"} or m["answered_at"] is None:
            continue
        told = Occurrence(m["invitation"], m["answered_at"], m["answered_at"] + NEWS_KEPT)
        add(
            "invitation_answered",
            "membership",
            m["id"],
            [user for user in people.coordination if user != m["answered_by"]],
            [told],
            stamp(m["answered_at"]),
            tender_of.get(m["consortium"]),
        )


async def _certificates(
    now: datetime,
    tenders: list[dict[str, Any]],
    consortia_of: dict[int, list[int]],
    orgs_of: dict[int, set[int]],
    people: _People,
    add: Any,
) -> None:
    rows = await Certificate.select(
        Certificate.id, Certificate.organisation, Certificate.valid_until
    ).where(Certificate.replaced_at.is_null() & Certificate.valid_until.is_not_null())
    for c in rows:
        add(
            "certificate",
            "certificate",
            c["id"],
            people.directors[c["organisation"]],
            certificate_occurrences(c["valid_until"]),
            c["valid_until"].isoformat(),
            None,
        )
    by_org: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in rows:
        by_org[c["organisation"]].append(c)
    for t in tenders:
        deadline = t["offers_deadline"]
        day = deadline.date()
        orgs = {org for cid in consortia_of[t["id"]] for org in orgs_of[cid]}
        for org in orgs:
            for c in by_org[org]:
                if c["valid_until"] >= day:
                    continue
                # Once, a month before the deadline, or at once when known later.
                due = morning_of(to_paris(deadline).date() - timedelta(days=30))
                add(
                    "certificate_deadline",
                    "certificate",
                    c["id"],
                    people.directors[org],
                    [Occurrence(f"consultation-{t['id']}", due, deadline)],
                    f"{c['valid_until'].isoformat()}/{stamp(deadline)}",
                    t["id"],
                )


async def plan(now: datetime | None = None) -> int:
    """Write the reminders the rules ask for; returns how many are planned (new or not)."""
    rows = await wanted(now or utcnow())
    await schedule(rows)
    return len(rows)


async def schedule(rows: list[Planned]) -> None:
    """Write these reminders under their keys: a new one is inserted, one already there and
    not sent yet takes the new times, one sent or skipped stays as it is."""
    created = utcnow()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        async with db.transaction():
            await ScheduledReminder.insert(
                *(
                    ScheduledReminder(
                        **asdict(p), key=p.key, status="scheduled", created_at=created
                    )
                    for p in chunk
                )
            ).on_conflict(
                target=ScheduledReminder.key,
                action="DO UPDATE",
                values=[ScheduledReminder.due_at, ScheduledReminder.expires_at],
                where=ScheduledReminder.status == "scheduled",
            )
