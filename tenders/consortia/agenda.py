"""What the consortia expect of people, and when, for the home pages.

A director reads the consortia their structure knows (invited or joined: ``KNOWN``), their
role, the offers deadline, the invitation to answer and the parts their structure has to
write; nothing of the split, and nothing of a consortium it declined or was never invited to
(tenders.consortia.access). The coordination reads the parts waiting for its review, the
invitations answered lately, and the bids under way. Read only."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.access import JOINED, KNOWN
from tenders.consortia.rules import DECLINED
from tenders.consortia.sections import STATUSES
from tenders.consortia.service import with_role_label
from tenders.consortia.tables import Consortium, ConsortiumMember, Section
from tenders.consortia.wording import INVITATION_LABELS
from tenders.members.access import ensure_staff
from tenders.procurement.vocabulary import ACTIVE

TO_WRITE = ("a_rediger", "en_cours")
IN_REVIEW = "a_relire"
# How long an answer to an invitation stays on the coordination's home.
RECENT_ANSWERS = timedelta(days=14)


class Part(msgspec.Struct):
    """A part of a mémoire, with what the home says of it."""

    consortium_id: int
    section_id: int
    title: str
    tender_title: str
    status: str
    status_label: str
    due_at: datetime | None
    assignee_name: str | None
    updated_at: datetime


class Engagement(msgspec.Struct):
    """A consortium a director's structure is in, and what it expects of them."""

    consortium_id: int
    tender_title: str
    buyer_name: str
    offers_deadline: datetime | None
    offers_time_unknown: bool
    lead_name: str | None
    role: str
    role_label: str
    invitation: str  # pending | accepted
    respond_by: date | None
    submitted_at: datetime | None
    tender_status: str
    to_write: list[Part] = []
    in_review: list[Part] = []

    @property
    def current(self) -> bool:
        """Still being prepared: not submitted, its tender still worked on."""
        return self.submitted_at is None and self.tender_status in ACTIVE


class Answer(msgspec.Struct):
    """A structure's answer to its invitation."""

    consortium_id: int
    tender_title: str
    name: str  # the structure's
    invitation: str  # accepted | declined
    invitation_label: str
    answer_comment: str
    answered_at: datetime


class Bid(msgspec.Struct):
    """A consortium still preparing its bid, and the structures taking part in it."""

    consortium_id: int
    tender_title: str
    offers_deadline: datetime | None
    offers_time_unknown: bool
    organisation_ids: list[int]


# The tender's columns the homes show, by the names they are given.
TENDER_COLUMNS = {
    "tender_title": "title",
    "buyer_name": "buyer_name",
    "offers_deadline": "offers_deadline",
    "offers_time_unknown": "offers_time_unknown",
    "tender_status": "status",
}


def _of_tender(consortium: Any, *names: str) -> list[Any]:
    """Columns of the tender of ``consortium`` (the table, or a link to it), named as asked."""
    return [getattr(consortium.tender, TENDER_COLUMNS[name]).as_alias(name) for name in names]


def _part_columns() -> list[Any]:
    return [
        Section.consortium.as_alias("consortium_id"),
        Section.id.as_alias("section_id"),
        Section.title,
        *_of_tender(Section.consortium, "tender_title"),
        Section.status,
        Section.due_at,
        Section.assignee.name.as_alias("assignee_name"),
        Section.updated_at,
    ]


def _parts(rows: list[dict[str, Any]]) -> list[Part]:
    """Soonest due first, those with no due date last."""
    rows.sort(key=lambda r: (r["due_at"] is None, r["due_at"] or r["updated_at"]))
    return [Part(**r, status_label=STATUSES.get(r["status"], r["status"])) for r in rows]


