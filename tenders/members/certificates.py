"""The certificate vault: every version kept, status computed at any date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import msgspec

from tenders import db, text
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import Invalid, NotFound
from tenders.members.access import Person, ensure_manages
from tenders.members.schemas import CertificateOut
from tenders.members.service import ensure_organisation
from tenders.members.tables import Certificate
from tenders.members.vocabulary import CERTIFICATE_KINDS, EXPIRING_SOON_DAYS
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount
from tenders.storage import check_size, detect, load, safe_filename, store

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
# The kind whose paper also says who insures and for how much (the DUME's « indem-insu »).
INSURANCE_KIND = "rc_pro"

STATUS_LABELS = {
    "valide": "Valide",
    "expire_bientot": "Expire bientôt",
    "expiree": "Expirée",
}


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_valid_until(kind: str, issued_on: date) -> date | None:
    """The usual end of validity of a paper of this kind (editable by the user)."""
    months = CERTIFICATE_KINDS[kind].validity_months
    return None if months is None else add_months(issued_on, months) - timedelta(days=1)


def status_at(valid_until: date | None, at: date) -> str:
    """« valide », « expire_bientot » (within 30 days) or « expiree », at the given date."""
    if valid_until is None:
        return "valide"
    if at > valid_until:
        return "expiree"
    if (valid_until - at).days < EXPIRING_SOON_DAYS:
        return "expire_bientot"
    return "valide"


def slot_of(kind: str, title: str) -> str:
    if CERTIFICATE_KINDS[kind].several:
        return f"{kind}:{' '.join(title.lower().split())}"[:120]
    return kind


def _out(row: dict[str, Any], at: date) -> CertificateOut:
    status = status_at(row["valid_until"], at)
    kind = CERTIFICATE_KINDS.get(row["kind"])
    computed = {
        "organisation_id": row["organisation"],
        "kind_label": kind.label if kind else row["kind"],
        "sha256": row["file_sha256"],
        "status": status,
        "status_label": STATUS_LABELS[status],
        "download_url": f"/structures/{row['organisation']}/attestations/{row['id']}/fichier",
        "insurer": row["insurer"] or "",
        "insured_amount": to_money(row["insured_amount"]),
    }
    return msgspec.convert(row | computed, CertificateOut)


async def list_certificates(
    viewer: Person, organisation_id: int, at: date | None = None, history: bool = False
) -> list[CertificateOut]:
    """Current certificates (or every version with ``history``), status at ``at``."""
    ensure_manages(viewer, organisation_id)
    at = at or utcnow().date()
    query = Certificate.select().where(Certificate.organisation == organisation_id)
    if not history:
        query = query.where(Certificate.replaced_at.is_null())
    rows = await query.order_by(Certificate.kind).order_by(Certificate.uploaded_at, ascending=False)
    order = list(CERTIFICATE_KINDS)
    certificates = [_out(row, at) for row in rows]
    certificates.sort(key=lambda c: (order.index(c.kind) if c.kind in order else 99, c.title))
    return certificates


async def upload_certificate(
    actor: Person,
    organisation_id: int,
    *,
    kind: str,
    title: str,
    issued_on: date | None,
    valid_until: date | None,
    filename: str,
    data: bytes,
    insurer: str = "",
    insured_amount: Any = None,
) -> CertificateOut:
    """Check the file by its content, store it by hash, make it the current version. The RC
    Pro paper may also say who insures and the amount guaranteed per claim (« 1 500 000 »)."""
    ensure_manages(actor, organisation_id)
    check_size(len(data), MAX_CERTIFICATE_BYTES)
    errors: dict[str, str] = {}
    insurer, amount = _insurance(kind, insurer, insured_amount, errors)
    if kind not in CERTIFICATE_KINDS:
        errors["kind"] = "Choisissez le type de document dans la liste."
    title = text.line("title", title, 200, errors)
    if kind in CERTIFICATE_KINDS and CERTIFICATE_KINDS[kind].several and not title:
        errors["title"] = "Précisez de quel document il s'agit (par exemple : Qualiopi)."
    today = utcnow().date()
    if issued_on is None:
        errors["issued_on"] = "Indiquez la date de délivrance du document."
    elif issued_on > today:
        errors["issued_on"] = "La date de délivrance ne peut pas être dans le futur."
    elif valid_until is not None and valid_until < issued_on:
        errors["valid_until"] = "La fin de validité doit suivre la date de délivrance."
    if errors:
        raise Invalid(errors)
    assert issued_on is not None
    file_kind = detect(data)  # refuses anything but a real PDF, PNG or JPEG
    if valid_until is None:
        valid_until = default_valid_until(kind, issued_on)
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    clean_name = safe_filename(stem or CERTIFICATE_KINDS[kind].label, file_kind.extension)
    slot = slot_of(kind, title or CERTIFICATE_KINDS[kind].label)
    now = utcnow()
    async with db.transaction():
        await ensure_organisation(organisation_id)
        ref = await store(data, file_kind.content_type)
        await Certificate.update({Certificate.replaced_at: now}).where(
            (Certificate.organisation == organisation_id)
            & (Certificate.slot == slot)
            & Certificate.replaced_at.is_null()
        )
        rows = await Certificate.insert(
            Certificate(
                organisation=organisation_id,
                kind=kind,
                slot=slot,
                title=title,
                file_sha256=ref.sha256,
                filename=clean_name,
                content_type=ref.content_type,
                size=ref.size,
                issued_on=issued_on,
                valid_until=valid_until,
                uploaded_by=actor.actor_id,
                uploaded_at=now,
                insurer=insurer,
                insured_amount=amount,
            )
        ).returning(Certificate.id)
        certificate_id = int(rows[0]["id"])
        await audit.record(
            actor,
            "certificate.uploaded",
            ("certificate", certificate_id),
            detail={"organisation_id": organisation_id, "kind": kind, "sha256": ref.sha256},
        )
    return await get_certificate(actor, organisation_id, certificate_id)


def _insurance(
    kind: str, insurer: str, insured_amount: Any, errors: dict[str, str]
) -> tuple[str, Decimal | None]:
    """The insurer and amount guaranteed of an RC Pro paper, both optional; nothing for the
    other kinds."""
    if kind != INSURANCE_KIND:
        return "", None
    name = text.line("insurer", insurer or "", 200, errors)
    try:
        amount = parse_amount(insured_amount)
    except NumberError as exc:
        errors["insured_amount"] = f"Montant garanti : {exc.message[0].lower()}{exc.message[1:]}"
        amount = None
    return name, amount


async def get_certificate(
    viewer: Person, organisation_id: int, certificate_id: int, at: date | None = None
) -> CertificateOut:
    ensure_manages(viewer, organisation_id)
    rows = await Certificate.select().where(
        (Certificate.id == certificate_id) & (Certificate.organisation == organisation_id)
    )
    if not rows:
        raise NotFound("Ce document n'existe pas ou n'appartient pas à cette structure.")
    return _out(rows[0], at or utcnow().date())


async def update_validity(
    actor: Person,
    organisation_id: int,
    certificate_id: int,
    valid_until: date | None,
) -> CertificateOut:
    current = await get_certificate(actor, organisation_id, certificate_id)
    if valid_until is not None and valid_until < current.issued_on:
        raise Invalid({"valid_until": "La fin de validité doit suivre la date de délivrance."})
    async with db.transaction():
        await Certificate.update({Certificate.valid_until: valid_until}).where(
            Certificate.id == certificate_id
        )
        await audit.record(
            actor,
            "certificate.validity_changed",
            ("certificate", certificate_id),
            detail={"valid_until": valid_until.isoformat() if valid_until else None},
        )
    return await get_certificate(actor, organisation_id, certificate_id)


async def certificate_file(
    viewer: Person, organisation_id: int, certificate_id: int
) -> tuple[bytes, CertificateOut]:
    certificate = await get_certificate(viewer, organisation_id, certificate_id)
    return await load(certificate.sha256), certificate
