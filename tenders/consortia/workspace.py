"""A consortium's workspace: composition, split of work and price, bank details, freeze.

The rules are in tenders.consortia.rules (one lead; R2142-23, R2142-21, R2142-26; the split
of each lot) and their French in tenders.consortia.wording; here: reading the rows they need,
writing what they accept in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tenders import cache, db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia import rules
from tenders.consortia.access import (
    FROZEN,
    INVITED,
    KNOWN,
    access,
    consortia_of,
    ensure_can_see,
    writable_row,
)
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
from tenders.consortia.service import (
    NOT_A_MEMBER,
    member_rows,
    membership,
    rules_context,
    with_role_label,
)
from tenders.consortia.tables import Consortium, ConsortiumMember, ConsortiumShare
from tenders.consortia.wording import FORM_LABELS, INVITATION_LABELS, ensure_none
from tenders.errors import Conflict, Forbidden, NotFound
from tenders.members.access import ensure_staff
from tenders.money import to_money
from tenders.procurement.tables import Lot, StatusChange, Tender

FORMS = FORM_LABELS
ROLE_ORDER = {"mandataire": 0, "co_traitant": 1, "sous_traitant": 2}
CONCURRENT_CHANGE = (
    "Le groupement a été modifié ailleurs (par une autre personne ou dans un autre onglet) : "
    "rechargez la page et recommencez."
)


async def _split(consortium_id: int, tender_id: int) -> list[LotSplitOut]:
    """Each lot that has shares, in the tender's order, with its totals."""
    lots = (
        await Lot.select(Lot.key, Lot.title).where(Lot.tender == tender_id).order_by(Lot.position)
    )
    shares = await ConsortiumShare.select().where(ConsortiumShare.consortium == consortium_id)
    split = []
    for lot in lots:
        mine = [s for s in shares if s["lot_key"] == lot["key"]]
        if not mine:
            continue
        percents = [Decimal(str(s["percent"])) for s in mine]
        totals = rules.lot_totals([to_money(s["amount"]) for s in mine], percents)
        split.append(
            LotSplitOut(
                lot_key=lot["key"],
                lot_title=lot["title"],
                total=totals.total,
                percent_total=totals.percent_total,
                complete=totals.complete,
                shares=[
                    ShareOut(
                        lot_key=s["lot_key"],
                        organisation_id=s["organisation"],
                        amount=to_money(s["amount"]),
                        percent=percent.quantize(rules.TOLERANCE),
                        services=s["services"],
                    )
                    for s, percent in zip(mine, percents, strict=True)
                ],
            )
        )
    return split


def _member(viewer: CurrentUser, m: dict[str, Any], invited: bool) -> MemberDetail:
    shown = with_role_label(m)
    shown["invitation_label"] = INVITATION_LABELS.get(m["invitation"], m["invitation"])
    own = m["organisation_id"] == viewer.organisation_id
    # Bank details: the member's own directors and the coordination only. An invited
    # structure reads no other member's answer.
    if not (viewer.is_staff or own):
        shown |= {"iban": None, "bic": None}
    if invited and not own:
        shown["answer_comment"] = ""
    return msgspec.convert(shown, MemberDetail)


async def get_detail(viewer: CurrentUser, consortium_id: int) -> ConsortiumDetail:
    """The consortium as the viewer may read it (tenders/consortia/access.py): everything for
    the coordination and the structures that accepted; for a structure invited and not
    answered yet, what it needs to decide — no split, no other member's answer."""
    found = await access(viewer, consortium_id)
    row, invited = found.row, found.level == INVITED
    members = await member_rows(ConsortiumMember.consortium == consortium_id)
    detail = {
        **row,
        "tender_id": row["tender"],
        "lead_id": row["lead"],
        "offers_time_unknown": bool(row["offers_time_unknown"]),
        "form_label": FORMS.get(row["form"], "Forme à choisir"),
        "frozen": _frozen(row),
        "members": sorted(
            (_member(viewer, m, invited) for m in members),
            key=lambda m: (ROLE_ORDER.get(m.role, 9), m.name),
        ),
        "split": [] if invited else await _split(consortium_id, row["tender"]),
        "access": found.level,
    }
    return msgspec.convert(detail, ConsortiumDetail)


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


async def _write_members(consortium_id: int, data: CompositionIn) -> None:
    """Members as given: updated, added, and those no longer named gone with their shares."""
    existing = {
        m["organisation"]: m
        for m in await ConsortiumMember.select().where(ConsortiumMember.consortium == consortium_id)
    }
    for member in data.members:
        values: dict[Any, Any] = {
            ConsortiumMember.role: rules.stored_role(
                member.role, member.organisation_id, data.lead_id
            ),
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
            (ConsortiumShare.consortium == consortium_id) & ConsortiumShare.organisation.is_in(gone)
        )
        await ConsortiumMember.delete().where(
            (ConsortiumMember.consortium == consortium_id)
            & ConsortiumMember.organisation.is_in(gone)
        )


