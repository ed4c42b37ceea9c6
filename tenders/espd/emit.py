"""One criterion of a response as XML: its structure (``write_criterion``, the groups and
properties of the specification, with the buyer's requirement values) and the member's answers
(``write_answers``, one TenderingCriterionResponse per value given).

A conditional group is written out only when the answer it hangs on says so (ONTRUE groups after
a « yes », ONFALSE after a « no »), and then every question in it must be answered: rules
BR-TCR-06 and BR-TCR-07 of ESPD-EDM."""

from __future__ import annotations

from datetime import date

from lxml import etree

from tenders.espd import criteria
from tenders.espd.answers import Answers, Code, Identifier, Money, Period, Quantity, Value
from tenders.espd.errors import MISSING_ANSWER, EspdError
from tenders.espd.model import Expected
from tenders.espd.structure import ON_FALSE, ON_TRUE, Criterion, Group, Prop
from tenders.espd.xml import ESPD_LIST, OWN_ID, SPEC_ID, cac, cbc

CRITERION_LIST = {
    "listID": "http://publications.europa.eu/resource/authority/criterion",
    "listAgencyID": "OP",
    "listVersionID": "20240612-0",
}
SIRET_SCHEME = {"schemeID": "NATIONAL", "schemeAgencyID": "INSEE"}


def write_criterion(
    root: etree._Element,
    criterion: Criterion,
    name: str,
    lot: str,
    expected: dict[str, Expected],
) -> None:
    element = cac(root, "TenderingCriterion")
    cbc(element, "ID", criterion.uuid, **SPEC_ID)
    cbc(element, "CriterionTypeCode", criterion.code, **CRITERION_LIST)
    cbc(element, "Name", name)
    cbc(element, "Description", criterion.description)
    if criterion.lot_bound:
        cbc(cac(element, "ProcurementProjectLotReference"), "ID", lot, **SPEC_ID)
    for group in criterion.groups:
        _write_group(element, "TenderingCriterionPropertyGroup", criterion, group, lot, expected)


def _write_group(
    parent: etree._Element,
    tag: str,
    criterion: Criterion,
    group: Group,
    lot: str,
    expected: dict[str, Expected],
) -> None:
    element = cac(parent, tag)
    cbc(element, "ID", criterion.full_id(group.id), **SPEC_ID)
    cbc(element, "PropertyGroupTypeCode", group.kind, listID="property-group-type", **ESPD_LIST)
    for prop in group.props:
        _write_property(element, criterion.full_id(prop.id), prop, lot, expected)
    for sub in group.groups:
        _write_group(
            element, "SubsidiaryTenderingCriterionPropertyGroup", criterion, sub, lot, expected
        )


def _write_property(
    parent: etree._Element, full_id: str, prop: Prop, lot: str, expected: dict[str, Expected]
) -> None:
    element = cac(parent, "TenderingCriterionProperty")
    given = expected.get(full_id)
    cbc(element, "ID", full_id, **SPEC_ID)
    cbc(element, "Name", "")
    cbc(element, "Description", given.description if given else prop.text)
    cbc(element, "TypeCode", prop.type, listID="criterion-element-type", **ESPD_LIST)
    cbc(element, "ValueDataTypeCode", prop.data, listID="response-data-type", **ESPD_LIST)
    if prop.data == "LOT_IDENTIFIER":
        cbc(element, "ExpectedID", lot, schemeAgencyID="OP")
    elif given and given.element:
        cbc(element, given.element, given.text, **dict(given.attributes))


def write_answers(
    root: etree._Element, criterion: Criterion, answers: Answers, lot: str, member: str
) -> None:
    writer = _AnswerWriter(root, criterion, answers, lot, member)
    for group in criterion.groups:
        writer.group(group, None)


class _AnswerWriter:
    def __init__(
        self, root: etree._Element, criterion: Criterion, answers: Answers, lot: str, member: str
    ) -> None:
        self.root, self.criterion, self.answers = root, criterion, answers
        self.lot, self.member = lot, member

    def group(self, group: Group, parent_answer: Value | None) -> None:
        if group.kind == ON_TRUE and parent_answer is not True:
            return
        if group.kind == ON_FALSE and parent_answer is not False:
            return
        required = group.kind in (ON_TRUE, ON_FALSE)
        own: Value | None = None
        for prop in group.props:
            values = self.answers.get(prop.id) or _default(prop, self.criterion)
            if not values and required and prop.type == "QUESTION":
                what = f"la réponse à « {prop.text} » ({self.criterion.name}) manque"
                raise EspdError(MISSING_ANSWER.format(member=self.member, what=what))
            for index, value in enumerate(values, start=1):
                self.response(prop, index, value)
            if values and prop.data == "INDICATOR":
                own = values[0]
        for sub in group.groups:
            self.group(sub, own)

    def response(self, prop: Prop, index: int, value: Value) -> None:
        full_id = self.criterion.full_id(prop.id)
        element = cac(self.root, "TenderingCriterionResponse")
        cbc(element, "ID", f"{full_id}/R{index}", **OWN_ID)
        cbc(element, "ValidatedCriterionPropertyID", full_id, **OWN_ID)
        if isinstance(value, Period):
            period = cac(element, "ApplicablePeriod")
            cbc(period, "StartDate", value.start.isoformat())
            cbc(period, "EndDate", value.end.isoformat())
        else:
            holder = cac(element, "ResponseValue")
            cbc(holder, "ID", f"{full_id}/R{index}/RV", **OWN_ID)
            _write_value(holder, value)
        if self.criterion.lot_bound:
            cbc(cac(element, "ProcurementProjectLotReference"), "ID", self.lot, **SPEC_ID)


def _default(prop: Prop, criterion: Criterion) -> list[Value]:
    if prop.data != "INDICATOR" or prop.type != "QUESTION":
        return []
    if prop.text in criteria.EVIDENCE_QUESTIONS:
        return [False]
    if prop.text == criteria.SELF_FULFILMENT and criterion.kind == "selection":
        return [True]
    return []


def _write_value(holder: etree._Element, value: Value) -> None:
    if isinstance(value, bool):
        cbc(holder, "ResponseIndicator", "true" if value else "false")
    elif isinstance(value, str):
        cbc(holder, "Description", value)
    elif isinstance(value, date):
        cbc(holder, "ResponseDate", value.isoformat())
    elif isinstance(value, Money):
        cbc(holder, "ResponseAmount", format(value.amount, "f"), currencyID=value.currency)
    elif isinstance(value, Quantity) and value.unit == "PERCENTAGE":
        cbc(holder, "ResponseNumeric", format(value.value, "f"), format="PERCENTAGE")
    elif isinstance(value, Quantity):
        cbc(holder, "ResponseQuantity", str(value.value), unitCode=value.unit)
    elif isinstance(value, Code):
        attributes = {"listID": value.list_id, "listAgencyID": "OP"}
        cbc(holder, "ResponseCode", value.value, listVersionID=value.list_version, **attributes)
    elif isinstance(value, Identifier):
        cbc(holder, "ResponseID", value.value, **SIRET_SCHEME)
