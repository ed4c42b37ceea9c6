"""A person's deadlines, soonest first: the « Mes échéances » page and the calendar feeds.

What each person sees follows what they may see (tenders/consortia/access.py): the
coordination sees every tender being worked on; a member director sees the tenders of the
consortia their structure is invited to or has joined, the parts of the mémoire given to them
or their structure in the consortia it has joined, their invitations and their papers. A
structure that declined, left or was removed sees nothing of that consortium any more."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.access import JOINED, KNOWN
from tenders.consortia.tables import Consortium, ConsortiumMember, Section
from tenders.errors import NotFound
from tenders.formatting import PARIS, to_paris
from tenders.members.tables import Certificate
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.procurement.tables import Milestone, Tender
from tenders.reminders.rules import REMINDED_STATUSES

WATCHED = REMINDED_STATUSES | {"veille"}


@dataclass(frozen=True, slots=True)
class Deadline:
    uid: str  # stable, for calendars
    kind: str  # offers | questions | visit | milestone | section | invitation | certificate
    kind_label: str
    title: str
    at: datetime | None  # a moment (Paris time shown), or
    day: date | None  # a whole day
    link: str
    done: bool = False
    tender_id: int | None = None  # its tender, when it has one (for the tender's .ics)
    # A tender's deadline whose notice gave the date only: ``day`` is set, never ``at`` (the
    # 9:00 it is stored at is nobody's hour); pages and calendars say the hour is to check.
    time_unknown: bool = False

    @property
    def sort_key(self) -> datetime:
        if self.at is not None:
            return self.at
        assert self.day is not None
        from tenders.reminders.rules import morning_of

        return morning_of(self.day)

    def to_come(self, now: datetime) -> bool:
        """Still to come: a moment not passed yet, a whole day not over yet."""
        if self.at is not None:
            return self.at >= now
        assert self.day is not None
        return self.day >= now.astimezone(PARIS).date()


async def _tenders_of(
    viewer: CurrentUser,
) -> tuple[list[int] | None, dict[int, list[int]], set[int]]:
    """The tenders the viewer follows (None: every one being worked on, the coordination's),
    for each the consortia they may open, and the consortia whose mémoire they may write in
    (joined)."""
    if viewer.is_staff:
        # Every tender being worked on: said by its status in the queries, not by its id
        # (thousands of ids would be written into each query).
        ids = None
        consortia = await Consortium.select(Consortium.id, Consortium.tender).where(
            Consortium.tender.status.is_in(list(WATCHED))
        )
        joined = {c["id"] for c in consortia}
    else:
        if viewer.organisation_id is None:
            return [], {}, set()
        mine = await ConsortiumMember.select(
            ConsortiumMember.consortium, ConsortiumMember.invitation
        ).where(
            (ConsortiumMember.organisation == viewer.organisation_id)
            & ConsortiumMember.invitation.is_in(sorted(KNOWN))
        )
        joined = {m["consortium"] for m in mine if m["invitation"] in JOINED}
        consortia = await Consortium.select(Consortium.id, Consortium.tender).where(
            Consortium.id.is_in([m["consortium"] for m in mine] or [0])
        )
        tenders = await Tender.select(Tender.id).where(
            Tender.id.is_in([c["tender"] for c in consortia] or [0])
            & Tender.status.is_in(list(WATCHED))
        )
        ids = [t["id"] for t in tenders]
    by_tender: dict[int, list[int]] = defaultdict(list)
    for c in consortia:
        by_tender[c["tender"]].append(c["id"])
    return ids, by_tender, joined


def _tender_link(viewer: CurrentUser, tender_id: int, consortia: list[int]) -> str:
    if viewer.is_staff:
        return f"/consultations/{tender_id}"
    return f"/groupements/{consortia[0]}" if consortia else "/groupements"


async def _tender_deadlines(
    viewer: CurrentUser, ids: list[int] | None, consortia: dict[int, list[int]]
) -> list[Deadline]:
    followed = Tender.status.is_in(list(WATCHED)) if ids is None else Tender.id.is_in(ids or [0])
    rows = await Tender.select(
        Tender.id,
        Tender.title,
        Tender.offers_deadline,
        Tender.questions_deadline,
        Tender.visit_deadline,
        Tender.offers_time_unknown,
        Tender.questions_time_unknown,
    ).where(followed)
    result = []
    labels = {
        "offers_deadline": ("offers", "Remise des offres"),
        "questions_deadline": ("questions", "Questions à l'acheteur"),
        "visit_deadline": ("visit", "Visite obligatoire"),
    }
    for t in rows:
        link = _tender_link(viewer, t["id"], consortia.get(t["id"], []))
        for field, (kind, label) in labels.items():
            moment = t[field]
            if moment is None:
                continue
            date_only = bool(t.get(field.replace("deadline", "time_unknown"), False))
            result.append(
                Deadline(
                    f"{kind}-{t['id']}",
                    kind,
                    label,
                    t["title"],
                    None if date_only else moment,
                    to_paris(moment).date() if date_only else None,
                    link,
                    tender_id=t["id"],
                    time_unknown=date_only,
                )
            )
    if not viewer.is_staff:  # the coordination's own planning; members have their parts
        return result
    milestones = await Milestone.select().where(
        Milestone.tender.status.is_in(list(WATCHED))
        if ids is None
        else Milestone.tender.is_in(ids or [0])
    )
    titles = {t["id"]: t["title"] for t in rows}
    for m in milestones:
        result.append(
            Deadline(
                f"milestone-{m['id']}",
                "milestone",
                m["label"],
                titles.get(m["tender"], ""),
                m["due_at"],
                None,
                _tender_link(viewer, m["tender"], consortia.get(m["tender"], [])),
                done=bool(m["done"]),
                tender_id=m["tender"],
            )
        )
    return result


async def _section_deadlines(
    viewer: CurrentUser, consortium_ids: list[int] | None
) -> list[Deadline]:
    """Of the consortia given (None: of every tender being worked on, the coordination's)."""
    of = (
        Section.consortium.tender.status.is_in(list(WATCHED))  # type: ignore[union-attr]
        if consortium_ids is None
        else Section.consortium.is_in(consortium_ids or [0])
    )
    query = Section.select(
        Section.id,
        Section.consortium,
        Section.title,
        Section.status,
        Section.due_at,
        Section.assignee,
        Section.assignee_user,
        Section.consortium.tender.title.as_alias("tender_title"),  # type: ignore[union-attr]
    ).where(of & Section.due_at.is_not_null())
    result = []
    for s in await query:
        mine = (
            viewer.is_staff
            or s["assignee_user"] == viewer.id
            or (s["assignee_user"] is None and s["assignee"] == viewer.organisation_id)
        )
        if not mine:
            continue
        result.append(
            Deadline(
                f"section-{s['id']}",
                "section",
                "Partie du mémoire à rendre",
                f"« {s['title']} » — {s['tender_title']}",
                s["due_at"],
                None,
                f"/groupements/{s['consortium']}/parties/{s['id']}",
                done=s["status"] == "validee",
            )
        )
    return result


async def _member_deadlines(viewer: CurrentUser) -> list[Deadline]:
    if viewer.organisation_id is None:
        return []
    result = []
    invitations = await ConsortiumMember.select(
        ConsortiumMember.id,
        ConsortiumMember.consortium,
        ConsortiumMember.respond_by,
        ConsortiumMember.consortium.tender.title.as_alias(  # type: ignore[union-attr]
            "tender_title"
        ),
    ).where(
        (ConsortiumMember.organisation == viewer.organisation_id)
        & (ConsortiumMember.invitation == "pending")
        & ConsortiumMember.respond_by.is_not_null()
    )
    for inv in invitations:
        result.append(
            Deadline(
                f"invitation-{inv['id']}",
                "invitation",
                "Réponse à une invitation",
                f"Groupement « {inv['tender_title']} »",
                None,
                inv["respond_by"],
                f"/groupements/{inv['consortium']}",
            )
        )
    papers = await Certificate.select(
        Certificate.id, Certificate.kind, Certificate.title, Certificate.valid_until
    ).where(
        (Certificate.organisation == viewer.organisation_id)
        & Certificate.replaced_at.is_null()
        & Certificate.valid_until.is_not_null()
    )
    for paper in papers:
        kind = CERTIFICATE_KINDS.get(paper["kind"])
        name = kind.label if kind else "Attestation"
        result.append(
            Deadline(
                f"certificate-{paper['id']}",
                "certificate",
                "Fin de validité",
                f"{name} — {paper['title']}" if paper["title"] else name,
                None,
                paper["valid_until"],
                f"/structures/{viewer.organisation_id}/attestations",
            )
        )
    return result


async def deadlines_for(viewer: CurrentUser) -> list[Deadline]:
    """Every deadline of this person, soonest first (past ones included: the page splits)."""
    ids, consortia, joined = await _tenders_of(viewer)
    found = await _tender_deadlines(viewer, ids, consortia)
    found += await _section_deadlines(
        viewer, None if ids is None else [c for cs in consortia.values() for c in cs if c in joined]
    )
    found += await _member_deadlines(viewer)
    return sorted(found, key=lambda d: d.sort_key)


async def tender_deadlines(viewer: CurrentUser, tender_id: int) -> tuple[str, list[Deadline]]:
    """One tender's deadlines, for its .ics; 404 when the viewer does not follow it."""
    rows = await Tender.select(Tender.id, Tender.title).where(Tender.id == tender_id)
    joined: set[int] | None = None  # the coordination: every consortium
    if viewer.is_staff:
        consortia = {
            tender_id: [
                c["id"]
                for c in await Consortium.select(Consortium.id).where(
                    Consortium.tender == tender_id
                )
            ]
        }
    else:
        _, consortia, joined = await _tenders_of(viewer)
        if tender_id not in consortia:
            rows = []
    if not rows:
        raise NotFound("Cette consultation n'existe pas.")
    found = await _tender_deadlines(viewer, [tender_id], consortia)
    found += await _section_deadlines(
        viewer, [c for c in consortia.get(tender_id, []) if joined is None or c in joined]
    )
    return rows[0]["title"], sorted(found, key=lambda d: d.sort_key)


def upcoming(deadlines: list[Deadline], now: datetime) -> tuple[list[Deadline], list[Any]]:
    """(to come, overdue and not done) — for the page."""
    soon = [d for d in deadlines if d.to_come(now) and not d.done]
    late = [d for d in deadlines if d.sort_key < now and not d.done and d.kind == "section"]
    return soon, late
