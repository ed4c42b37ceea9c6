"""A consortium's DUME: each member's ESPD Response (the lead, two members, the sous-traitant
whose capacities they rely on; two lots) is valid against the UBL 2.3 schema and every
business-rule stylesheet of ESPD-EDM 4.1.0, and says what Cordée knows of the member."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec
import pytest
from lxml import etree

from tenders.espd import criteria
from tenders.espd.errors import EspdError
from tenders.espd.model import Declaration, ResponseData, Role
from tenders.espd.response import Structures, build_response, build_responses
from tenders.espd.summary import YearTurnover, read_response
from tests.espd_support import SOUS_TRAITANT, consortium, validator

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


@pytest.fixture(scope="module")
def responses() -> dict[str, dict[str, bytes]]:
    return {key: build_responses(data) for key, data in consortium().items()}


def answers(root: etree._Element, property_id: str) -> list[etree._Element]:
    return [
        response
        for response in root.iterfind("cac:TenderingCriterionResponse", NS)
        if response.findtext("cbc:ValidatedCriterionPropertyID", namespaces=NS) == property_id
    ]


def test_every_member_s_response_passes_the_schema_and_every_business_rule(responses):
    checker = validator("ESPDResponse")
    assert len(checker.stylesheets) == 12 and checker.assertions > 150
    for key, by_lot in responses.items():
        first = next(iter(by_lot.values()))
        assert checker.schema_errors(first) == [], key
        failures = checker.failures(first)
        assert failures == [], f"{key}: " + "\n".join(map(str, failures))


def test_a_second_lot_s_response_differs_from_the_first_only_by_its_lot_and_identifiers(
    responses,
):
    one, two = responses["lead"]["LOT-0001"], responses["lead"]["LOT-0002"]
    assert one != two

    def neutral(xml: bytes, lot: str) -> bytes:
        root = etree.fromstring(xml)
        for element in root.iter(f"{{{NS['cbc']}}}UUID", f"{{{NS['cbc']}}}ID"):
            if element.getparent() is root:
                element.text = "x"
        return etree.tostring(root).replace(lot.encode(), b"LOT")

    assert neutral(one, "LOT-0001") == neutral(two, "LOT-0002")


def test_the_same_data_gives_the_same_bytes_and_each_lot_its_own_document_id():
    data = consortium()["member"]
    assert build_response(data, "LOT-0001") == build_response(data, "LOT-0001")
    ids = {
        etree.fromstring(build_response(data, lot)).findtext("cbc:UUID", namespaces=NS)
        for lot in data.lots
    }
    assert len(ids) == 2


def test_responses_built_one_after_the_other_are_the_bytes_each_gives_alone():
    # A package builds its members' responses sharing the criteria's structures (written once,
    # copied): each must still be the response of its own member and lot.
    structures = Structures()
    together = {
        (key, lot): build_response(data, lot, structures)
        for key, data in consortium().items()
        for lot in data.lots
    }
    assert len(set(together.values())) == len(together) > 3
    for (key, lot), xml in together.items():
        assert xml == build_response(consortium()[key], lot), (key, lot)


def test_reading_a_response_back_gives_the_member_s_siret_role_turnover_and_lot(responses):
    for key, data in consortium().items():
        assert sorted(responses[key]) == sorted(data.lots)
        for lot, xml in responses[key].items():
            summary = read_response(xml)
            assert (summary.name, summary.siret, summary.role, summary.lot) == (
                data.operator.name,
                data.operator.siret,
                data.role.value,
                lot,
            )
            assert summary.turnovers == tuple(
                YearTurnover(t.start, t.end, t.amount, "EUR") for t in data.selection.turnovers
            )
    lead = read_response(responses["lead"]["LOT-0002"])
    assert (lead.group_name, lead.size) == ("Groupement Jardins de Lyon", "small")
    assert lead.turnovers[0] == YearTurnover(
        date(2023, 1, 1), date(2023, 12, 31), Decimal("412000.00"), "EUR"
    )


def test_a_lot_the_consultation_does_not_have_is_refused_in_french():
    with pytest.raises(EspdError) as caught:
        build_response(consortium()["member"], "LOT-0009")
    assert caught.value.message == (
        "Le DUME de « Terre & Liens SCIC » ne peut être produit : le lot « LOT-0009 » n'est pas "
        "un lot de la consultation (LOT-0001, LOT-0002)."
    )


def test_the_lead_names_the_group_its_partners_and_the_sous_traitant_it_relies_on(responses):
    root = etree.fromstring(responses["lead"]["LOT-0001"])
    assert (
        root.findtext("cbc:EconomicOperatorGroupName", namespaces=NS)
        == "Groupement Jardins de Lyon"
    )
    role = answers(root, "C59_OT_eo-group/QG1/QSG1/Q1")[0]
    assert role.findtext(".//cbc:ResponseCode", namespaces=NS) == "group-lead"
    partners = answers(root, "C59_OT_eo-group/QG1/QSG1/Q2")[0].findtext(
        ".//cbc:Description", namespaces=NS
    )
    assert partners == "Terre & Liens SCIC; Compost Coop"
    relied = answers(root, "C60_OT_relied/QG1/QSG1/Q2")[0].findtext(
        ".//cbc:ResponseID", namespaces=NS
    )
    assert relied == SOUS_TRAITANT.siret
    esat = etree.fromstring(responses["relied"]["LOT-0001"])
    share = answers(esat, "C57_OT_shelt-worksh/QG1/QSG1/Q1")[0]
    assert share.findtext(".//cbc:ResponseNumeric", namespaces=NS) == "0.85"


def test_exclusion_grounds_are_answered_no_unless_the_member_declared_otherwise(responses):
    root = etree.fromstring(responses["member2"]["LOT-0002"])
    written = root.findall("cac:TenderingCriterion", NS)
    codes = [c.findtext("cbc:CriterionTypeCode", namespaces=NS) for c in written]
    assert codes[:24] == list(criteria.EXCLUSION_CODES)

    def indicator(property_id: str) -> str:
        return answers(root, property_id)[0].findtext(".//cbc:ResponseIndicator", namespaces=NS)

    assert indicator("C7_EG_tax-pay/RG1/QSG1/Q1") == "false"
    assert indicator("C1_EG_crime-org/QG1/Q1") == "false"
    assert indicator("C14_EG_cred-arran/QG1/Q1") == "true"
    said = answers(root, "C14_EG_cred-arran/QG1/QSG1/Q1")[0].findtext(
        ".//cbc:Description", namespaces=NS
    )
    assert said == "Plan de continuation arrêté en 2019, exécuté."


def test_a_response_with_a_mandatory_element_removed_fails_and_says_which_rule(responses):
    root = etree.fromstring(responses["member"]["LOT-0001"])
    party = root.find("cac:EconomicOperatorParty/cac:Party", NS)
    party.remove(party.find("cbc:IndustryClassificationCode", NS))
    root.remove(root.find("cbc:UBLVersionID", NS))
    failures = validator("ESPDResponse").failures(etree.tostring(root))
    assert {(f.rule, f.flag) for f in failures} == {
        ("BR-OTH-04-01", "fatal"),
        ("BR-RESP-10-06", "error"),
    }
    assert any("UBLVersionID' is mandatory" in f.text for f in failures)


def test_a_declared_ground_needs_its_date_and_all_grounds_declared_pass_every_rule():
    data: ResponseData = consortium()["member"]
    data = msgspec.structs.replace(data, exclusions={"fraud": Declaration("Condamnation.")})
    with pytest.raises(EspdError) as caught:
        build_response(data, "LOT-0001")
    assert caught.value.message == (
        "Le DUME de « Terre & Liens SCIC » ne peut être produit : la date de la condamnation "
        "ou de la décision déclarée manque."
    )
    full = Declaration("Déclaré.", on=date(2022, 5, 3), until=date(2027, 5, 3), amount=Decimal(1))
    every = {code: full for code in criteria.EXCLUSION_CODES}
    data = msgspec.structs.replace(data, exclusions=every)
    xml = build_response(data, "LOT-0001")
    assert validator("ESPDResponse").failures(xml) == []
    said = answers(etree.fromstring(xml), "C7_EG_tax-pay/RG1/QSG1/QSG1/Q2")[0]
    assert said.findtext(".//cbc:ResponseAmount", namespaces=NS) == "1"


def test_a_plain_subcontractor_answers_no_selection_criterion():
    data = msgspec.structs.replace(consortium()["relied"], role=Role.SUBCONTRACTOR)
    root = etree.fromstring(build_response(data, "LOT-0001"))
    codes = {
        c.findtext("cbc:CriterionTypeCode", namespaces=NS)
        for c in root.iterfind("cac:TenderingCriterion", NS)
    }
    assert "gen-year-to" not in codes and "tax-pay" in codes
    assert validator("ESPDResponse").failures(etree.tostring(root)) == []
