"""The facts of one consortium's bid, read from the database, built into the documents'
contracts by ``tenders/packages/build.py`` (the demo context goes through the same builder).

This runs in the worker, on behalf of the coordination that asked for the compile: it reads
every member's private DC2 figures, which only the coordination may download."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from tenders.consortia.tables import Consortium, ConsortiumMember, ConsortiumShare, Section
from tenders.documents.markup import SectionText
from tenders.dume.service import request_for
from tenders.formatting import to_paris
from tenders.members.certificates import INSURANCE_KIND
from tenders.members.tables import Certificate, Organisation, Reference, Turnover
from tenders.members.vocabulary import CERTIFICATE_KINDS, LABELS
from tenders.money import to_money
from tenders.packages import contract as c
from tenders.packages.build import (
    BidFacts,
    LotFacts,
    MemberFacts,
    OrgFacts,
    PackageModel,
    ReferenceFacts,
    ShareFacts,
    TenderFacts,
    build_package,
    consortium_name,
    join_fr,
)
from tenders.packages.dume import Insured, MemberDume, add_dumes
from tenders.procurement.tables import Lot, Tender

__all__ = ["CertificateFile", "PackageData", "consortium_name", "join_fr", "load_package_data"]

# The papers put in the package for every member, with their short name in the ZIP.
PACKAGE_CERTIFICATES = {"kbis": "Kbis", "urssaf": "URSSAF", "fiscal": "Fiscal", "rc_pro": "RC_Pro"}
CREDENTIAL_KINDS = ("agrement", "label")
# A validated part assigned to a member and titled so is its presentation for this bid.
PRESENTATION_PREFIX = "présentation"


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
    """Everything the documents of one package need."""

    model: PackageModel
    certificates: list[CertificateFile] = field(default_factory=list)
    dumes: list[MemberDume] = field(default_factory=list)  # each member's DUME (06_DUME)
    lot_titles: dict[str, str] = field(default_factory=dict)  # Cordée's lot key → its title

    @property
    def consortium_id(self) -> int:
        return self.model.consortium_id

    @property
    def tender_title(self) -> str:
        return self.model.tender_title

    @property
    def members(self) -> list[c.MemberDoc]:
        return self.model.members


def _labels(org: dict[str, Any]) -> list[str]:
    labels = [LABELS.get(code, code) for code in org["labels"] or []]
    if org["other_labels"]:
        labels += [part.strip() for part in org["other_labels"].split(",") if part.strip()]
    return labels


# The structure's columns the facts name otherwise; the others keep their names.
_ORG_NAMES = {"naf_code": "naf", "contact_email": "email", "contact_phone": "phone"}


def _org(
    org: dict[str, Any],
    turnover: list[dict[str, Any]],
    references: list[dict[str, Any]],
    credentials: list[dict[str, Any]],
) -> OrgFacts:
    columns = {_ORG_NAMES.get(name, name): value for name, value in org.items()}
    return msgspec.convert(
        columns
        | {
            "siret": org["siret"] or "",
            "labels": _labels(org),
            "turnover": {
                t["year"]: money for t in turnover if (money := to_money(t["amount"])) is not None
            },
            "references": [
                ReferenceFacts(r["buyer"], r["title"], r["year"], to_money(r["amount"]))
                for r in sorted(references, key=lambda r: (-r["year"], r["id"]))
            ],
            "credentials": [
                (cr["title"] or CERTIFICATE_KINDS[cr["kind"]].label, cr["valid_until"])
                for cr in credentials
            ],
        },
        OrgFacts,
    )


Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BidRows:
    """The rows a bid is built from, as the database gives them."""

    consortium: Row
    tender: Row
    lots: list[Row]
    members: list[Row]
    orgs: dict[int, Row]
    turnover: list[Row]
    references: list[Row]
    credentials: list[Row]
    shares: list[Row]
    sections: list[Row]


async def _load_members(consortium_id: int) -> tuple[list[Row], dict[int, Row]]:
    """The members who did not decline, and their structures by id."""
    rows = await (
        ConsortiumMember.select()
        .where(ConsortiumMember.consortium == consortium_id)
        .output(load_json=True)
    )
    rows = [r for r in rows if r["invitation"] != "declined"]
    ids = [r["organisation"] for r in rows] or [0]
    orgs = await Organisation.select().where(Organisation.id.is_in(ids)).output(load_json=True)
    return rows, {o["id"]: o for o in orgs}


async def load_rows(consortium_id: int) -> BidRows:
    consortium = (await Consortium.select().where(Consortium.id == consortium_id))[0]
    tender = (await Tender.select().where(Tender.id == consortium["tender"]))[0]
    members, orgs = await _load_members(consortium_id)
    ids = [r["organisation"] for r in members] or [0]
    return BidRows(
        consortium=consortium,
        tender=tender,
        lots=await Lot.select(Lot.key, Lot.title)
        .where(Lot.tender == tender["id"])
        .order_by(Lot.position),
        members=members,
        orgs=orgs,
        turnover=await Turnover.select().where(Turnover.organisation.is_in(ids)),
        references=await Reference.select().where(Reference.organisation.is_in(ids)),
        credentials=await Certificate.select(
            Certificate.organisation, Certificate.title, Certificate.kind, Certificate.valid_until
        )
        .where(
            Certificate.organisation.is_in(ids)
            & Certificate.kind.is_in(list(CREDENTIAL_KINDS))
            & Certificate.replaced_at.is_null()
        )
        .order_by(Certificate.id),
        shares=await ConsortiumShare.select().where(ConsortiumShare.consortium == consortium_id),
        sections=await Section.select(Section.title, Section.body, Section.assignee)
        .where((Section.consortium == consortium_id) & (Section.status == "validee"))
        .order_by(Section.position)
        .order_by(Section.id),
    )


def _tender_facts(tender: Row, lots: list[Row]) -> TenderFacts:
    return TenderFacts(
        title=tender["title"],
        reference=tender["reference"],
        buyer_name=tender["buyer_name"],
        buyer_siret=tender["buyer_siret"] or "",
        buyer_address=tender["buyer_address"],
        lots=[LotFacts(str(lot["key"]), lot["title"]) for lot in lots],
        procedure=tender["procedure"],
        reserved=tender["reserved"],
        deadline=tender["offers_deadline"],
        deadline_time_unknown=bool(tender["offers_time_unknown"]),
        duration_months=tender["duration_months"],
        kind=tender["kind"],
        id=tender["id"],
    )


def _split_sections(rows: BidRows) -> tuple[dict[int, str], list[tuple[str, Any]]]:
    """Each member's presentation, by structure id, and the other validated parts in order."""
    presentations: dict[int, str] = {}
    parts: list[tuple[str, Any]] = []
    for s in rows.sections:
        titled = s["title"].strip().lower().startswith(PRESENTATION_PREFIX)
        if s["assignee"] in rows.orgs and titled:
            presentations.setdefault(s["assignee"], s["body"])
        else:
            parts.append((s["title"], SectionText(s["body"])))
    return presentations, parts


