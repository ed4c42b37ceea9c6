"""What the templates are filled with, read from the database for one consortium.

The variables are those of ``templates_docx/README.md``; amounts and dates arrive written the
French way. This runs in the worker, on behalf of the coordination that asked for the compile:
it reads every member's private DC2 figures, which only the coordination may download."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import msgspec

from tenders.consortia.service import ROLES
from tenders.consortia.tables import Consortium, ConsortiumMember, ConsortiumShare, Section
from tenders.consortia.workspace import FORMS, HUNDRED
from tenders.documents.markup import SectionText
from tenders.formatting import amount_fr, date_fr, datetime_fr, number_fr, to_paris
from tenders.members.tables import Certificate, Organisation, Reference, Turnover
from tenders.members.vocabulary import (
    CERTIFICATE_KINDS,
    DISABILITY_KINDS,
    KINDS,
    LABELS,
    SIAE_KINDS,
)
from tenders.money import to_money
from tenders.procurement.tables import Lot, Tender
from tenders.procurement.vocabulary import PROCEDURES, RESERVED

# The papers put in the package for every member, with their short name in the ZIP.
PACKAGE_CERTIFICATES = {"kbis": "Kbis", "urssaf": "URSSAF", "fiscal": "Fiscal", "rc_pro": "RC_Pro"}
CREDENTIAL_KINDS = ("agrement", "label")
JOINTLY_LIABLE_FORMS = frozenset({"solidaire", "conjoint_solidaire"})
ROLE_ORDER = {"mandataire": 0, "co_traitant": 1, "sous_traitant": 2}


@dataclass(frozen=True, slots=True)
class CertificateFile:
    member_name: str
    kind: str
    short: str
    sha256: str
    filename: str
    content_type: str


@dataclass(slots=True)
class PackageData:
    """Everything the documents of one package need, already in template form."""

    consortium_id: int
    tender_title: str
    base: dict[str, Any]
    members: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    references: list[dict[str, Any]]
    split: list[dict[str, Any]]
    grand_total_text: str
    duration_text: str
    certificates: list[CertificateFile] = field(default_factory=list)


def _json(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else (msgspec.json.decode(raw) if raw else [])


def join_fr(items: list[str]) -> str:
    """« 1 », « 1 et 2 », « 1, 2 et 3 »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _amount(value: Any) -> str:
    money = to_money(value)
    return amount_fr(money) if money is not None else "—"


def _headcount(permanent: int | None, insertion: int | None) -> str:
    if permanent is None and insertion is None:
        return "Non renseigné."
    parts = []
    if permanent is not None:
        parts.append(
            f"{permanent} salarié{'s' if permanent > 1 else ''} permanent"
            f"{'s' if permanent > 1 else ''}"
        )
    if insertion is not None:
        parts.append(f"{insertion} en parcours d'insertion")
    return ", ".join(parts)


def _address(org: dict[str, Any]) -> str:
    town = " ".join(p for p in (org["postal_code"], org["town"]) if p)
    return ", ".join(p for p in (org["address"], town) if p)


def consortium_name(lead: str, others: list[str]) -> str:
    if not others:
        return f"Groupement {lead}"
    if len(others) <= 2:
        return f"Groupement {lead} – {' – '.join(others)}"
    return f"Groupement {lead} et {len(others)} autres structures"


