"""A consortium's workspace: composition, split of work and price, bank details, freeze.

The rules of the code de la commande publique enforced here: exactly one lead (mandataire);
an organisation leads at most one consortium per tender (R2142-23); when the buyer forbids
it, an organisation belongs to one consortium only and does not also bid alone (R2142-21);
once the bid is submitted the composition is frozen (R2142-26)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from tenders import cache, db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia.access import (
    FROZEN,
    INVITED,
    KNOWN,
    access,
    consortia_of,
    ensure_can_see,
)
from tenders.consortia.access import consortium_row as _row
from tenders.consortia.access import frozen as _frozen
from tenders.consortia.schemas import (
    BankIn,
    CompositionIn,
    ConsortiumDetail,
    LotSplitOut,
    MemberDetail,
    ShareOut,
    SplitIn,
)
from tenders.consortia.sections import release_parts
from tenders.consortia.service import ROLES
from tenders.consortia.tables import Consortium, ConsortiumMember, ConsortiumShare
from tenders.errors import Conflict, Forbidden, Invalid, NotFound
from tenders.members.access import ensure_staff
from tenders.members.tables import Organisation
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount, parse_percent
from tenders.procurement.tables import Lot, StatusChange, Tender

FORMS = {
    "conjoint": "Groupement conjoint",
    "solidaire": "Groupement solidaire",
    "conjoint_solidaire": "Groupement conjoint, mandataire solidaire",
}
INVITATION_LABELS = {
    "none": "Pas encore invitée",
    "pending": "Invitation en attente de réponse",
    "accepted": "A accepté",
    "declined": "A décliné",
}
HUNDRED = Decimal(100)
TOLERANCE = Decimal("0.01")


def _json(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else (msgspec.json.decode(raw) if raw else [])


async def get_detail(viewer: CurrentUser, consortium_id: int) -> ConsortiumDetail:
    """The consortium as the viewer may read it (tenders/consortia/access.py): everything for
    the coordination and the structures that accepted; for a structure invited and not
    answered yet, what it needs to decide — no split, no other member's answer."""
    found = await access(viewer, consortium_id)
    row, invited = found.row, found.level == INVITED
    members = await ConsortiumMember.select(
        *ConsortiumMember.all_columns(),
        ConsortiumMember.organisation.name.as_alias("name"),
    ).where(ConsortiumMember.consortium == consortium_id)
    lots = (
        await Lot.select(Lot.key, Lot.title)
        .where(Lot.tender == row["tender"])
        .order_by(Lot.position)
    )
    shares = (
        []
        if invited
        else await ConsortiumShare.select().where(ConsortiumShare.consortium == consortium_id)
    )
    split = []
    for lot in lots:
        mine = [s for s in shares if s["lot_key"] == lot["key"]]
        if not mine:
            continue
        amounts = [to_money(s["amount"]) for s in mine]
        percent_total = sum((Decimal(str(s["percent"])) for s in mine), Decimal(0))
        split.append(
            LotSplitOut(
                lot_key=lot["key"],
                lot_title=lot["title"],
                total=sum((a for a in amounts if a is not None), Decimal(0))
                if any(a is not None for a in amounts)
                else None,
                percent_total=percent_total.quantize(TOLERANCE),
                complete=abs(percent_total - HUNDRED) <= TOLERANCE,
                shares=[
                    ShareOut(
                        lot_key=s["lot_key"],
                        organisation_id=s["organisation"],
                        amount=to_money(s["amount"]),
                        percent=Decimal(str(s["percent"])).quantize(TOLERANCE),
                        services=s["services"],
                    )
                    for s in mine
                ],
            )
        )
    own = viewer.organisation_id

    def bank(member: dict[str, Any], field: str) -> str | None:
        # Bank details: the member's own directors and the coordination only.
        return member[field] if viewer.is_staff or member["organisation"] == own else None

    order = {"mandataire": 0, "co_traitant": 1, "sous_traitant": 2}
    return ConsortiumDetail(
        id=row["id"],
        tender_id=row["tender"],
        tender_title=row["tender_title"],
        tender_status=row["tender_status"],
        offers_deadline=row["offers_deadline"],
        offers_time_unknown=bool(row["offers_time_unknown"]),
        form=row["form"],
        form_label=FORMS.get(row["form"], "Forme à choisir"),
        lead_id=row["lead"],
        status=row["status"],
        frozen=_frozen(row),
        submitted_at=row["submitted_at"],
        members=sorted(
            (
                MemberDetail(
                    organisation_id=m["organisation"],
                    name=m["name"],
                    role=m["role"],
                    role_label=ROLES.get(m["role"], m["role"]),
                    lots=_json(m["lots"]),
                    subcontractor_of=m["subcontractor_of"],
                    services=m["services"],
                    iban=bank(m, "iban"),
                    bic=bank(m, "bic"),
                    invitation=m["invitation"],
                    invitation_label=INVITATION_LABELS.get(m["invitation"], m["invitation"]),
                    respond_by=m["respond_by"],
                    answer_comment=m["answer_comment"]
                    if not invited or m["organisation"] == own
                    else "",
                )
                for m in members
            ),
            key=lambda m: (order.get(m.role, 9), m.name),
        ),
        split=split,
        access=found.level,
    )


