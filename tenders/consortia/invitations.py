"""Inviting the members of a consortium, and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tenders import db
from tenders import text as texts
from tenders.accounts import service as accounts
from tenders.accounts.schemas import CurrentUser, UserOut
from tenders.accounts.tables import User
from tenders.audit import service as audit
from tenders.audit.actor import Actor, Someone
from tenders.clock import utcnow
from tenders.consortia import rules
from tenders.consortia.access import FROZEN, KNOWN, access, writable_row
from tenders.consortia.schemas import AnswerOut
from tenders.consortia.sections import release_parts
from tenders.consortia.service import (
    NOT_A_MEMBER,
    member_rows,
    membership,
    role_label,
)
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.consortia.wording import INVITATION_LABELS, ensure_none, on_behalf
from tenders.errors import Conflict, Forbidden, Invalid, NotFound
from tenders.formatting import to_paris
from tenders.jobs import DELIVER_MAIL, JobQueue
from tenders.mail.service import queue_mail
from tenders.members.access import ensure_staff
from tenders.settings import Settings


async def _mail_directors(
    member: dict[str, Any], common: dict[str, Any], settings: Settings
) -> list[int]:
    """The invitation mail to each active director of the member's structure."""
    directors = await User.select(User.email, User.full_name).where(
        (User.organisation == member["organisation_id"])
        & (User.is_active == True)  # noqa: E712
        & (User.role == "member")
    )
    context = common | {
        "organisation_name": member["name"],
        "role_label": role_label(member["role"]),
        "lots": member["lots"],
    }
    return [
        await queue_mail(
            "consortium_invitation",
            director["email"],
            "consortium_invitation",
            {"full_name": director["full_name"], **context},
            settings,
        )
        for director in directors
    ]


async def _mail_context(
    actor: CurrentUser, consortium_id: int, row: dict[str, Any], respond_by: date, base_url: str
) -> dict[str, Any]:
    """What every invitation mail of this consortium says."""
    lead = await ConsortiumMember.select(ConsortiumMember.organisation.name.as_alias("n")).where(
        (ConsortiumMember.consortium == consortium_id) & (ConsortiumMember.role == "mandataire")
    )
    buyer = await Consortium.select(Consortium.tender.buyer_name.as_alias("buyer")).where(
        Consortium.id == consortium_id
    )
    return {
        "inviter": actor.full_name,
        "tender_title": row["tender_title"],
        "buyer_name": buyer[0]["buyer"] if buyer else "",
        "offers_deadline": row["offers_deadline"],
        "offers_time_unknown": bool(row["offers_time_unknown"]),
        "lead_name": lead[0]["n"] if lead else "",
        "respond_by": respond_by,
        "link": f"{base_url}/groupements/{consortium_id}#invitation",
    }


@dataclass(frozen=True, slots=True)
class Invited:
    """The structures just invited: those whose directors were mailed, and those nobody
    could be mailed at (no director with an active account)."""

    mailed: tuple[str, ...] = ()
    unreached: tuple[str, ...] = ()


async def invite_members(
    actor: CurrentUser,
    consortium_id: int,
    settings: Settings,
    jobs: JobQueue,
    respond_by: date | None = None,
) -> Invited:
    """Invite every member not invited yet; mails go to each active director. A structure
    without one is invited all the same (its answer is still awaited) and named in
    ``Invited.unreached``."""
    ensure_staff(actor)
    row = await writable_row(consortium_id)
    today = utcnow().date()
    deadline = to_paris(row["offers_deadline"]).date() if row["offers_deadline"] else None
    respond_by = respond_by or rules.default_respond_by(today, deadline)
    ensure_none(rules.check_respond_by(respond_by, today))
    common = await _mail_context(actor, consortium_id, row, respond_by, settings.base_url)
    mails: list[int] = []
    reached: dict[str, list[str]] = {"mailed": [], "unreached": []}
    async with db.transaction():
        members = await member_rows(
            (ConsortiumMember.consortium == consortium_id) & (ConsortiumMember.invitation == "none")
        )
        for member in members:
            await ConsortiumMember.update(
                {
                    ConsortiumMember.invitation: "pending",
                    ConsortiumMember.invited_at: utcnow(),
                    ConsortiumMember.respond_by: respond_by,
                }
            ).where(ConsortiumMember.id == member["id"])
            sent = await _mail_directors(member, common, settings)
            reached["mailed" if sent else "unreached"].append(member["name"])
            mails += sent
        await audit.record(
            actor,
            "consortium.invited",
            ("consortium", consortium_id),
            detail={
                "organisations": [m["organisation_id"] for m in members],
                "unreached": reached["unreached"],
            },
        )
    for mail_id in mails:
        await jobs.enqueue(DELIVER_MAIL, mail_id)
    return Invited(**{k: tuple(v) for k, v in reached.items()})


