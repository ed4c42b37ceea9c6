"""``read_response``: what an ESPD Response says of its member, read back from the XML — who
(name, SIRET, role, size), for which lot, in which group, with which yearly turnovers. For the
French summary of each member's DUME and for checking what was produced."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element

import msgspec
from defusedxml.ElementTree import fromstring

from tenders.espd.xml import CAC, CBC

_NS = {"cac": CAC, "cbc": CBC}
TURNOVER_PERIOD = "C29_SC_gen-year-to/RG1/RSG1/QSG2/Q1"
TURNOVER_AMOUNT = "C29_SC_gen-year-to/RG1/RSG1/QSG2/Q2"


class YearTurnover(msgspec.Struct, frozen=True):
    start: date
    end: date
    amount: Decimal
    currency: str


class ResponseSummary(msgspec.Struct, frozen=True):
    name: str
    siret: str
    role: str
    size: str
    lot: str
    group_name: str
    turnovers: tuple[YearTurnover, ...]


def read_response(xml: bytes) -> ResponseSummary:
    root = fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    party = "cac:EconomicOperatorParty/cac:Party/"
    periods = [r.find("cac:ApplicablePeriod", _NS) for r in _answers(root, TURNOVER_PERIOD)]
    amounts = [
        r.find("cac:ResponseValue/cbc:ResponseAmount", _NS) for r in _answers(root, TURNOVER_AMOUNT)
    ]
    return ResponseSummary(
        name=_text(root, party + "cac:PartyName/cbc:Name"),
        siret=_text(root, party + "cac:PartyIdentification/cbc:ID"),
        role=_text(root, "cac:EconomicOperatorParty/cac:EconomicOperatorRole/cbc:RoleCode"),
        size=_text(root, party + "cbc:IndustryClassificationCode"),
        lot=_text(root, "cac:ProcurementProjectLot/cbc:ID"),
        group_name=_text(root, "cbc:EconomicOperatorGroupName"),
        turnovers=tuple(
            YearTurnover(
                date.fromisoformat(_text(period, "cbc:StartDate")),
                date.fromisoformat(_text(period, "cbc:EndDate")),
                Decimal((amount.text or "").strip()),
                amount.get("currencyID", ""),
            )
            for period, amount in zip(periods, amounts, strict=True)
            if period is not None and amount is not None
        ),
    )


def _answers(root: Element, property_id: str) -> list[Element]:
    return [
        response
        for response in root.iterfind("cac:TenderingCriterionResponse", _NS)
        if _text(response, "cbc:ValidatedCriterionPropertyID") == property_id
    ]


def _text(element: Element, path: str) -> str:
    return (element.findtext(path, default="", namespaces=_NS) or "").strip()
