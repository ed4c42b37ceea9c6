"""References: contracts an organisation has carried out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from tenders import db, meaning
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.cpv import CpvError, parse
from tenders.errors import Invalid, NotFound
from tenders.fields import text_limits
from tenders.members.access import Person, ensure_manages, manages
from tenders.members.schemas import ReferenceIn, ReferenceOut
from tenders.members.service import ensure_organisation, update_row
from tenders.members.tables import Reference
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount

LIMITS = text_limits(ReferenceIn)


def clean_reference(data: ReferenceIn) -> dict[str, Any]:
    errors: dict[str, str] = {}
    buyer = " ".join(data.buyer.split())
    title = " ".join(data.title.split())
    if not buyer:
        errors["buyer"] = "Indiquez l'acheteur (par exemple : Ville de Valenciennes)."
    elif len(buyer) > LIMITS["buyer"].chars:
        errors["buyer"] = f"Le nom de l'acheteur ne doit pas dépasser {LIMITS['buyer']} caractères."
    if not title:
        errors["title"] = "Indiquez l'objet du marché."
    elif len(title) > LIMITS["title"].chars:
        errors["title"] = f"L'objet ne doit pas dépasser {LIMITS['title']} caractères."
    this_year = utcnow().year
    if not 1990 <= data.year <= this_year + 1:
        errors["year"] = f"Indiquez l'année du marché, entre 1990 et {this_year + 1}."
    amount: Decimal | None = None
    try:
        amount = parse_amount(data.amount)
    except NumberError as exc:
        errors["amount"] = exc.message
    cpv = ""
    if data.cpv_code.strip():
        try:
            cpv = parse(data.cpv_code).digits
        except CpvError as exc:
            errors["cpv_code"] = str(exc)
    if len(data.contact) > LIMITS["contact"].chars:
        errors["contact"] = f"Le contact ne doit pas dépasser {LIMITS['contact']} caractères."
    if len(data.description) > LIMITS["description"].chars:
        errors["description"] = (
            f"La description ne doit pas dépasser {LIMITS['description']} caractères."
        )
    if errors:
        raise Invalid(errors)
    return {
        "buyer": buyer,
        "title": title,
        "year": data.year,
        "amount": amount,
        "cpv_code": cpv,
        "contact": data.contact.strip(),
        "shareable": data.shareable,
        "description": data.description.strip(),
    }


def _out(row: dict[str, Any]) -> ReferenceOut:
    values = {**row, "organisation_id": row["organisation"], "amount": to_money(row["amount"])}
    return msgspec.convert(values, ReferenceOut)


async def list_references(organisation_id: int, viewer: Person) -> list[ReferenceOut]:
    """Everything to those who manage the organisation; the rest of the collective sees the
    references marked as showable, without the buyer's contact."""
    query = Reference.select().where(Reference.organisation == organisation_id)
    if not manages(viewer, organisation_id):
        query = query.where(Reference.shareable == True)  # noqa: E712
    rows = await query.order_by(Reference.year, ascending=False)
    refs = [_out(row) for row in rows]
    if not manages(viewer, organisation_id):
        for ref in refs:
            ref.contact = ""
    return refs


async def get_reference(organisation_id: int, reference_id: int) -> ReferenceOut:
    rows = await Reference.select().where(
        (Reference.id == reference_id) & (Reference.organisation == organisation_id)
    )
    if not rows:
        raise NotFound("Cette référence n'existe pas ou n'appartient pas à cette structure.")
    return _out(rows[0])


async def add_reference(actor: Person, organisation_id: int, data: ReferenceIn) -> ReferenceOut:
    ensure_manages(actor, organisation_id)
    values = clean_reference(data)
    values["meaning"] = await meaning.read_passage(values["title"], values["description"])
    now = utcnow()
    async with db.transaction():
        await ensure_organisation(organisation_id)
        rows = await Reference.insert(
            Reference(organisation=organisation_id, created_at=now, updated_at=now, **values)
        ).returning(Reference.id)
        reference_id = int(rows[0]["id"])
        await _record(actor, "reference.created", organisation_id, reference_id)
    return await get_reference(organisation_id, reference_id)


async def update_reference(
    actor: Person, organisation_id: int, reference_id: int, data: ReferenceIn
) -> ReferenceOut:
    ensure_manages(actor, organisation_id)
    await get_reference(organisation_id, reference_id)
    values = clean_reference(data)
    values["meaning"] = await meaning.read_passage(values["title"], values["description"])
    async with db.transaction():
        await update_row(Reference, reference_id, values)
        await _record(actor, "reference.updated", organisation_id, reference_id)
    return await get_reference(organisation_id, reference_id)


async def delete_reference(actor: Person, organisation_id: int, reference_id: int) -> None:
    ensure_manages(actor, organisation_id)
    await get_reference(organisation_id, reference_id)
    async with db.transaction():
        await Reference.delete().where(Reference.id == reference_id)
        await _record(actor, "reference.deleted", organisation_id, reference_id)


async def _record(actor: Person, action: str, organisation_id: int, reference_id: int) -> None:
    detail = {"organisation_id": organisation_id}
    await audit.record(actor, action, ("reference", reference_id), detail=detail)
