"""Organisations: the directory entries and each structure's identity and DC2 figures."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import msgspec
from piccolo.columns import Column
from piccolo.table import Table

from tenders import db, numbers, text
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import Conflict, Invalid, NotFound
from tenders.fields import text_limits
from tenders.members.access import Person, ensure_manages, ensure_staff, manages
from tenders.members.fiscal import FiscalYearEndError, parse_fiscal_year_end
from tenders.members.identifiers import (
    IdentifierError,
    clean_naf,
    clean_postcode,
    clean_siret,
    departement_of_postcode,
    siren_of,
)
from tenders.members.schemas import (
    PRIVATE_FIELDS,
    OrganisationCreate,
    OrganisationOut,
    OrganisationUpdate,
    TurnoverYear,
)
from tenders.members.tables import Organisation, Turnover
from tenders.members.vocabulary import ESS_STATUSES, KINDS, LABELS, VAT_REGIMES
from tenders.money import to_money
from tenders.numbers import NumberError, parse_count

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[+0-9 ().-]{6,30}$")
# The fields whose value is one of a list, and what to say of any other.
CHOICES = {
    "kind": (KINDS, "Choisissez le type de structure dans la liste."),
    "vat_regime": (VAT_REGIMES, "Choisissez le régime de TVA dans la liste."),
    "ess_status": (ESS_STATUSES, "Choisissez le statut ESS dans la liste."),
}
# The profile's texts and their limits, as the schema declares them.
TEXT_LIMITS = text_limits(OrganisationUpdate)


def _decode_labels(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(x) for x in raw]
    if not raw:
        return []
    decoded = msgspec.json.decode(raw)
    return [str(x) for x in decoded] if isinstance(decoded, list) else []


def organisation_of(
    row: dict[str, Any], private: bool, turnover: list[TurnoverYear] | None = None
) -> OrganisationOut:
    """The organisation of a row; its directors are counted by the accounts
    (``tenders.accounts.directors``)."""
    values = {name: row[name] for name in OrganisationOut.__struct_fields__ if name in row}
    if not private:
        values.update(dict.fromkeys(PRIVATE_FIELDS))
    values.update(
        kind_label=KINDS.get(row["kind"], "Non renseigné"),
        labels=_decode_labels(row["labels"]),
        private_visible=private,
        turnover=turnover if private else None,
    )
    return OrganisationOut(**values)


async def list_organisations() -> list[OrganisationOut]:
    """Every organisation, public parts only (for lists and choices)."""
    rows = await Organisation.select().order_by(Organisation.name)
    return [organisation_of(row, private=False) for row in rows]


class OrganisationName(NamedTuple):
    id: int
    name: str


async def organisation_names() -> list[OrganisationName]:
    """Every organisation's name, by name: what a choice of structure lists."""
    rows = await Organisation.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    return [OrganisationName(r["id"], r["name"]) for r in rows]


async def turnover_of(organisation_id: int) -> list[TurnoverYear]:
    rows = (
        await Turnover.select(Turnover.year, Turnover.amount)
        .where(Turnover.organisation == organisation_id)
        .order_by(Turnover.year, ascending=False)
    )
    return [TurnoverYear(year=r["year"], amount=to_money(r["amount"]) or Decimal(0)) for r in rows]


async def update_row(table: type[Table], row_id: int, values: dict[str, Any]) -> None:
    """Writes ``values`` (by column name) to the row ``row_id`` with the time of the change
    (``updated_at``), in the caller's transaction."""
    stamped = values | {"updated_at": utcnow()}
    columns: dict[Column | str, Any] = {getattr(table, k): v for k, v in stamped.items()}
    await table.update(columns).where(table._meta.primary_key == row_id)


async def ensure_organisation(organisation_id: int) -> None:
    """404 unless the organisation exists (before writing one of its rows)."""
    if not await Organisation.exists().where(Organisation.id == organisation_id):
        raise NotFound("Cette structure n'existe pas.")


async def get_organisation(organisation_id: int, viewer: Person | None = None) -> OrganisationOut:
    rows = await Organisation.select().where(Organisation.id == organisation_id)
    if not rows:
        raise NotFound("Cette structure n'existe pas.")
    private = viewer is not None and manages(viewer, organisation_id)
    turnover = await turnover_of(organisation_id) if private else None
    return organisation_of(rows[0], private, turnover)


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:90] or "structure"


