"""A consortium ready to compile, so that a new user can press « Compiler le dossier » at once.

``ready_consortium`` builds one through the services, the way a coordinator would: composition,
split, answers to the invitations, mémoire parts written and validated. ``fill_bid_file`` gives
a structure what its DC2 needs (invented SIRET, turnover, insurance, papers). The demo uses
both for Poinfor, A.C.I.A.E and Capep; the compile benchmark and the tests use them for more.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum import iban, luhn

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections, workspace
from tenders.consortia import service as consortia
from tenders.consortia.schemas import (
    BankIn,
    CompositionIn,
    CompositionMemberIn,
    ConsortiumIn,
    MemberIn,
    ShareIn,
    SplitIn,
)
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.members import certificates
from tenders.members import service as organisations
from tenders.members.fiscal import closed_years
from tenders.members.tables import Certificate
from tenders.packages.demo import MEMBERS, SECTIONS
from tenders.procurement import service as procurement
from tenders.procurement.tables import Lot
from tenders.storage import placeholder_pdf

PAPERS = ("kbis", "urssaf", "fiscal", "rc_pro")


def invented_siret(n: int) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check, in a range (99…) that
    INSEE does not give to real companies."""
    siren = f"99{n:06d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}0001"
    return body + luhn.calc_check_digit(body)


def invented_iban(n: int) -> str:
    """A French IBAN whose RIB key and check digits are right, at an invented account."""
    bank, branch, account = "30006", "00001", f"{n:011d}"
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    return "FR" + iban.calc_check_digits("FR00" + bban) + bban


async def fill_bid_file(
    actor: CurrentUser,
    organisation_id: int,
    n: int,
    today: date,
    profile: dict[str, Any] | None = None,
    *,
    papers: bool = True,
) -> None:
    """SIRET, legal form, address, contact, legal representative, fiscal-year end, headcount,
    three closed years of turnover, insurance and the four papers of a bid, for a structure
    that lacks them."""
    org = await organisations.get_organisation(organisation_id, actor)
    profile = profile or {}
    changes: dict[str, Any] = {}
    if not org.siret:
        changes["siret"] = profile.get("siret") or invented_siret(n)
    defaults: dict[str, Any] = {
        "legal_form": profile.get("legal_form", "Association loi 1901"),
        "kind": org.kind or "aci",
        "address": profile.get("address", f"{n} rue de la Démonstration").split(",")[0],
        "postal_code": profile.get("postal_code") or org.postal_code or "59300",
        "town": profile.get("town") or org.town or "Valenciennes",
        "contact_name": profile.get("contact_name", f"Direction {org.name}"),
        "contact_email": profile.get("contact_email", f"direction-{n}@demo.example"),
        "contact_phone": profile.get("contact_phone", f"03 27 {n // 100:02d} {n % 100:02d} 00"),
        "representative_name": profile.get("representative_name", f"Camille Martin-{n}"),
        "representative_title": profile.get("representative_title", "présidente"),
        "fiscal_year_end": profile.get("fiscal_year_end", "12-31"),
        "vat_regime": profile.get(
            "vat_regime",
            "exoneree"
            if "association" in profile.get("legal_form", "association").lower()
            else "assujettie",
        ),
        "headcount_permanent": 10 + n,
        "headcount_insertion": 20 + n,
        "insurer": profile.get("insurer", "Mutuelle Just"),
        "insurance_policy": profile.get("insurance_policy", f"RC-DEMO-{n:04d}"),
        "insurance_expiry": date(today.year + 1, 12, 31),
    }
    for field, value in defaults.items():
        if not getattr(org, field):
            changes[field] = value
    if profile.get("kind"):
        changes["kind"] = profile["kind"]
    if not org.turnover:
        years = profile.get("turnover") or [
            (today.year - k, str(300_000 + 10_000 * n + 5_000 * (3 - k))) for k in (3, 2, 1)
        ]
        changes["turnover"] = [{"year": y, "amount": Decimal(a)} for y, a in years]
    if changes:
        await organisations.update_organisation(actor, organisation_id, changes)
    for kind in PAPERS if papers else ():
        if await Certificate.exists().where(
            (Certificate.organisation == organisation_id)
            & (Certificate.kind == kind)
            & Certificate.replaced_at.is_null()
            & (Certificate.valid_until > today + timedelta(days=60))
        ):
            continue
        await certificates.upload_certificate(
            actor,
            organisation_id,
            kind=kind,
            title="",
            issued_on=today - timedelta(days=1),
            valid_until=today + timedelta(days=180),
            filename=f"{kind}.pdf",
            data=placeholder_pdf(f"{kind.upper()} — {org.name}", ["Document de démonstration"]),
            # Kept for the RC Pro paper only: who insures, the amount guaranteed per claim.
            insurer=profile.get("insurer", "Mutuelle Just"),
            insured_amount=profile.get("insured_amount", Decimal(1_000_000 + 100_000 * n)),
        )


