"""Cordée's description of the ESPD-EDM 4.1.0 criteria (tenders/espd/catalogue_*.py) is the
specification's: every criterion of ESPD-criterion.xml, with its identifier, type code, name,
and every group and property (identifier, type code, value type, description) in order."""

from __future__ import annotations

from lxml import etree
from msgspec.structs import replace

from tenders.espd import criteria
from tenders.espd.model import Nature, ResponseData, Role
from tenders.espd.structure import Criterion, Group
from tests.espd_support import consortium, espd_file

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}


def _text(element: etree._Element, name: str) -> str:
    return " ".join((element.findtext(f"cbc:{name}", namespaces=NS) or "").split())


def _spec_group(element: etree._Element) -> tuple:
    return (
        _text(element, "ID").split("/", 1)[1],
        _text(element, "PropertyGroupTypeCode"),
        tuple(
            (
                _text(p, "ID").split("/", 1)[1],
                _text(p, "TypeCode"),
                _text(p, "ValueDataTypeCode"),
                _text(p, "Description"),
            )
            for p in element.iterfind("cac:TenderingCriterionProperty", NS)
        ),
        tuple(
            _spec_group(s)
            for s in element.iterfind("cac:SubsidiaryTenderingCriterionPropertyGroup", NS)
        ),
    )


def _ours(group: Group) -> tuple:
    return (
        group.id,
        group.kind,
        tuple((p.id, p.type, p.data, p.text) for p in group.props),
        tuple(_ours(s) for s in group.groups),
    )


def _spec() -> list[etree._Element]:
    path = espd_file("validation/ESPDResponse/xsl/ESPD-criterion.xml")
    return etree.parse(str(path)).getroot().findall("cac:TenderingCriterion", NS)


def test_the_catalogue_is_every_criterion_of_the_specification_in_its_order():
    spec = _spec()
    assert [(_text(c, "ID"), _text(c, "CriterionTypeCode")) for c in spec] == [
        (c.uuid, c.code) for c in criteria.CATALOGUE
    ]
    assert [c.kind for c in criteria.CATALOGUE].count("exclusion") == 24
    assert [c.kind for c in criteria.CATALOGUE].count("selection") == 31


def test_each_criterion_has_the_specification_s_name_groups_and_properties():
    for element, ours in zip(_spec(), criteria.CATALOGUE, strict=True):
        assert (ours.name, ours.description) == (
            _text(element, "Name"),
            _text(element, "Description"),
        )
        first = element.find(".//cac:TenderingCriterionProperty/cbc:ID", NS).text
        assert ours.prefix == first.split("/")[0]
        assert ours.lot_bound == (
            element.find("cac:ProcurementProjectLotReference", NS) is not None
        )
        groups = tuple(
            _spec_group(g) for g in element.iterfind("cac:TenderingCriterionPropertyGroup", NS)
        )
        assert tuple(_ours(g) for g in ours.groups) == groups, ours.code


def _codes(data: ResponseData) -> tuple[str, ...]:
    return criteria.default_codes(data)


def test_the_default_criteria_follow_the_member_s_data_and_role():
    lead = consortium()["lead"]
    codes = _codes(lead)
    assert codes[:24] == criteria.EXCLUSION_CODES
    assert {"trade-regist", "gen-year-to", "indem-insu", "service-perform", "year-manpower"} <= set(
        codes
    )
    assert {"eo-group", "relied", "subco-ent"} <= set(codes) and "shelt-worksh" not in codes
    on_works = replace(lead, procedure=replace(lead.procedure, nature=Nature.WORKS))
    assert "work-perform" in _codes(on_works) and "service-perform" not in _codes(on_works)
    assert "shelt-worksh" in _codes(consortium()["relied"])
    plain = replace(consortium()["relied"], role=Role.SUBCONTRACTOR)
    assert not any(criteria.BY_CODE[c].kind == "selection" for c in _codes(plain))


def test_main_questions_are_the_yes_no_answer_of_each_exclusion_ground():
    tax: Criterion = criteria.BY_CODE["tax-pay"]
    assert criteria.main_question(tax).id == "RG1/QSG1/Q1"
    assert criteria.main_question(criteria.BY_CODE["nati-ground"]).id == "QG1/QSG1/Q1"