def _member_facts(rows: BidRows, presentations: dict[int, str]) -> list[MemberFacts]:
    def of(items: list[Row], org_id: int) -> list[Row]:
        return [item for item in items if item["organisation"] == org_id]

    def facts(member: Row) -> MemberFacts:
        org_id = member["organisation"]
        org = _org(
            rows.orgs[org_id],
            of(rows.turnover, org_id),
            of(rows.references, org_id),
            of(rows.credentials, org_id),
        )
        lots = [str(k) for k in member["lots"] or []]
        read = {"org": org, "lots": lots, "presentation": presentations.get(org_id, "")}
        return msgspec.convert(member | read, MemberFacts)

    return [facts(member) for member in rows.members]


def bid_facts(rows: BidRows, today: datetime) -> BidFacts:
    """The facts of the bid from its rows, as of `today` (the compile's start)."""
    presentations, parts = _split_sections(rows)
    deadline = rows.tender["offers_deadline"]
    compiled_on = to_paris(today).date()
    deadline_day: date = to_paris(deadline).date() if deadline else compiled_on
    return BidFacts(
        consortium_id=rows.consortium["id"],
        tender=_tender_facts(rows.tender, rows.lots),
        form=rows.consortium["form"],
        lead_id=rows.consortium["lead"],
        members=_member_facts(rows, presentations),
        shares=[
            ShareFacts(
                s["lot_key"],
                s["organisation"],
                to_money(s["amount"]),
                Decimal(str(s["percent"])),
                s["services"],
            )
            for s in rows.shares
        ],
        sections=parts,
        compiled_on=compiled_on,
        deadline_day=deadline_day,
    )


async def load_facts(consortium_id: int, today: datetime) -> BidFacts:
    return bid_facts(await load_rows(consortium_id), today)


async def load_model(
    consortium_id: int, today: datetime
) -> tuple[PackageModel, BidFacts, list[MemberDume]]:
    """The package's model with every member's DUME and what they lack among its gaps."""
    facts = await load_facts(consortium_id, today)
    model = build_package(facts)
    request = await request_for(facts.tender.id)
    insured = await _insured([m.org.id for m in facts.members])
    dumes = add_dumes(model, facts, request, today, insured)
    return model, facts, dumes


async def _insured(organisation_ids: list[int]) -> dict[int, Insured]:
    """What each structure's current RC Pro paper says of its insurance, when it gives the
    amount guaranteed (the DUME's insurance criterion)."""
    rows = await Certificate.select(
        Certificate.organisation, Certificate.insurer, Certificate.insured_amount
    ).where(
        Certificate.organisation.is_in(organisation_ids or [0])
        & (Certificate.kind == INSURANCE_KIND)
        & Certificate.replaced_at.is_null()
        & Certificate.insured_amount.is_not_null()
    )
    return {
        r["organisation"]: Insured(r["insurer"] or "", amount)
        for r in rows
        if (amount := to_money(r["insured_amount"])) is not None
    }


async def load_package_data(consortium_id: int, today: datetime) -> PackageData:
    model, facts, dumes = await load_model(consortium_id, today)
    return PackageData(
        model=model,
        certificates=await _certificates(model.members),
        dumes=dumes,
        lot_titles={lot.key: lot.title for lot in facts.tender.lots},
    )


async def _certificates(members: list[c.MemberDoc]) -> list[CertificateFile]:
    ids = [m.organisation_id for m in members]
    rows = await Certificate.select(
        Certificate.organisation,
        Certificate.kind,
        Certificate.file_sha256.as_alias("sha256"),
        Certificate.filename,
        Certificate.content_type,
    ).where(
        Certificate.organisation.is_in(ids or [0])
        & Certificate.kind.is_in(list(PACKAGE_CERTIFICATES))
        & Certificate.replaced_at.is_null()
    )
    by_key = {(r.pop("organisation"), r.pop("kind")): r for r in rows}
    return [
        CertificateFile(member_name=member.name, kind=kind, short=short, **row)
        for member in members
        for kind, short in PACKAGE_CERTIFICATES.items()
        if (row := by_key.get((member.organisation_id, kind))) is not None
    ]
