"""Checking ESPD documents the way the specification does: the UBL 2.3 XSD (lxml) and every
business-rule stylesheet of ESPD-EDM 4.1.0 (Saxon-HE through saxonche), read from
../shared/data/espd. Each stylesheet is compiled once per test session.

Also the fixed consortium the tests answer for: three members (a lead), a sous-traitant whose
capacities they rely on, two lots."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from lxml import etree

from tenders.espd.model import (
    Address,
    Certificate,
    Contact,
    Declaration,
    Entity,
    Headcount,
    Insurance,
    Nature,
    Operator,
    Procedure,
    Reference,
    Reserved,
    ResponseData,
    Role,
    Selection,
    Size,
    Turnover,
)
from tests.conftest import ROOT, shared_path

ESPD = ROOT.parent / "shared" / "data" / "espd"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"


def insured_amount(xml: bytes) -> Decimal | None:
    """The amount a response answers to the insurance criterion (« indem-insu »), if any."""
    for answer in etree.fromstring(xml).iter(f"{{{CAC}}}TenderingCriterionResponse"):
        prop = answer.findtext(f"{{{CBC}}}ValidatedCriterionPropertyID") or ""
        if prop.endswith("indem-insu/RG1/RSG1/QSG2/Q1"):
            amount = answer.find(f"{{{CAC}}}ResponseValue/{{{CBC}}}ResponseAmount")
            assert amount is not None and amount.get("currencyID") == "EUR"
            return Decimal(amount.text)
    return None


def espd_file(relative: str) -> Path:
    """A file of ../shared/data/espd (``shared_path``: missing fails in CI, skips elsewhere)."""
    return shared_path(ESPD / relative)


@dataclass(frozen=True)
class Failure:
    """A failed assertion of a business rule: its rule id, flag, location and text."""

    stylesheet: str
    rule: str
    flag: str
    location: str
    text: str

    def __str__(self) -> str:
        return f"{self.stylesheet} {self.rule} ({self.flag}) at {self.location}: {self.text}"


class Validator:
    """The XSD and the compiled stylesheets of one kind of document (ESPDResponse, ESPDRequest)."""

    def __init__(self, kind: str) -> None:
        from saxonche import PySaxonProcessor

        maindoc = (
            "QualificationApplicationResponse"
            if kind == "ESPDResponse"
            else ("QualificationApplicationRequest")
        )
        xsd = espd_file(f"ubl-2.3/xsd/maindoc/UBL-{maindoc}-2.3.xsd")
        self.schema = etree.XMLSchema(etree.parse(str(xsd)))
        folder = espd_file(f"validation/{kind}/xsl/ESPD-criterion.xml").parent
        self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.stylesheets = [
            (path.name, compiler.compile_stylesheet(stylesheet_file=str(path)))
            for path in sorted(folder.glob("*.xsl"))
        ]
        self.assertions = sum(
            path.read_text(encoding="utf-8").count("<svrl:failed-assert")
            for path in sorted(folder.glob("*.xsl"))
        )

    def schema_errors(self, xml: bytes) -> list[str]:
        document = etree.fromstring(xml)
        if self.schema.validate(document):
            return []
        return [f"line {e.line}: {e.message}" for e in self.schema.error_log]

    def failures(self, xml: bytes) -> list[Failure]:
        node = self.processor.parse_xml(xml_text=xml.decode("utf-8"))
        found: list[Failure] = []
        for name, stylesheet in self.stylesheets:
            report = etree.fromstring(stylesheet.transform_to_string(xdm_node=node).encode())
            for failed in report.iterfind(".//svrl:failed-assert", SVRL):
                text = " ".join((failed.findtext("svrl:text", namespaces=SVRL) or "").split())
                found.append(
                    Failure(
                        name,
                        failed.get("id", ""),
                        failed.get("flag", ""),
                        failed.get("location", ""),
                        text,
                    )
                )
        return found


@functools.cache
def validator(kind: str) -> Validator:
    return Validator(kind)


ISSUED = datetime(2027, 3, 12, 12, 0, tzinfo=timezone(timedelta(hours=1)))
PROCEDURE = Procedure(
    buyer_name="Ville de Lyon",
    buyer_country="FRA",
    reference="2027-MAPA-014",
    title="Entretien des espaces verts et des jardins partagés",
    nature=Nature.SERVICES,
    lots=("LOT-0001", "LOT-0002"),
)
SOUS_TRAITANT = Entity("Atelier Vert ESAT", "41522336600017")


def _operator(name: str, siret: str, city: str, size: Size) -> Operator:
    return Operator(
        name=name,
        siret=siret,
        address=Address(street="12 rue de la République", postcode="69001", city=city),
        contact=Contact(name=f"Contact {name}", email="contact@example.org", phone="0472000000"),
        size=size,
    )


def _selection(turnover: str, references: int) -> Selection:
    return Selection(
        turnovers=tuple(
            Turnover(date(year, 1, 1), date(year, 12, 31), Decimal(turnover) + year - 2023)
            for year in (2023, 2024, 2025)
        ),
        insurance=Insurance("MAIF", Decimal("1500000.00")),
        references=tuple(
            Reference(
                description=f"Entretien des parcs, marché n° {n}",
                recipient="Métropole de Lyon",
                amount=Decimal("48000.00"),
                start=date(2024, 1, 1),
                end=date(2024, 12, 31),
            )
            for n in range(1, references + 1)
        ),
        headcounts=(Headcount(2024, 14), Headcount(2025, 17)),
        certificates=(
            Certificate("Qualiopi", "AFNOR"),
            Certificate("Label Écojardin", environmental=True),
        ),
    )


MEMBERS = {
    "lead": (
        _operator("Jardins Solidaires SCOP", "81234567800019", "Lyon", Size.SMALL),
        Role.LEAD,
        "412000.00",
    ),
    "member": (
        _operator("Terre & Liens SCIC", "52345678900027", "Villeurbanne", Size.MICRO),
        Role.MEMBER,
        "98000.00",
    ),
    "member2": (
        _operator("Compost Coop", "63456789000035", "Vénissieux", Size.MICRO),
        Role.MEMBER,
        "61000.00",
    ),
    "relied": (
        _operator(SOUS_TRAITANT.name, SOUS_TRAITANT.siret, "Bron", Size.SMALL),
        Role.RELIED_UPON,
        "230000.00",
    ),
}
GROUP = "Groupement Jardins de Lyon"


def consortium() -> dict[str, ResponseData]:
    """The four responses' data: the lead relies on the ESAT's capacities; a member declares a
    past arrangement with creditors; the ESAT is a sheltered workshop."""
    names = [
        operator.name for operator, role, _ in MEMBERS.values() if role is not Role.RELIED_UPON
    ]
    found = {}
    for key, (operator, role, turnover) in MEMBERS.items():
        in_group = role in (Role.LEAD, Role.MEMBER)
        found[key] = ResponseData(
            procedure=PROCEDURE,
            operator=operator,
            role=role,
            issued_at=ISSUED,
            lots=PROCEDURE.lots if key != "member2" else ("LOT-0002",),
            group_name=GROUP if in_group else "",
            partners=tuple(n for n in names if n != operator.name) if in_group else (),
            relied_upon=(SOUS_TRAITANT,) if role is Role.LEAD else (),
            exclusions=(
                {"cred-arran": Declaration("Plan de continuation arrêté en 2019, exécuté.")}
                if key == "member2"
                else {}
            ),
            selection=_selection(turnover, 3 if key == "lead" else 1),
            reserved=Reserved(Decimal("0.85"), "Travailleurs handicapés (ESAT)")
            if role is Role.RELIED_UPON
            else None,
        )
    return found