async def _unique_slug(name: str) -> str:
    base = slugify(name)
    slug, n = base, 1
    while await Organisation.exists().where(Organisation.slug == slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_text(field: str, value: Any, errors: dict[str, str]) -> str:
    limit = TEXT_LIMITS[field]
    clean = text.block if limit.block else text.line
    return clean(field, str(value or ""), limit.chars, errors)


def _clean_count(field: str, value: Any, errors: dict[str, str]) -> int | None:
    try:
        return parse_count(value, maximum=100_000)
    except NumberError as exc:
        errors[field] = exc.message
        return None


def parse_amount(value: Any) -> Decimal:
    """« 12 500,50 », « 12500.5 », 12500 → Decimal('12500.50'), read by the one strict
    parser (``tenders.numbers``); ``NumberError`` (a ValueError) otherwise."""
    amount = numbers.parse_amount(value)
    if amount is None:
        raise NumberError("Indiquez un montant en euros, par exemple 125 000,00.")
    return amount


def clean_turnover(value: Any, errors: dict[str, str]) -> list[TurnoverYear]:
    """Exercises as years and amounts (the API's, or the texts of the profile form), each
    checked; what is wrong goes to ``errors["turnover"]``."""
    years: list[TurnoverYear] = []
    this_year = utcnow().year
    for item in value or []:
        year = item.year if isinstance(item, TurnoverYear) else item.get("year")
        amount = item.amount if isinstance(item, TurnoverYear) else item.get("amount")
        try:
            year = int(year)
        except (TypeError, ValueError):
            errors["turnover"] = "Indiquez l'année de chaque exercice (par exemple 2025)."
            continue
        if not 1990 <= year <= this_year:
            errors["turnover"] = f"L'exercice {year} n'est pas une année passée plausible."
            continue
        try:
            years.append(TurnoverYear(year=year, amount=parse_amount(amount)))
        except NumberError as exc:
            errors["turnover"] = f"Chiffre d'affaires {year} : {exc.message}"
    if len({y.year for y in years}) != len(years):
        errors["turnover"] = "Chaque exercice ne doit apparaître qu'une fois."
    return years


def clean_changes(changes: dict[str, Any]) -> tuple[dict[str, Any], list[TurnoverYear] | None]:
    """Checks every field given; raises Invalid with a French message per field."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    turnover: list[TurnoverYear] | None = None
    for field, value in changes.items():
        try:
            if field in TEXT_LIMITS:
                values[field] = _clean_text(field, value, errors)
                if field == "name" and not values[field]:
                    errors["name"] = "Indiquez le nom de la structure."
                if (
                    field == "website"
                    and values[field]
                    and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", values[field])
                ):
                    errors["website"] = (
                        "Indiquez l'adresse complète du site, par exemple "
                        "https://www.associationphare.fr"
                    )
            elif field in CHOICES:
                choices, message = CHOICES[field]
                if value not in choices:
                    errors[field] = message
                values[field] = value
            elif field == "siret":
                text = str(value or "").strip()
                values["siret"] = clean_siret(text) if text else None
                values["siren"] = siren_of(values["siret"]) if values["siret"] else ""
            elif field == "naf_code":
                values["naf_code"] = clean_naf(str(value)) if str(value or "").strip() else ""
            elif field == "postal_code":
                text = str(value or "").strip()
                values["postal_code"] = clean_postcode(text) if text else ""
                values["departement"] = (
                    departement_of_postcode(values["postal_code"]) if text else ""
                )
            elif field == "contact_email":
                text = str(value or "").strip().lower()
                if text and not _EMAIL.match(text):
                    errors["contact_email"] = "Cette adresse e-mail n'est pas valide."
                values["contact_email"] = text
            elif field == "in_receivership":
                values[field] = bool(value)
            elif field == "fiscal_year_end":
                try:
                    values[field] = parse_fiscal_year_end(str(value or ""))
                except FiscalYearEndError as exc:
                    errors[field] = str(exc)
            elif field == "labels":
                unknown = [label for label in value or [] if label not in LABELS]
                if unknown:
                    errors["labels"] = (
                        "Choisissez les labels dans la liste (les autres vont "
                        "dans « Autres labels »)."
                    )
                values["labels"] = msgspec.json.encode(sorted(set(value or []))).decode()
            elif field in {"headcount_permanent", "headcount_insertion"}:
                values[field] = _clean_count(field, value, errors)
            elif field == "insurance_expiry":
                values[field] = value if isinstance(value, date) or value is None else None
            elif field == "turnover":
                turnover = clean_turnover(value, errors)
            if field == "contact_phone" and values.get(field) and not _PHONE.match(values[field]):
                errors["contact_phone"] = (
                    "Indiquez un numéro de téléphone, par exemple 03 27 00 00 00."
                )
        except IdentifierError as exc:
            errors[field] = str(exc)
    if errors:
        raise Invalid(errors)
    return values, turnover


async def _siret_taken(siret: str | None, organisation_id: int | None) -> bool:
    if not siret:
        return False
    rows = await Organisation.select(Organisation.id).where(Organisation.siret == siret)
    return any(row["id"] != organisation_id for row in rows)


async def update_organisation(
    actor: Person, organisation_id: int, changes: dict[str, Any]
) -> OrganisationOut:
    ensure_manages(actor, organisation_id)
    await get_organisation(organisation_id)
    values, turnover = clean_changes(changes)
    if await _siret_taken(values.get("siret"), organisation_id):
        raise Conflict(
            "Ce SIRET est déjà celui d'une autre structure du collectif.",
            fields={"siret": "Ce SIRET est déjà celui d'une autre structure."},
        )
    if "name" in values and await Organisation.exists().where(
        (Organisation.name == values["name"]) & (Organisation.id != organisation_id)
    ):
        raise Conflict(
            "Une autre structure porte déjà ce nom.",
            fields={"name": "Une autre structure porte déjà ce nom."},
        )
    async with db.transaction():
        if values:
            await update_row(Organisation, organisation_id, values)
        if turnover is not None:
            await Turnover.delete().where(Turnover.organisation == organisation_id)
            for item in turnover:
                await Turnover.insert(
                    Turnover(organisation=organisation_id, year=item.year, amount=item.amount)
                )
        await audit.record(
            actor,
            "organisation.updated",
            ("organisation", organisation_id),
            detail={"fields": sorted(changes)},
        )
    return await get_organisation(organisation_id, actor)


async def create_organisation(actor: Person, data: OrganisationCreate) -> OrganisationOut:
    ensure_staff(actor)
    values, _ = clean_changes(msgspec.structs.asdict(data))
    if await Organisation.exists().where(Organisation.name == values["name"]):
        raise Conflict(
            "Une structure porte déjà ce nom.", fields={"name": "Une structure porte déjà ce nom."}
        )
    if await _siret_taken(values.get("siret"), None):
        raise Conflict(
            "Ce SIRET est déjà celui d'une structure du collectif.",
            fields={"siret": "Ce SIRET est déjà celui d'une autre structure."},
        )
    now = utcnow()
    async with db.transaction():
        rows = await Organisation.insert(
            Organisation(
                slug=await _unique_slug(values["name"]),
                created_at=now,
                updated_at=now,
                **values,
            )
        ).returning(Organisation.id)
        organisation_id = int(rows[0]["id"])
        await audit.record(
            actor,
            "organisation.created",
            ("organisation", organisation_id),
            detail={"name": values["name"]},
        )
    return await get_organisation(organisation_id, actor)


async def upsert_organisation(
    name: str,
    slug: str,
    town: str,
    territory: str,
    description: str,
    **fields: Any,
) -> int:
    """Create the organisation or update it in place, keyed by slug (used by the demo loader)."""
    now = utcnow()
    existing = await Organisation.select(Organisation.id).where(Organisation.slug == slug)
    values: dict[Any, Any] = {
        Organisation.name: name,
        Organisation.town: town,
        Organisation.territory: territory,
        Organisation.description: description,
        Organisation.updated_at: now,
    }
    values.update({getattr(Organisation, k): v for k, v in fields.items()})
    if existing:
        await Organisation.update(values).where(Organisation.id == existing[0]["id"])
        return int(existing[0]["id"])
    rows = await Organisation.insert(
        Organisation(slug=slug, created_at=now, **{c._meta.name: v for c, v in values.items()})
    ).returning(Organisation.id)
    return int(rows[0]["id"])
