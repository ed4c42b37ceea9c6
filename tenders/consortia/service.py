"""Consortium drafts, with the rules of the code de la commande publique that apply early
(tenders.consortia.rules): one lead among the members, and an organisation leads at most one
consortium per tender (R2142-23)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from piccolo.columns.combination import And

from tenders import db
from tenders.accounts.directors import director_counts
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia import rules
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut, MemberOut
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.consortia.wording import ROLE_LABELS, ensure_none
from tenders.errors import NotFound
from tenders.members.access import ensure_staff
from tenders.members.tables import Organisation
from tenders.procurement.tables import Lot, Tender

ROLES = ROLE_LABELS
NOT_A_MEMBER = "Cette structure n'est pas membre du groupement."


def membership(consortium_id: int, organisation_id: int) -> And:
    """The member row of this structure in this consortium."""
    return (ConsortiumMember.consortium == consortium_id) & (
        ConsortiumMember.organisation == organisation_id
    )


async def member_rows(where: Any) -> list[dict[str, Any]]:
    """Consortium members with all their columns, the organisation named ``organisation_id``
    beside its ``name`` as the answers name them, the lots as a list."""
    rows: list[dict[str, Any]] = (
        await ConsortiumMember.select(
            *ConsortiumMember.all_columns(exclude=[ConsortiumMember.organisation]),
            ConsortiumMember.organisation.as_alias("organisation_id"),
            ConsortiumMember.organisation.name.as_alias("name"),
        )
        .where(where)
        .output(load_json=True)
    )
    return rows


async def directorless(organisation_ids: list[int]) -> set[int]:
    """Those of ``organisation_ids`` nobody can be reached at: no director with an active
    account, so no invitation mail and nobody to write their parts."""
    counts = await director_counts(*organisation_ids) if organisation_ids else {}
    return {org for org in organisation_ids if not counts.get(org)}


async def default_outline(consortium_id: int, titles: Sequence[str]) -> rules.Outline:
    """The mémoire's default outline for this consortium's structures taking part (not those
    that declined), as ``rules.default_outline`` gives the parts out."""
    members = (
        await ConsortiumMember.select(
            ConsortiumMember.organisation,
            ConsortiumMember.organisation.name.as_alias("name"),
            ConsortiumMember.role,
        )
        .where(
            (ConsortiumMember.consortium == consortium_id)
            & (ConsortiumMember.invitation != rules.DECLINED)
        )
        .order_by(ConsortiumMember.id)
    )
    unreachable = await directorless([m["organisation"] for m in members])
    return rules.default_outline(
        titles,
        [
            rules.OutlineMember(
                m["organisation"], m["name"], m["role"], m["organisation"] not in unreachable
            )
            for m in members
        ],
    )


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def with_role_label(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "role_label": role_label(row["role"])}


async def list_consortia(tender_id: int) -> list[ConsortiumOut]:
    consortia = (
        await Consortium.select().where(Consortium.tender == tender_id).order_by(Consortium.id)
    )
    if not consortia:
        return []
    members = await member_rows(ConsortiumMember.consortium.is_in([c["id"] for c in consortia]))
    by_consortium: dict[int, list[MemberOut]] = {}
    for m in members:
        member = msgspec.convert(with_role_label(m), MemberOut)
        by_consortium.setdefault(m["consortium"], []).append(member)
    return [
        ConsortiumOut(
            id=c["id"],
            tender_id=tender_id,
            lead_id=c["lead"],
            status=c["status"],
            members=sorted(
                by_consortium.get(c["id"], []), key=lambda m: (m.role != "mandataire", m.name)
            ),
            created_at=c["created_at"],
        )
        for c in consortia
    ]


async def rules_context(
    tender_id: int,
    ids: list[int],
    *,
    one_only: bool,
    forbid_alone: bool = False,
    besides: int | None = None,
) -> rules.Context:
    """What the composition rules read: the tender's lots, which of ``ids`` exist, and the
    other consortia on this tender (``besides``: the one being changed) with the members
    engaged in them."""
    lot_keys = {r["key"] for r in await Lot.select(Lot.key).where(Lot.tender == tender_id)}
    existing = await Organisation.select(Organisation.id).where(Organisation.id.is_in(ids or [0]))
    query = Consortium.select(Consortium.id, Consortium.lead).where(Consortium.tender == tender_id)
    others = await (query.where(Consortium.id != besides) if besides is not None else query)
    engaged: dict[int, set[int]] = {}
    for m in await ConsortiumMember.select(
        ConsortiumMember.consortium, ConsortiumMember.organisation, ConsortiumMember.invitation
    ).where(ConsortiumMember.consortium.is_in([o["id"] for o in others] or [0])):
        if rules.engaged(m["invitation"]):
            engaged.setdefault(m["consortium"], set()).add(m["organisation"])
    return rules.Context(
        lot_keys=frozenset(lot_keys),
        existing=frozenset(r["id"] for r in existing),
        others=tuple(
            rules.OtherConsortium(o["id"], o["lead"], frozenset(engaged.get(o["id"], ())))
            for o in others
        ),
        one_consortium_only=one_only,
        forbid_alone=forbid_alone,
    )


async def create_draft(
    actor: CurrentUser,
    tender_id: int,
    data: ConsortiumIn,
    scores: dict[int, int] | None = None,
) -> ConsortiumOut:
    """A draft consortium from the matching proposal; the lead is its mandataire, the others
    co-traitants until the coordination sets the composition."""
    ensure_staff(actor)
    tender = await Tender.select(Tender.id, Tender.one_consortium_only).where(
        Tender.id == tender_id
    )
    if not tender:
        raise NotFound("Cette consultation n'existe pas.")
    ids = [m.organisation_id for m in data.members]
    now = utcnow()
    async with db.transaction():
        context = await rules_context(
            tender_id, ids, one_only=bool(tender[0]["one_consortium_only"])
        )
        ensure_none(rules.check_draft(data, context))
        rows = await Consortium.insert(
            Consortium(
                tender=tender_id,
                lead=data.lead_id,
                status="draft",
                created_by=actor.id,
                created_at=now,
                updated_at=now,
            )
        ).returning(Consortium.id)
        consortium_id = int(rows[0]["id"])
        await ConsortiumMember.insert(
            *[
                ConsortiumMember(
                    consortium=consortium_id,
                    organisation=m.organisation_id,
                    role=rules.stored_role("co_traitant", m.organisation_id, data.lead_id),
                    lots=msgspec.json.encode(m.lots).decode(),
                    score=(scores or {}).get(m.organisation_id),
                )
                for m in data.members
            ]
        )
        await audit.record(
            actor,
            "consortium.drafted",
            ("consortium", consortium_id),
            detail={"tender_id": tender_id, "members": ids},
        )
    return next(c for c in await list_consortia(tender_id) if c.id == consortium_id)
