"""Consortium drafts, with the rules of the code de la commande publique that apply early:
one lead, and an organisation leads at most one consortium per tender (R2142-23)."""

from __future__ import annotations

from typing import Any

import msgspec

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut, MemberOut
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.errors import Conflict, Invalid, NotFound
from tenders.members.access import ensure_staff
from tenders.members.tables import Organisation
from tenders.procurement.tables import Lot, Tender

ROLES = {"mandataire": "Mandataire", "co_traitant": "Co-traitant", "sous_traitant": "Sous-traitant"}


def _json(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else (msgspec.json.decode(raw) if raw else [])


async def list_consortia(tender_id: int) -> list[ConsortiumOut]:
    consortia = (
        await Consortium.select().where(Consortium.tender == tender_id).order_by(Consortium.id)
    )
    if not consortia:
        return []
    members = await ConsortiumMember.select(
        ConsortiumMember.consortium,
        ConsortiumMember.organisation,
        ConsortiumMember.role,
        ConsortiumMember.lots,
        ConsortiumMember.score,
        ConsortiumMember.organisation.name.as_alias("name"),
    ).where(ConsortiumMember.consortium.is_in([c["id"] for c in consortia]))
    by_consortium: dict[int, list[MemberOut]] = {}
    for m in members:
        by_consortium.setdefault(m["consortium"], []).append(
            MemberOut(
                organisation_id=m["organisation"],
                name=m["name"],
                role=m["role"],
                role_label=ROLES.get(m["role"], m["role"]),
                lots=_json(m["lots"]),
                score=m["score"],
            )
        )
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


async def create_draft(
    actor: CurrentUser,
    tender_id: int,
    data: ConsortiumIn,
    scores: dict[int, int] | None = None,
    ip: str = "",
) -> ConsortiumOut:
    ensure_staff(actor)
    tender = await Tender.select(Tender.id, Tender.one_consortium_only).where(
        Tender.id == tender_id
    )
    if not tender:
        raise NotFound("Cette consultation n'existe pas.")
    lot_keys = {r["key"] for r in await Lot.select(Lot.key).where(Lot.tender == tender_id)}
    errors: dict[str, str] = {}
    ids = [m.organisation_id for m in data.members]
    if not data.members:
        errors["members"] = "Un groupement compte au moins un membre."
    if len(set(ids)) != len(ids):
        errors["members"] = "Une structure figure deux fois dans le groupement."
    if data.lead_id not in ids:
        errors["lead_id"] = "Le mandataire doit être l'un des membres du groupement."
    for member in data.members:
        unknown = [k for k in member.lots if k not in lot_keys]
        if unknown:
            errors["members"] = f"Lot inconnu dans cette consultation : {', '.join(unknown)}."
    known = {
        r["id"]
        for r in await Organisation.select(Organisation.id).where(Organisation.id.is_in(ids or [0]))
    }
    if set(ids) - known:
        errors["members"] = "Une des structures proposées n'existe pas."
    if errors:
        raise Invalid(errors)
    now = utcnow()
    async with db.transaction():
        others = await Consortium.select(Consortium.id, Consortium.lead).where(
            Consortium.tender == tender_id
        )
        if any(c["lead"] == data.lead_id for c in others):
            raise Conflict(
                "Cette structure est déjà mandataire d'un autre groupement pour cette "
                "consultation : une structure ne peut être mandataire que d'un seul "
                "groupement par consultation (article R2142-23 du code de la commande "
                "publique).",
                fields={"lead_id": "Déjà mandataire d'un autre groupement."},
            )
        if tender[0]["one_consortium_only"] and others:
            # A structure that declined another consortium is not engaged in it.
            taken = await ConsortiumMember.select(ConsortiumMember.organisation).where(
                ConsortiumMember.consortium.is_in([c["id"] for c in others])
                & (ConsortiumMember.invitation != "declined")
            )
            clash = {t["organisation"] for t in taken} & set(ids)
            if clash:
                raise Conflict(
                    "L'acheteur n'autorise qu'un seul groupement par membre, et une des "
                    "structures appartient déjà à un autre groupement pour cette consultation.",
                    fields={"members": "Structure déjà membre d'un autre groupement."},
                )
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
                    role="mandataire" if m.organisation_id == data.lead_id else "co_traitant",
                    lots=msgspec.json.encode(m.lots).decode(),
                    score=(scores or {}).get(m.organisation_id),
                )
                for m in data.members
            ]
        )
        await audit.record(
            "consortium.drafted",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="consortium",
            object_id=consortium_id,
            ip_address=ip,
            detail={"tender_id": tender_id, "members": ids},
        )
    return next(c for c in await list_consortia(tender_id) if c.id == consortium_id)