async def ready_consortium(
    actor: CurrentUser,
    tender_id: int,
    organisation_ids: list[int],
    parts: list[tuple[str, str]],
    *,
    roles: dict[int, str] | None = None,
    lots_of: dict[int, list[str]] | None = None,
    services: dict[int, str] | None = None,
    subcontractor_of: dict[int, int] | None = None,
) -> int:
    """A consortium on every lot of the tender, the first structure as mandataire (the others
    co-traitants unless ``roles`` says otherwise), the work split evenly with amounts, every
    member's bank details, every invitation accepted and ``parts`` (title, text) written and
    validated. Returns its id."""
    lots = [r["key"] for r in await Lot.select(Lot.key).where(Lot.tender == tender_id)]
    lead = organisation_ids[0]
    roles = roles or {}
    lots_of = lots_of or {}
    services = services or {}
    draft = await consortia.create_draft(
        actor,
        tender_id,
        ConsortiumIn(
            lead_id=lead,
            members=[
                MemberIn(organisation_id=o, lots=lots_of.get(o, lots)) for o in organisation_ids
            ],
        ),
    )
    await workspace.set_composition(
        actor,
        draft.id,
        CompositionIn(
            form="conjoint_solidaire",
            lead_id=lead,
            members=[
                CompositionMemberIn(
                    organisation_id=o,
                    role="mandataire" if o == lead else roles.get(o, "co_traitant"),
                    lots=lots_of.get(o, lots),
                    services=services.get(
                        o, "Tonte, taille, débroussaillage et évacuation des déchets verts"
                    ),
                    subcontractor_of=(subcontractor_of or {}).get(o, lead)
                    if roles.get(o) == "sous_traitant"
                    else None,
                )
                for o in organisation_ids
            ],
        ),
    )
    shares = []
    for n, key in enumerate(lots):
        for k, org in enumerate(organisation_ids):
            if key in lots_of.get(org, lots):
                shares.append(
                    ShareIn(
                        lot_key=key, organisation_id=org, amount=Decimal(10_000 + 1_000 * (n + k))
                    )
                )
    await workspace.set_split(actor, draft.id, SplitIn(shares=shares))
    for org in organisation_ids:
        await workspace.set_bank(actor, draft.id, org, BankIn(iban=invented_iban(org)))
    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        ConsortiumMember.consortium == draft.id
    )
    for title, text in parts:
        part = await sections.add_section(
            actor, draft.id, sections.SectionMetaIn(title=title, assignee_id=lead)
        )
        await sections.save(actor, draft.id, part.id, text, part.version)
        await sections.set_status(actor, draft.id, part.id, "validee")
    return draft.id


def _demo_turnover(raw: dict[str, Any], today: date) -> list[tuple[int, str]]:
    """The demo figures on the years a bid asks for in the coming months (the closed years
    move on six months after each year's end)."""
    fye = raw["fiscal_year_end"]
    years = sorted(
        {fy.year for fy in closed_years(fye, today, set())}
        | {fy.year for fy in closed_years(fye, today + timedelta(days=180), set())}
    )
    amounts = [amount for _, amount in raw["turnover"]]
    amounts = [str(int(Decimal(amounts[0]) * Decimal("0.95")))] * (len(years) - 3) + amounts
    return list(zip(years, amounts, strict=True))


async def load_demo_consortium(actor: CurrentUser, tender_id: int, ids: dict[str, int]) -> None:
    """Poinfor, A.C.I.A.E and Capep, with La Maison du vélo as sous-traitant, on the demo
    green-spaces tender, ready to compile."""
    if await Consortium.exists().where(Consortium.tender == tender_id):
        return
    today = date.today()
    for n, raw in enumerate(MEMBERS, start=1):
        if raw["slug"] in ids:
            # The demo's papers are left as they are: some are out of date on purpose.
            profile = {**raw, "turnover": _demo_turnover(raw, today)}
            await fill_bid_file(actor, ids[raw["slug"]], n, today, profile, papers=False)
    present = [raw for raw in MEMBERS if raw["slug"] in ids]
    members = [ids[raw["slug"]] for raw in present]
    if len(members) < 2:
        return
    parts = [(title, "\n\n".join(paragraphs)) for title, paragraphs in SECTIONS]
    await ready_consortium(
        actor,
        tender_id,
        members,
        parts,
        roles={ids[r["slug"]]: r["role"] for r in present},
        services={ids[r["slug"]]: r["services"] for r in present},
    )
    # The collective decided to answer and is preparing it: its deadlines are reminded.
    for status in ("a_qualifier", "go", "en_preparation"):
        await procurement.change_status(actor, tender_id, status, "Démonstration")
