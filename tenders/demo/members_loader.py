"""Fills the demo structures' files: profile, capabilities, references, certificates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from piccolo.columns import Column

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.cpv import parse
from tenders.demo.members_data import (
    CERTIFICATES,
    PROFILES,
    RC_PRO_AMOUNT,
    RC_PRO_INSURER,
    STALE,
    DemoCapability,
    DemoReference,
)
from tenders.members import capabilities, certificates, references
from tenders.members import service as organisations
from tenders.members.schemas import CapabilityIn, OrganisationOut, ReferenceIn
from tenders.members.tables import Capability, Certificate, Reference
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.storage import placeholder_pdf


async def _empty(owner: Column, organisation_id: int) -> bool:
    """Nothing of this part is filled yet (by the demo or a person): no row of
    ``owner``'s table belongs to the structure."""
    return not await owner._meta.table.exists().where(owner == organisation_id)


def _capability(cap: DemoCapability) -> CapabilityIn:
    return CapabilityIn(
        title=cap.title,
        kind=cap.kind,
        cpv_codes=[parse(c).full for c in cap.cpv],
        departements=list(cap.departements),
        radius_km=cap.radius_km,
        people_available=cap.people,
        description=cap.description,
        max_contract_value=Decimal(cap.max_value) if cap.max_value else None,
    )


def _reference(ref: DemoReference, today: date) -> ReferenceIn:
    return ReferenceIn(
        buyer=ref.buyer,
        title=ref.title,
        year=today.year - ref.years_ago,
        amount=Decimal(ref.amount) if ref.amount else None,
        cpv_code=ref.cpv,
        shareable=ref.shareable,
    )


async def _add_papers(actor: CurrentUser, org: OrganisationOut, slug: str, today: date) -> None:
    """The demo's papers, issued some days ago (some on purpose long ago: ``STALE``)."""
    for kind, days in CERTIFICATES:
        if STALE.get(slug, ("", 0))[0] == kind:
            days = STALE[slug][1]
        label = CERTIFICATE_KINDS[kind].label
        issued_on = today - timedelta(days=days)
        pdf = placeholder_pdf(
            f"{label} — document de démonstration",
            [
                f"Structure : {org.name}",
                f"Délivré le {issued_on:%d/%m/%Y}",
                "Ce document est un exemple généré par Cordée pour la démonstration ; "
                "il n'a aucune valeur.",
            ],
        )
        await certificates.upload_certificate(
            actor,
            org.id,
            kind=kind,
            title="",
            issued_on=issued_on,
            valid_until=None,
            filename=f"{label} {org.name}.pdf",
            data=pdf,
            insurer=RC_PRO_INSURER,  # kept for the RC Pro paper only
            insured_amount=Decimal(RC_PRO_AMOUNT),
        )


async def fill_profiles(actor: CurrentUser, ids: dict[str, int]) -> None:
    """Idempotent: a part already filled (by the demo or a person) is left as it is."""
    today = utcnow().date()
    for slug, profile in PROFILES.items():
        organisation_id = ids[slug]
        org = await organisations.get_organisation(organisation_id, actor)
        if not org.legal_form:
            identity = {
                "kind": profile.kind,
                "legal_form": profile.legal_form,
                "postal_code": profile.postal_code,
            }
            await organisations.update_organisation(actor, organisation_id, identity)
        if await _empty(Capability.organisation, organisation_id):
            for cap in profile.capabilities:
                await capabilities.add_capability(actor, organisation_id, _capability(cap))
        if await _empty(Reference.organisation, organisation_id):
            for ref in profile.references:
                await references.add_reference(actor, organisation_id, _reference(ref, today))
        if await _empty(Certificate.organisation, organisation_id):
            await _add_papers(actor, org, slug, today)