async def invite_director(
    actor: CurrentUser,
    consortium_id: int,
    organisation_id: int,
    person: dict[str, str],
    settings: Settings,
    jobs: JobQueue,
) -> UserOut:
    """An account for a director of a member nobody can be reached at, from the consortium's
    page: the account invitation (``person``: the ``full_name`` and ``email`` typed), for
    that structure."""
    ensure_staff(actor)
    if not await ConsortiumMember.exists().where(membership(consortium_id, organisation_id)):
        raise NotFound(NOT_A_MEMBER)
    invited, _ = await accounts.invite(
        actor,
        email=person.get("email", ""),
        full_name=person.get("full_name", ""),
        role="member",
        organisation_id=organisation_id,
        settings=settings,
        jobs=jobs,
    )
    return invited


async def _answering(
    actor: CurrentUser, consortium_id: int, organisation_id: int | None
) -> tuple[int, Actor, dict[str, str]]:
    """The structure answered for and who the journal says answered: a director for their
    own structure, or the coordination « au nom de » a member (``organisation_id``)."""
    if organisation_id is None:
        if actor.organisation_id is None or actor.role != "member":
            raise Forbidden("Seule la direction de la structure invitée répond à l'invitation.")
        return actor.organisation_id, actor, {}
    ensure_staff(actor)
    rows = await ConsortiumMember.select(ConsortiumMember.organisation.name.as_alias("name")).where(
        membership(consortium_id, organisation_id)
    )
    if not rows:
        raise NotFound(NOT_A_MEMBER)
    behalf = on_behalf(rows[0]["name"])
    who = Someone(f"{actor.actor_label}, {behalf}", actor.ip, actor.id)
    return organisation_id, who, {"on_behalf": behalf}


async def answer(
    actor: CurrentUser,
    consortium_id: int,
    accept: bool,
    comment: str = "",
    organisation_id: int | None = None,
) -> AnswerOut:
    """A director of an invited structure accepts or declines, with a comment; or the
    coordination answers for the member ``organisation_id`` (it answered by phone, or nobody
    there has an account), which the journal records « au nom de » it. A structure that
    declines leaves the consortium's work: its parts go back to the coordination, and the
    consortium no longer exists for it (the coordination can invite it again)."""
    found = await access(actor, consortium_id)
    organisation, who, behalf = await _answering(actor, consortium_id, organisation_id)
    if found.frozen:
        raise Conflict(FROZEN)
    errors: dict[str, str] = {}
    text = texts.block("comment", comment, 2000, errors)
    if errors:
        raise Invalid(errors)
    where = membership(consortium_id, organisation)
    if not behalf:  # a director answers an invitation; the coordination records any answer
        where &= ConsortiumMember.invitation.is_in(sorted(KNOWN))
    async with db.transaction():
        updated = (
            await ConsortiumMember.update(
                {
                    ConsortiumMember.invitation: "accepted" if accept else "declined",
                    ConsortiumMember.answered_at: utcnow(),
                    ConsortiumMember.answered_by: actor.id,
                    ConsortiumMember.answer_comment: text,
                }
            )
            .where(where)
            .returning(ConsortiumMember.id)
        )
        if not updated:
            raise NotFound("Votre structure n'a pas d'invitation pour ce groupement.")
        if not accept:
            await release_parts(consortium_id, organisation)
        await audit.record(
            who,
            "consortium.accepted" if accept else "consortium.declined",
            ("consortium", consortium_id),
            detail={"organisation_id": organisation, **behalf},
        )
    state = "accepted" if accept else "declined"
    return AnswerOut(
        consortium_id=consortium_id,
        invitation=state,
        invitation_label=INVITATION_LABELS[state],
        answer_comment=text,
    )