def _member(
    row: dict[str, Any],
    org: dict[str, Any],
    lots: list[str],
    turnover: list[dict[str, Any]],
    references: list[dict[str, Any]],
    credentials: list[dict[str, Any]],
) -> dict[str, Any]:
    org_id = org["id"]
    turnover = sorted(turnover, key=lambda t: t["year"])[-3:]
    references = sorted(references, key=lambda r: (-r["year"], r["id"]))
    labels = [LABELS.get(code, code) for code in _json(org["labels"])]
    if org["other_labels"]:
        labels += [part.strip() for part in org["other_labels"].split(",") if part.strip()]
    kind = org["kind"]
    return {
        "organisation_id": org_id,
        "slug": org["slug"],
        "name": org["name"],
        "town": org["town"],
        "role": ROLES.get(row["role"], row["role"]),
        "legal_form": org["legal_form"],
        "siret": org["siret"] or "",
        "siren": org["siren"],
        "naf": org["naf_code"],
        "address": _address(org),
        "contact_name": org["contact_name"],
        "contact_email": org["contact_email"],
        "contact_phone": org["contact_phone"],
        "signatory_name": org["contact_name"] or "…",
        "signatory_title": "représentant légal",
        "kind_label": KINDS.get(kind, "Non renseigné"),
        "reserved_eligible": kind in SIAE_KINDS or kind in DISABILITY_KINDS,
        "lots_text": join_fr(lots) or "—",
        "services": row["services"],
        "presentation": org["description"],
        "registrations": labels,
        "turnover": [{"year": t["year"], "amount_text": _amount(t["amount"])} for t in turnover],
        "insurer": org["insurer"],
        "insurance_policy": org["insurance_policy"],
        "insurance_valid_until_text": date_fr(org["insurance_expiry"]),
        "headcount_text": _headcount(org["headcount_permanent"], org["headcount_insertion"]),
        "references": [
            {
                "client": r["buyer"],
                "title": r["title"],
                "year": r["year"],
                "amount_text": _amount(r["amount"]),
            }
            for r in references
        ],
        "certifications": [
            {
                "title": c["title"] or CERTIFICATE_KINDS[c["kind"]].label,
                "valid_until_text": date_fr(c["valid_until"]) if c["valid_until"] else "—",
            }
            for c in credentials
        ],
    }


def _percent(part: Decimal, total: Decimal) -> str:
    return number_fr(part * HUNDRED / total, 1) + "\u00a0%" if total else "—"