async def list_for(viewer: CurrentUser) -> list[dict[str, Any]]:
    """The consortia a person may open: all for staff; for a director, those their structure
    was invited to (not declined) or joined."""
    query = Consortium.select(
        Consortium.id,
        Consortium.status,
        Consortium.submitted_at,
        Consortium.tender.title.as_alias("tender_title"),
        Consortium.tender.offers_deadline.as_alias("offers_deadline"),
        Consortium.tender.offers_time_unknown.as_alias("offers_time_unknown"),
        Consortium.lead.name.as_alias("lead_name"),
    )
    if not viewer.is_staff:
        ids = await consortia_of(viewer.organisation_id, KNOWN)
        if not ids:
            return []
        query = query.where(Consortium.id.is_in(ids))
    return list(await query.order_by(Consortium.id, ascending=False))


async def set_composition(
    actor: CurrentUser, consortium_id: int, data: CompositionIn, ip: str = ""
) -> ConsortiumDetail:
    ensure_staff(actor)
    row = await _row(consortium_id)
    if _frozen(row):
        raise Conflict(FROZEN)
    lot_keys = {r["key"] for r in await Lot.select(Lot.key).where(Lot.tender == row["tender"])}
    errors: dict[str, str] = {}
    if data.form not in FORMS:
        errors["form"] = "Choisissez la forme du groupement : conjoint ou solidaire."
    ids = [m.organisation_id for m in data.members]
    if len(set(ids)) != len(ids):
        errors["members"] = "Une structure figure deux fois dans le groupement."
    leads = [m for m in data.members if m.role == "mandataire"]
    if data.lead_id not in ids:
        errors["lead_id"] = "Le mandataire doit être l'un des membres du groupement."
    elif len(leads) > 1 or (leads and leads[0].organisation_id != data.lead_id):
        errors["lead_id"] = "Un groupement a un seul mandataire."
    for member in data.members:
        if member.role not in ROLES:
            errors["members"] = "Rôle inconnu : mandataire, co-traitant ou sous-traitant."
        if member.role == "sous_traitant" and (
            member.subcontractor_of not in ids or member.subcontractor_of == member.organisation_id
        ):
            errors["members"] = (
                "Un sous-traitant travaille pour un membre du groupement : indiquez lequel."
            )
        unknown = [k for k in member.lots if k not in lot_keys]
        if unknown:
            errors["members"] = f"Lot inconnu dans cette consultation : {', '.join(unknown)}."
        if len(member.services) > 5000:
            errors["members"] = "La description des prestations dépasse 5 000 caractères."
    known = {
        r["id"]
        for r in await Organisation.select(Organisation.id).where(Organisation.id.is_in(ids or [0]))
    }
    if set(ids) - known:
        errors["members"] = "Une des structures n'existe pas."
    if errors:
        raise Invalid(errors)
    try:
        async with db.transaction():
            others = await Consortium.select(Consortium.id, Consortium.lead).where(
                (Consortium.tender == row["tender"]) & (Consortium.id != consortium_id)
            )
            if any(o["lead"] == data.lead_id for o in others):
                raise Conflict(
                    "Cette structure est déjà mandataire d'un autre groupement pour cette "
                    "consultation (article R2142-23 du code de la commande publique).",
                    fields={"lead_id": "Déjà mandataire d'un autre groupement."},
                )
            if (row["forbid_alone"] or row["one_only"]) and others:
                taken = await ConsortiumMember.select(
                    ConsortiumMember.organisation, ConsortiumMember.consortium
                ).where(
                    ConsortiumMember.consortium.is_in([o["id"] for o in others])
                    # A structure that declined another consortium is not engaged in it.
                    & (ConsortiumMember.invitation != "declined")
                )
                clash = {t["organisation"] for t in taken} & set(ids)
                if clash:
                    raise Conflict(
                        "L'acheteur interdit à une structure de répondre dans plusieurs "
                        "groupements, ou à la fois seule et en groupement (article R2142-21 du "
                        "code de la commande publique) : une des structures répond déjà par "
                        "ailleurs à cette consultation.",
                        fields={"members": "Structure déjà engagée dans une autre réponse."},
                    )
            await Consortium.update(
                {
                    Consortium.form: data.form,
                    Consortium.lead: data.lead_id,
                    Consortium.updated_at: utcnow(),
                }
            ).where(Consortium.id == consortium_id)
            existing = {
                m["organisation"]: m
                for m in await ConsortiumMember.select().where(
                    ConsortiumMember.consortium == consortium_id
                )
            }
            for member in data.members:
                values: dict[Any, Any] = {
                    ConsortiumMember.role: "mandataire"
                    if member.organisation_id == data.lead_id
                    else member.role
                    if member.role != "mandataire"
                    else "co_traitant",
                    ConsortiumMember.lots: msgspec.json.encode(member.lots).decode(),
                    ConsortiumMember.subcontractor_of: member.subcontractor_of
                    if member.role == "sous_traitant"
                    else None,
                    ConsortiumMember.services: member.services.strip(),
                }
                if member.organisation_id in existing:
                    await ConsortiumMember.update(values).where(
                        ConsortiumMember.id == existing.pop(member.organisation_id)["id"]
                    )
                else:
                    await ConsortiumMember.insert(
                        ConsortiumMember(
                            consortium=consortium_id,
                            organisation=member.organisation_id,
                            **{k._meta.name: v for k, v in values.items()},
                        )
                    )
            if existing:
                gone = list(existing)
                await ConsortiumShare.delete().where(
                    (ConsortiumShare.consortium == consortium_id)
                    & ConsortiumShare.organisation.is_in(gone)
                )
                await ConsortiumMember.delete().where(
                    (ConsortiumMember.consortium == consortium_id)
                    & ConsortiumMember.organisation.is_in(gone)
                )
            await audit.record(
                "consortium.composition_changed",
                actor_id=actor.id,
                actor_label=actor.email,
                object_type="consortium",
                object_id=consortium_id,
                ip_address=ip,
                detail={"members": ids, "lead": data.lead_id},
            )
    except Exception as exc:
        if not db.is_unique_violation(exc):
            raise
        raise Conflict(
            "Le groupement a été modifié en même temps par quelqu'un d'autre : rechargez la "
            "page et recommencez."
        ) from exc
    return await get_detail(actor, consortium_id)


