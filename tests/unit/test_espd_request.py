"""A buyer's ESPD Request: the official 4.1.0 example reads (procedure, lots, the criteria it
asks for, the values it sets), a member's response answers exactly those criteria and passes
every rule, and hostile or wrong files are refused with a French reason."""

from __future__ import annotations

import msgspec
import pytest
from lxml import etree

from tenders.espd import criteria
from tenders.espd.errors import EspdError
from tenders.espd.request import read_request
from tenders.espd.response import build_response
from tests.espd_support import consortium, espd_file, validator

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture(scope="module")
def example() -> bytes:
    return espd_file("xml-examples/ESPD-Request.xml").read_bytes()


def test_the_official_example_request_reads_with_its_procedure_lots_and_criteria(example):
    request = read_request(example)
    assert (request.version, request.reference, request.lots) == (
        "4.1.0",
        "PP.20170419.1024-9",
        ("LOT-0000",),
    )
    assert (request.buyer_country, request.procedure_code) == ("BEL", "Open")
    listed = [(c.code, c.kind, c.name) for c in request.criteria]
    assert len(listed) == 62
    assert listed[0] == ("crime-org", "exclusion", "Participation in a criminal organisation")
    assert ("gen-year-to", "selection", "General yearly turnover") in listed
    assert [c.kind for c in request.criteria].count("exclusion") == 24
    tax = next(c for c in request.criteria if c.code == "tax-pay")
    minimum = next(v for v in tax.values if v.element == "MinimumAmount")
    assert (minimum.text, minimum.attributes) == ("500000", (("currencyID", "EUR"),))


def test_a_response_to_the_example_answers_exactly_its_criteria_and_passes_every_rule(example):
    request = read_request(example)
    data = msgspec.structs.replace(consortium()["lead"], request=request, lots=request.lots)
    xml = build_response(data)
    root = etree.fromstring(xml)
    answered = [
        c.findtext("cbc:ID", namespaces=NS) for c in root.iterfind("cac:TenderingCriterion", NS)
    ]
    assert answered == [c.uuid for c in request.criteria]
    minimum = root.find(
        ".//cac:TenderingCriterionProperty[cbc:ID='C7_EG_tax-pay/RG1/RQ1/R1']/cbc:MinimumAmount", NS
    )
    assert (minimum.text, minimum.get("currencyID")) == ("500000", "EUR")
    checker = validator("ESPDResponse")
    assert checker.schema_errors(xml) == []
    failures = checker.failures(xml)
    assert failures == [], "\n".join(map(str, failures))


def _two_lots(example: bytes) -> bytes:
    """The example with two lots, its general turnover required for the second one only."""
    root = etree.fromstring(example)
    lot = root.find("cac:ProcurementProjectLot", NS)
    lot.find("cbc:ID", NS).text = "LOT-0001"
    second = etree.fromstring(etree.tostring(lot))
    second.find("cbc:ID", NS).text = "LOT-0002"
    lot.addnext(second)
    turnover = root.find(
        f"cac:TenderingCriterion[cbc:ID='{criteria.BY_CODE['gen-year-to'].uuid}']", NS
    )
    turnover.find("cac:ProcurementProjectLotReference/cbc:ID", NS).text = "LOT-0002"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_a_requirement_set_for_one_lot_is_answered_in_that_lot_s_response_only(example):
    request = read_request(_two_lots(example))
    assert request.lots == ("LOT-0001", "LOT-0002")
    asked = {c.code: c.lots for c in request.criteria}
    assert (asked["gen-year-to"], asked["indem-insu"]) == (("LOT-0002",), ("LOT-0000",))
    data = msgspec.structs.replace(consortium()["member"], request=request, lots=request.lots)

    def codes(lot: str) -> set[str]:
        root = etree.fromstring(build_response(data, lot))
        return {
            c.findtext("cbc:CriterionTypeCode", namespaces=NS)
            for c in root.iterfind("cac:TenderingCriterion", NS)
        }

    first, second = codes("LOT-0001"), codes("LOT-0002")
    assert "gen-year-to" not in first and "gen-year-to" in second
    assert "indem-insu" in first and "indem-insu" in second
    assert second - first == {"gen-year-to"}


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<QualificationApplicationRequest>&lol2;</QualificationApplicationRequest>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<QualificationApplicationRequest>&xxe;</QualificationApplicationRequest>"""
DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE html><html/>'
NOT_ESPD = (
    b'<?xml version="1.0"?>'
    b'<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"/>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BOMB, "Le fichier contient une déclaration d'entité XML : il est refusé par sécurité."),
        (
            EXTERNAL,
            "Le fichier contient une déclaration d'entité XML : il est refusé par sécurité.",
        ),
        (DOCTYPE, "Le fichier contient une déclaration DOCTYPE : il est refusé par sécurité."),
        (b"   ", "Le fichier est vide : déposez le DUME (ESPD Request) XML fourni par l'acheteur."),
        (
            b"<QualificationApplicationRequest>",
            "Le fichier XML est incomplet ou mal formé (ligne 1).",
        ),
        (
            NOT_ESPD,
            "Ce fichier n'est pas un DUME d'acheteur (ESPD Request) : son élément racine est "
            "« ContractNotice ». Déposez le fichier XML « espd-request » des documents de la "
            "consultation.",
        ),
    ],
)
def test_unsafe_broken_or_foreign_files_are_refused_in_french(data, message):
    with pytest.raises(EspdError) as caught:
        read_request(data)
    assert caught.value.message == message
    assert caught.value.status_code == 422 and caught.value.fields == {"file": message}


def test_an_oversized_file_is_refused_before_it_is_parsed(example):
    padded = example + b" " * (5 * 1024 * 1024)
    with pytest.raises(EspdError, match="dépasse la taille maximale de 5 Mo"):
        read_request(padded)


def test_a_response_or_another_version_or_an_unknown_criterion_is_refused(example):
    response = espd_file("xml-examples/ESPD-Response.xml").read_bytes()
    with pytest.raises(EspdError, match="est une réponse \\(ESPD Response\\) d'un opérateur"):
        read_request(response)
    older = example.replace(b">4.1.0</cbc:VersionID>", b">3.3.0</cbc:VersionID>")
    with pytest.raises(EspdError) as caught:
        read_request(older)
    assert caught.value.message.startswith("Ce DUME est à la version « 3.3.0 » du format ESPD")
    assert "seule la version 4.1.0 est lue" in caught.value.message
    unknown = example.replace(
        criteria.BY_CODE["fraud"].uuid.encode(), b"00000000-0000-0000-0000-000000000000", 1
    )
    with pytest.raises(EspdError, match=r"critère inconnu de la version 4\.1\.0 \(« Fraud »\)"):
        read_request(unknown)