async def load_package_data(consortium_id: int, today: datetime) -> PackageData:
    consortium = (await Consortium.select().where(Consortium.id == consortium_id))[0]
    tender = (await Tender.select().where(Tender.id == consortium["tender"]))[0]
    rows = await ConsortiumMember.select().where(ConsortiumMember.consortium == consortium_id)
    rows = [r for r in rows if r["invitation"] != "declined"]
    orgs = {
        o["id"]: o
        for o in await Organisation.select().where(
            Organisation.id.is_in([r["organisation"] for r in rows] or [0])
        )
    }
    rows.sort(key=lambda r: (ROLE_ORDER.get(r["role"], 9), orgs[r["organisation"]]["name"]))
    lot_rows = await Lot.select().where(Lot.tender == tender["id"]).order_by(Lot.position)
    lot_titles = {lot["key"]: lot["title"] for lot in lot_rows}
    covered = {key for r in rows for key in _json(r["lots"])}
    ids = list(orgs) or [0]
    turnover = await Turnover.select().where(Turnover.organisation.is_in(ids))
    references = await Reference.select().where(Reference.organisation.is_in(ids))
    credentials = (
        await Certificate.select(
            Certificate.organisation, Certificate.title, Certificate.kind, Certificate.valid_until
        )
        .where(
            Certificate.organisation.is_in(ids)
            & Certificate.kind.is_in(list(CREDENTIAL_KINDS))
            & Certificate.replaced_at.is_null()
        )
        .order_by(Certificate.id)
    )

    def of(items: list[dict[str, Any]], org_id: int) -> list[dict[str, Any]]:
        return [item for item in items if item["organisation"] == org_id]

    members = [
        _member(
            r,
            orgs[r["organisation"]],
            [k for k in lot_titles if k in _json(r["lots"])],
            of(turnover, r["organisation"]),
            of(references, r["organisation"]),
            of(credentials, r["organisation"]),
        )
        for r in rows
    ]
    by_org = {m["organisation_id"]: m for m in members}
    lead = next((m for m in members if m["organisation_id"] == consortium["lead"]), None)
    lead = lead or (members[0] if members else {"name": "", "siret": "", "town": ""})

    shares = await ConsortiumShare.select().where(ConsortiumShare.consortium == consortium_id)
    split = []
    grand_total = Decimal(0)
    for key, title in lot_titles.items():
        mine = [s for s in shares if s["lot_key"] == key and s["organisation"] in by_org]
        if not mine:
            continue
        amounts = [to_money(s["amount"]) or Decimal(0) for s in mine]
        total = sum(amounts, Decimal(0))
        grand_total += total
        split.append(
            {
                "number": key,
                "title": title,
                "shares": [
                    {
                        "member_name": by_org[s["organisation"]]["name"],
                        "services": by_org[s["organisation"]]["services"],
                        "amount_text": _amount(s["amount"]),
                        "percent_text": number_fr(Decimal(str(s["percent"])), 1) + "\u00a0%",
                    }
                    for s in mine
                ],
                "total_text": amount_fr(total),
            }
        )

    sections = (
        await Section.select(Section.title, Section.body)
        .where((Section.consortium == consortium_id) & (Section.status == "validee"))
        .order_by(Section.position)
        .order_by(Section.id)
    )
    procedure = PROCEDURES.get(tender["procedure"], "")
    if tender["reserved"] != "none":
        reserved = RESERVED.get(tender["reserved"], "")
        procedure = f"{procedure} — {reserved}" if procedure else reserved
    lots = [{"number": key, "title": title} for key, title in lot_titles.items() if key in covered]
    names = [m["name"] for m in members]
    duration = (
        f" Le marché est conclu pour {tender['duration_months']} mois."
        if tender["duration_months"]
        else ""
    )
    base = {
        "tender": {
            "title": tender["title"],
            "reference": tender["reference"],
            "buyer_name": tender["buyer_name"],
            "buyer_address": "",
            "procedure_label": procedure,
            "deadline_text": datetime_fr(tender["offers_deadline"]),
            "lots": lots,
        },
        "consortium": {
            "name": consortium_name(lead["name"], [n for n in names if n != lead["name"]]),
            "form": consortium["form"],
            "form_label": FORMS.get(consortium["form"], "Forme à choisir"),
            "lead_is_jointly_liable": consortium["form"] in JOINTLY_LIABLE_FORMS,
        },
        "lead": lead,
        "members": members,
        "place": lead["town"] or "",
        "date_text": date_fr(to_paris(today)),
    }
    certificates = await _certificates(members)
    return PackageData(
        consortium_id=consortium_id,
        tender_title=tender["title"],
        base=base,
        members=members,
        sections=[{"title": s["title"], "body": SectionText(s["body"])} for s in sections],
        references=[{"member_name": m["name"], **ref} for m in members for ref in m["references"]],
        split=split,
        grand_total_text=amount_fr(grand_total),
        duration_text=(
            "La présente convention prend effet à sa signature. Elle reste en vigueur jusqu'à "
            "la fin de la procédure si le marché n'est pas attribué au groupement, et sinon "
            "jusqu'à l'achèvement des prestations et la fin de la période de garantie du "
            f"marché.{duration}"
        ),
        certificates=certificates,
    )


async def _certificates(members: list[dict[str, Any]]) -> list[CertificateFile]:
    ids = [m["organisation_id"] for m in members]
    rows = await Certificate.select().where(
        Certificate.organisation.is_in(ids or [0])
        & Certificate.kind.is_in(list(PACKAGE_CERTIFICATES))
        & Certificate.replaced_at.is_null()
    )
    by_key = {(r["organisation"], r["kind"]): r for r in rows}
    files = []
    for member in members:
        for kind, short in PACKAGE_CERTIFICATES.items():
            row = by_key.get((member["organisation_id"], kind))
            if row is not None:
                files.append(
                    CertificateFile(
                        member_name=member["name"],
                        kind=kind,
                        short=short,
                        sha256=row["file_sha256"],
                        filename=row["filename"],
                        content_type=row["content_type"],
                    )
                )
    return files