async def set_split(
    actor: CurrentUser, consortium_id: int, data: SplitIn, ip: str = ""
) -> ConsortiumDetail:
    """Shares per lot: the percentages of a lot add up to 100 %; when only amounts are given,
    the percentages follow from them."""
    ensure_staff(actor)
    row = await _row(consortium_id)
    if _frozen(row):
        raise Conflict(FROZEN)
    members = {
        m["organisation"]: _json(m["lots"])
        for m in await ConsortiumMember.select(
            ConsortiumMember.organisation, ConsortiumMember.lots
        ).where(ConsortiumMember.consortium == consortium_id)
    }
    errors: dict[str, str] = {}
    by_lot: dict[str, list[Any]] = {}
    for index, share in enumerate(data.shares):
        try:
            share.amount = parse_amount(share.amount)
        except NumberError as exc:
            errors[f"shares[{index}].amount"] = exc.message
            continue
        try:
            share.percent = parse_percent(share.percent)
        except NumberError as exc:
            errors[f"shares[{index}].percent"] = exc.message
            continue
        if share.organisation_id not in members:
            errors["shares"] = "Une part est attribuée à une structure hors du groupement."
            continue
        if share.lot_key not in members[share.organisation_id]:
            errors["shares"] = (
                f"Une part du lot {share.lot_key} est attribuée à une "
                "structure qui ne porte pas ce lot."
            )
            continue
        by_lot.setdefault(share.lot_key, []).append(share)
    rows: list[tuple[str, int, Decimal | None, Decimal, str]] = []
    for key, shares in by_lot.items():
        amounts = [s.amount for s in shares]
        if all(s.percent is None for s in shares):
            total = sum((a for a in amounts if a is not None), Decimal(0))
            if None in amounts or total <= 0:
                errors[f"lot_{key}"] = (
                    f"Lot {key} : indiquez le montant ou le pourcentage de chaque membre."
                )
                continue
            percents = [(a or Decimal(0)) * HUNDRED / total for a in amounts]
        elif any(s.percent is None for s in shares):
            errors[f"lot_{key}"] = f"Lot {key} : indiquez le pourcentage de chaque membre."
            continue
        else:
            percents = [s.percent or Decimal(0) for s in shares]
        percent_total = sum(percents, Decimal(0))
        if abs(percent_total - HUNDRED) > TOLERANCE:
            shown = f"{percent_total.quantize(TOLERANCE)}".replace(".", ",")
            errors[f"lot_{key}"] = f"Lot {key} : les parts font {shown} % au lieu de 100 %."
            continue
        for s in shares:
            if len(s.services) > 2000:
                errors[f"lot_{key}"] = (
                    f"Lot {key} : la description des prestations dépasse 2 000 caractères."
                )
        rows += [
            (
                key,
                s.organisation_id,
                to_money(s.amount),
                p.quantize(Decimal("0.0001")),
                s.services.strip(),
            )
            for s, p in zip(shares, percents, strict=True)
        ]
    if errors:
        raise Invalid(errors)
    async with db.transaction():
        await ConsortiumShare.delete().where(ConsortiumShare.consortium == consortium_id)
        if rows:
            await ConsortiumShare.insert(
                *[
                    ConsortiumShare(
                        consortium=consortium_id,
                        lot_key=k,
                        organisation=o,
                        amount=a,
                        percent=p,
                        services=text,
                    )
                    for k, o, a, p, text in rows
                ]
            )
        await audit.record(
            "consortium.split_changed",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="consortium",
            object_id=consortium_id,
            ip_address=ip,
        )
    return await get_detail(actor, consortium_id)