async def set_composition(
    actor: CurrentUser, consortium_id: int, data: CompositionIn
) -> ConsortiumDetail:
    """Form, lead and members at once, if they follow the rules (tenders.consortia.rules)."""
    ensure_staff(actor)
    row = await writable_row(consortium_id)
    ids = [m.organisation_id for m in data.members]
    try:
        async with db.transaction():
            context = await rules_context(
                row["tender"],
                ids,
                one_only=bool(row["one_only"]),
                forbid_alone=bool(row["forbid_alone"]),
                besides=consortium_id,
            )
            ensure_none(rules.check_composition(data, context))
            await Consortium.update(
                {
                    Consortium.form: data.form,
                    Consortium.lead: data.lead_id,
                    Consortium.updated_at: utcnow(),
                }
            ).where(Consortium.id == consortium_id)
            await _write_members(consortium_id, data)
            await audit.record(
                actor,
                "consortium.composition_changed",
                ("consortium", consortium_id),
                detail={"members": ids, "lead": data.lead_id},
            )
    except Exception as exc:
        if not db.is_unique_violation(exc):
            raise
        raise Conflict(CONCURRENT_CHANGE) from exc
    return await get_detail(actor, consortium_id)


async def set_split(actor: CurrentUser, consortium_id: int, data: SplitIn) -> ConsortiumDetail:
    """Shares per lot: the percentages of a lot add up to 100 %; when only amounts are given,
    the percentages follow from them."""
    ensure_staff(actor)
    await writable_row(consortium_id)
    members = (
        await ConsortiumMember.select(ConsortiumMember.organisation, ConsortiumMember.lots)
        .where(ConsortiumMember.consortium == consortium_id)
        .output(load_json=True)
    )
    carried = {m["organisation"]: m["lots"] for m in members}
    split = rules.check_split(carried, data.shares)
    ensure_none(split.problems)
    async with db.transaction():
        await ConsortiumShare.delete().where(ConsortiumShare.consortium == consortium_id)
        if split.rows:
            await ConsortiumShare.insert(
                *[
                    ConsortiumShare(
                        consortium=consortium_id,
                        lot_key=r.lot_key,
                        organisation=r.organisation_id,
                        amount=r.amount,
                        percent=r.percent,
                        services=r.services,
                    )
                    for r in split.rows
                ]
            )
        await audit.record(actor, "consortium.split_changed", ("consortium", consortium_id))
    return await get_detail(actor, consortium_id)


async def set_bank(
    actor: CurrentUser, consortium_id: int, organisation_id: int, data: BankIn
) -> ConsortiumDetail:
    """Bank details for the acte d'engagement: the member's directors or the coordination."""
    await ensure_can_see(actor, consortium_id)
    if not actor.is_staff and actor.organisation_id != organisation_id:
        raise Forbidden(
            "Seule la structure concernée ou la coordination saisit ses coordonnées bancaires."
        )
    await writable_row(consortium_id)
    bank = rules.check_bank(data.iban, data.bic)
    ensure_none(bank.problems)
    async with db.transaction():
        updated = (
            await ConsortiumMember.update(
                {ConsortiumMember.iban: bank.iban, ConsortiumMember.bic: bank.bic}
            )
            .where(membership(consortium_id, organisation_id))
            .returning(ConsortiumMember.id)
        )
        if not updated:
            raise NotFound(NOT_A_MEMBER)
        await audit.record(
            actor,
            "consortium.bank_changed",
            ("consortium", consortium_id),
            detail={"organisation_id": organisation_id},
        )
    return await get_detail(actor, consortium_id)


async def submit(actor: CurrentUser, consortium_id: int) -> ConsortiumDetail:
    """Record that the bid was submitted: composition and split are frozen from now on."""
    ensure_staff(actor)
    detail = await get_detail(actor, consortium_id)
    if detail.frozen:
        raise Conflict(FROZEN)
    complete = [lot.lot_key for lot in detail.split if lot.complete]
    ensure_none(rules.ready_to_submit(detail.form, [m.lots for m in detail.members], complete))
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
        await audit.record(actor, "consortium.submitted", ("consortium", consortium_id))
    await cache.bump("tenders")
    return await get_detail(actor, consortium_id)


async def remove_member(actor: CurrentUser, consortium_id: int, organisation_id: int) -> None:
    """A structure leaves (its own directors) or is removed (the coordination): its
    membership and its shares of the split go, its parts go back to the coordination; the
    lead cannot leave, and nothing moves once the bid is submitted. An invited structure may
    leave before answering."""
    row = (await access(actor, consortium_id)).row
    if not actor.is_staff and actor.organisation_id != organisation_id:
        raise Forbidden("Seule la coordination retire une autre structure du groupement.")
    if _frozen(row):
        raise Conflict(FROZEN)
    ensure_none(rules.may_leave(organisation_id, row["lead"]))
    async with db.transaction():
        removed = (
            await ConsortiumMember.delete()
            .where(membership(consortium_id, organisation_id))
            .returning(ConsortiumMember.id)
        )
        if not removed:
            raise NotFound(NOT_A_MEMBER)
        await ConsortiumShare.delete().where(
            (ConsortiumShare.consortium == consortium_id)
            & (ConsortiumShare.organisation == organisation_id)
        )
        await release_parts(consortium_id, organisation_id)
        await audit.record(
            actor,
            "consortium.left"
            if actor.organisation_id == organisation_id
            else "consortium.member_removed",
            ("consortium", consortium_id),
            detail={"organisation_id": organisation_id},
        )