async def engagements(viewer: CurrentUser) -> list[Engagement]:
    """The consortia the viewer's structure was invited to or joined, the current ones first
    by offers deadline, each with the parts the structure (or the viewer) has to write and
    those sent for review."""
    if viewer.organisation_id is None:
        return []
    consortium: Any = ConsortiumMember.consortium
    rows = (
        await ConsortiumMember.select(
            consortium.as_alias("consortium_id"),
            *_of_tender(consortium, *TENDER_COLUMNS),
            consortium.lead.name.as_alias("lead_name"),
            consortium.submitted_at.as_alias("submitted_at"),
            ConsortiumMember.role,
            ConsortiumMember.invitation,
            ConsortiumMember.respond_by,
        )
        .where(
            (ConsortiumMember.organisation == viewer.organisation_id)
            & ConsortiumMember.invitation.is_in(sorted(KNOWN))
        )
        .output(load_json=True)
    )
    found = [msgspec.convert(with_role_label(r), Engagement, strict=False) for r in rows]
    joined = {e.consortium_id: e for e in found if e.invitation in JOINED}
    mine = (Section.assignee == viewer.organisation_id) | (Section.assignee_user == viewer.id)
    parts = await Section.select(*_part_columns()).where(
        Section.consortium.is_in(list(joined) or [0])
        & mine
        & Section.status.is_in([*TO_WRITE, IN_REVIEW])
    )
    for part in _parts(parts):
        shown = joined[part.consortium_id]
        (shown.in_review if part.status == IN_REVIEW else shown.to_write).append(part)
    found.sort(key=lambda e: (not e.current, _soonest(e.offers_deadline)))
    return found


def _soonest(deadline: datetime | None) -> float:
    return deadline.timestamp() if deadline else math.inf


def _under_way(consortium: Any) -> Any:
    """Consortia (``Consortium`` or a link to it) not submitted, whose tender the collective
    still works on."""
    return consortium.submitted_at.is_null() & consortium.tender.status.is_in(sorted(ACTIVE))


async def parts_to_review(viewer: CurrentUser) -> list[Part]:
    """Parts sent « à relire » in the consortia still preparing their bid."""
    ensure_staff(viewer)
    rows = await Section.select(*_part_columns()).where(
        (Section.status == IN_REVIEW) & _under_way(Section.consortium)
    )
    return _parts(rows)


async def recent_answers(viewer: CurrentUser, now: datetime) -> list[Answer]:
    """Invitations accepted or declined in the last two weeks, the latest first."""
    ensure_staff(viewer)
    rows = (
        await ConsortiumMember.select(
            *ConsortiumMember.all_columns(exclude=[ConsortiumMember.iban, ConsortiumMember.bic]),
            ConsortiumMember.organisation.name.as_alias("name"),
            *_of_tender(ConsortiumMember.consortium, "tender_title"),
        )
        .where(
            ConsortiumMember.invitation.is_in(["accepted", DECLINED])
            & (ConsortiumMember.answered_at >= now - RECENT_ANSWERS)
        )
        .order_by(ConsortiumMember.answered_at, ascending=False)
    )
    return [
        msgspec.convert(
            r
            | {
                "consortium_id": r["consortium"],
                "invitation_label": INVITATION_LABELS[r["invitation"]],
            },
            Answer,
        )
        for r in rows
    ]


async def bids_under_way(viewer: CurrentUser, now: datetime) -> list[Bid]:
    """Consortia preparing a bid whose offers deadline is ahead (or not known yet), soonest
    first, with the structures that did not decline."""
    ensure_staff(viewer)
    deadline = Consortium.tender.offers_deadline
    rows = await Consortium.select(
        Consortium.id.as_alias("consortium_id"),
        *_of_tender(Consortium, "tender_title", "offers_deadline", "offers_time_unknown"),
    ).where(_under_way(Consortium) & (deadline.is_null() | (deadline > now)))
    members = await ConsortiumMember.select(
        ConsortiumMember.consortium, ConsortiumMember.organisation
    ).where(
        ConsortiumMember.consortium.is_in([r["consortium_id"] for r in rows] or [0])
        & (ConsortiumMember.invitation != DECLINED)
    )
    rows.sort(key=lambda r: _soonest(r["offers_deadline"]))
    organisations: dict[int, list[int]] = {}
    for m in members:  # by consortium once, not scanned again for each bid
        organisations.setdefault(m["consortium"], []).append(m["organisation"])
    return [Bid(**r, organisation_ids=organisations.get(r["consortium_id"], [])) for r in rows]