async def set_bank(
    actor: CurrentUser, consortium_id: int, organisation_id: int, data: BankIn, ip: str = ""
) -> ConsortiumDetail:
    """Bank details for the acte d'engagement: the member's directors or the coordination."""
    await ensure_can_see(actor, consortium_id)
    if not actor.is_staff and actor.organisation_id != organisation_id:
        raise Forbidden(
            "Seule la structure concernée ou la coordination saisit ses coordonnées bancaires."
        )
    row = await _row(consortium_id)
    if _frozen(row):
        raise Conflict(FROZEN)
    errors: dict[str, str] = {}
    iban = stdnum_iban.compact(data.iban or "")
    bic = stdnum_bic.compact(data.bic or "")
    try:
        if iban:
            iban = stdnum_iban.validate(iban)
    except ValidationError:
        errors["iban"] = "Cet IBAN n'est pas valide : vérifiez-le sur votre RIB."
    try:
        if bic:
            bic = stdnum_bic.validate(bic)
    except ValidationError:
        errors["bic"] = "Ce BIC n'est pas valide (8 ou 11 caractères, par exemple CCBPFRPPLIL)."
    if errors:
        raise Invalid(errors)
    async with db.transaction():
        updated = (
            await ConsortiumMember.update({ConsortiumMember.iban: iban, ConsortiumMember.bic: bic})
            .where(
                (ConsortiumMember.consortium == consortium_id)
                & (ConsortiumMember.organisation == organisation_id)
            )
            .returning(ConsortiumMember.id)
        )
        if not updated:
            raise NotFound("Cette structure n'est pas membre du groupement.")
        await audit.record(
            "consortium.bank_changed",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="consortium",
            object_id=consortium_id,
            ip_address=ip,
            detail={"organisation_id": organisation_id},
        )
    return await get_detail(actor, consortium_id)


