"""Capabilities: what an organisation can deliver, where, with which CPV codes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import msgspec
from piccolo.columns.combination import Combinable
from piccolo.query import Select

from tenders import db, meaning
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.cpv import CpvError, parse
from tenders.cpv.labels import labels as cpv_labels
from tenders.errors import Invalid, NotFound
from tenders.fields import text_limits
from tenders.members.access import Person, ensure_manages
from tenders.members.identifiers import IdentifierError, clean_departement
from tenders.members.schemas import CapabilityIn, CapabilityOut, CpvOut
from tenders.members.service import ensure_organisation, update_row
from tenders.members.tables import (
    Capability,
    CapabilityArea,
    CapabilityCpv,
    Organisation,
    Reference,
)
from tenders.members.vocabulary import CAPABILITY_KINDS
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount

LIMITS = text_limits(CapabilityIn)


def _area(data: CapabilityIn, errors: dict[str, str]) -> tuple[list[str], list[str]]:
    """The départements (two or three characters, each once) and communes covered."""
    departements: list[str] = []
    for raw in data.departements:
        if not raw.strip():
            continue
        try:
            code = clean_departement(raw)
        except IdentifierError as exc:
            errors["departements"] = str(exc)
            continue
        if code not in departements:
            departements.append(code)
    communes = [" ".join(c.split()) for c in data.communes if c.strip()]
    if any(len(c) > 120 for c in communes):
        errors["communes"] = "Un nom de commune ne dépasse pas 120 caractères."
    elif len(communes) > 100:
        errors["communes"] = (
            f"Vous avez indiqué {len(communes)} communes pour 100 au plus : "
            "indiquez plutôt les départements ou un rayon."
        )
    return departements, communes


@dataclass(frozen=True)
class Cleaned:
    """A capability checked: its columns, and what its search index is made of."""

    values: dict[str, Any]
    codes: list[str]  # 8 digits each
    departements: list[str]
    near_home: bool  # a radius or communes: around the organisation's own département


def clean_capability(data: CapabilityIn) -> Cleaned:
    """Checked values, CPV codes and départements; Invalid with every problem."""
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = (
            "Donnez un intitulé à ce savoir-faire (par exemple : Entretien d'espaces verts)."
        )
    elif len(title) > LIMITS["title"].chars:
        errors["title"] = f"L'intitulé ne doit pas dépasser {LIMITS['title']} caractères."
    if data.kind not in CAPABILITY_KINDS:
        errors["kind"] = (
            "Choisissez la nature : services, fournitures, travaux "
            "ou mise à disposition de personnel."
        )
    codes = _codes(data, errors)
    departements, communes = _area(data, errors)
    if data.radius_km is not None and not 1 <= data.radius_km <= 1000:
        errors["radius_km"] = "Le rayon d'intervention se compte entre 1 et 1 000 km."
    if not departements and not communes and data.radius_km is None:
        errors["departements"] = (
            "Indiquez le territoire couvert : des départements, des communes ou un rayon "
            "autour de la structure."
        )
    if data.people_available is not None and not 0 <= data.people_available <= 100_000:
        errors["people_available"] = "Indiquez un nombre de personnes entre 0 et 100 000."
    value: Decimal | None = None
    try:
        value = parse_amount(data.max_contract_value)
    except NumberError as exc:
        errors["max_contract_value"] = exc.message
    if len(data.description) > LIMITS["description"].chars:
        errors["description"] = (
            f"La description ne doit pas dépasser {LIMITS['description']} caractères."
        )
    if errors:
        raise Invalid(errors)
    values = {
        "title": title,
        "kind": data.kind,
        "description": data.description.strip(),
        "cpv_codes": msgspec.json.encode(codes).decode(),
        "departements": msgspec.json.encode(departements).decode(),
        "communes": msgspec.json.encode(communes).decode(),
        "radius_km": data.radius_km,
        "people_available": data.people_available,
        "max_contract_value": value,
    }
    return Cleaned(values, codes, departements, bool(data.radius_km or data.communes))


def _codes(data: CapabilityIn, errors: dict[str, str]) -> list[str]:
    """The CPV codes as 8 digits, each once (between 1 and 30)."""
    codes: list[str] = []
    for raw in data.cpv_codes:
        if not raw.strip():
            continue
        try:
            code = parse(raw).digits
        except CpvError as exc:
            errors["cpv_codes"] = str(exc)
            continue
        if code not in codes:
            codes.append(code)
    if not codes and "cpv_codes" not in errors:
        errors["cpv_codes"] = "Indiquez au moins un code CPV (par exemple 77310000-6)."
    if len(codes) > 30:
        errors["cpv_codes"] = "30 codes CPV au plus par savoir-faire."
    return codes


async def _to_out(rows: list[dict[str, Any]]) -> list[CapabilityOut]:
    """Rows read with their JSON lists loaded (``output(load_json=True)``)."""
    names = await cpv_labels(sorted({code for row in rows for code in row["cpv_codes"]}))
    return [
        msgspec.convert(
            {
                **row,
                "organisation_id": row["organisation"],
                "kind_label": CAPABILITY_KINDS.get(row["kind"], row["kind"]),
                "cpv": [
                    CpvOut(code=c, full_code=parse(c).full, label=names.get(c))
                    for c in row["cpv_codes"]
                ],
                "max_contract_value": to_money(row["max_contract_value"]),
            },
            CapabilityOut,
        )
        for row in rows
    ]


def _select(*where: Combinable) -> Select:
    """Capabilities as ``_to_out`` reads them."""
    return Capability.select().where(*where).output(load_json=True)


async def list_capabilities(organisation_id: int) -> list[CapabilityOut]:
    rows = await _select(Capability.organisation == organisation_id).order_by(Capability.title)
    return await _to_out(rows)


async def get_capability(organisation_id: int, capability_id: int) -> CapabilityOut:
    rows = await _select(Capability.id == capability_id, Capability.organisation == organisation_id)
    if not rows:
        raise NotFound("Ce savoir-faire n'existe pas ou n'appartient pas à cette structure.")
    return (await _to_out(rows))[0]


async def _write_index(capability_id: int, organisation_id: int, cleaned: Cleaned) -> None:
    await CapabilityCpv.delete().where(CapabilityCpv.capability == capability_id)
    await CapabilityArea.delete().where(CapabilityArea.capability == capability_id)
    areas, codes = list(cleaned.departements), cleaned.codes
    max_contract_value = cleaned.values["max_contract_value"]
    if cleaned.near_home:
        own = await Organisation.select(Organisation.departement).where(
            Organisation.id == organisation_id
        )
        if own and own[0]["departement"] and own[0]["departement"] not in areas:
            areas.append(own[0]["departement"])
    if codes:
        packed = "," + ",".join(areas) + "," if areas else ""
        await CapabilityCpv.insert(
            *[
                CapabilityCpv(
                    capability=capability_id,
                    organisation=organisation_id,
                    code=code,
                    departements=packed,
                    max_contract_value=max_contract_value,
                )
                for code in codes
            ]
        )
    if areas:
        await CapabilityArea.insert(
            *[
                CapabilityArea(
                    capability=capability_id, organisation=organisation_id, departement=d
                )
                for d in areas
            ]
        )


async def _read(cleaned: Cleaned) -> dict[str, Any]:
    """The columns with what the savoir-faire is about, read before the transaction: matching
    compares it with each lot without reading the text again."""
    values = cleaned.values
    return values | {"meaning": await meaning.read_passage(values["title"], values["description"])}


async def add_capability(actor: Person, organisation_id: int, data: CapabilityIn) -> CapabilityOut:
    ensure_manages(actor, organisation_id)
    cleaned = clean_capability(data)
    read = await _read(cleaned)
    now = utcnow()
    async with db.transaction():
        await ensure_organisation(organisation_id)
        rows = await Capability.insert(
            Capability(organisation=organisation_id, created_at=now, updated_at=now, **read)
        ).returning(Capability.id)
        capability_id = int(rows[0]["id"])
        await _write_index(capability_id, organisation_id, cleaned)
        detail = {"organisation_id": organisation_id, "title": cleaned.values["title"]}
        await audit.record(
            actor, "capability.created", ("capability", capability_id), detail=detail
        )
    return await get_capability(organisation_id, capability_id)


async def update_capability(
    actor: Person, organisation_id: int, capability_id: int, data: CapabilityIn
) -> CapabilityOut:
    ensure_manages(actor, organisation_id)
    await get_capability(organisation_id, capability_id)
    cleaned = clean_capability(data)
    read = await _read(cleaned)
    async with db.transaction():
        await update_row(Capability, capability_id, read)
        await _write_index(capability_id, organisation_id, cleaned)
        detail = {"organisation_id": organisation_id}
        await audit.record(
            actor, "capability.updated", ("capability", capability_id), detail=detail
        )
    return await get_capability(organisation_id, capability_id)


async def delete_capability(actor: Person, organisation_id: int, capability_id: int) -> None:
    ensure_manages(actor, organisation_id)
    existing = await get_capability(organisation_id, capability_id)
    async with db.transaction():
        await Capability.delete().where(Capability.id == capability_id)
        detail = {"organisation_id": organisation_id, "title": existing.title}
        await audit.record(
            actor, "capability.deleted", ("capability", capability_id), detail=detail
        )


async def read_unread() -> int:
    """Read the savoir-faire and references saved before matching read words (or while the
    model was missing), so that matching finds them all read; how many were read."""
    count = 0
    for table in (Capability, Reference):
        rows = await table.select(table.id, table.title, table.description).where(
            table.meaning == b""
        )
        for row in rows:
            vector = await meaning.read_passage(row["title"], row["description"])
            if vector:
                await table.update({table.meaning: vector}).where(table.id == row["id"])
                count += 1
    return count