async def submit(actor: CurrentUser, consortium_id: int, ip: str = "") -> ConsortiumDetail:
    """Record that the bid was submitted: composition and split are frozen from now on."""
    ensure_staff(actor)
    detail = await get_detail(actor, consortium_id)
    if detail.frozen:
        raise Conflict(FROZEN)
    covered = sorted({key for m in detail.members for key in m.lots})
    complete = {lot.lot_key for lot in detail.split if lot.complete}
    problems = [f"lot {key}" for key in covered if key not in complete]
    if problems or not detail.form or not covered:
        raise Conflict(
            "Avant le dépôt, choisissez la forme du groupement et répartissez chaque lot "
            "entre ses membres" + (f" (à faire : {', '.join(problems)})" if problems else "") + "."
        )
    async with db.transaction():
        now = utcnow()
        await Consortium.update(
            {Consortium.submitted_at: now, Consortium.status: "submitted"}
        ).where(Consortium.id == consortium_id)
        # The tender follows: « Déposée » (its reminders stop), with the change in its history.
        if detail.tender_status in {"go", "en_preparation"}:
            await Tender.update({Tender.status: "deposee", Tender.updated_at: now}).where(
                Tender.id == detail.tender_id
            )
            await StatusChange.insert(
                StatusChange(
                    tender=detail.tender_id,
                    from_status=detail.tender_status,
                    to_status="deposee",
                    reason="Dossier du groupement déposé",
                    changed_by=actor.id,
                    changed_at=now,
                )
            )
        await audit.record(
            "consortium.submitted",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="consortium",
            object_id=consortium_id,
            ip_address=ip,
        )
    await cache.bump("tenders")
    return await get_detail(actor, consortium_id)


async def remove_member(
    actor: CurrentUser, consortium_id: int, organisation_id: int, ip: str = ""
) -> None:
    """A structure leaves (its own directors) or is removed (the coordination): its
    membership and its shares of the split go, its parts go back to the coordination; the
    lead cannot leave, and nothing moves once the bid is submitted. An invited structure may
    leave before answering."""
    row = (await access(actor, consortium_id)).row
    if not actor.is_staff and actor.organisation_id != organisation_id:
        raise Forbidden("Seule la coordination retire une autre structure du groupement.")
    if _frozen(row):
        raise Conflict(FROZEN)
    if row["lead"] == organisation_id:
        raise Conflict(
            "Le mandataire ne peut pas quitter le groupement : désignez d'abord "
            "un autre mandataire."
        )
    async with db.transaction():
        removed = (
            await ConsortiumMember.delete()
            .where(
                (ConsortiumMember.consortium == consortium_id)
                & (ConsortiumMember.organisation == organisation_id)
            )
            .returning(ConsortiumMember.id)
        )
        if not removed:
            raise NotFound("Cette structure n'est pas membre du groupement.")
        await ConsortiumShare.delete().where(
            (ConsortiumShare.consortium == consortium_id)
            & (ConsortiumShare.organisation == organisation_id)
        )
        await release_parts(consortium_id, organisation_id)
        await audit.record(
            "consortium.left"
            if actor.organisation_id == organisation_id
            else "consortium.member_removed",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="consortium",
            object_id=consortium_id,
            ip_address=ip,
            detail={"organisation_id": organisation_id},
        )
