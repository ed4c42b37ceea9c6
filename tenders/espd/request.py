"""``read_request``: what a buyer's ESPD Request (ESPD-EDM 4.1.0) asks for — the procedure, its
lots, and the criteria each member must answer with the requirement values the buyer set.

The file is refused, with a French reason saying what to fix, when it is empty, larger than
5 Mo, unsafe (a DOCTYPE or entity declaration: XML bombs, external entities), broken, not an
ESPD Request (a response, another XML), of another version than 4.1.0, or asks for a criterion
4.1.0 does not define."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from tenders.espd import criteria
from tenders.espd.errors import (
    A_RESPONSE,
    EMPTY,
    MAX_REQUEST_BYTES,
    NOT_A_REQUEST,
    TOO_LARGE,
    UNKNOWN_CRITERION,
    UNKNOWN_VERSION,
    XML_BROKEN,
    XML_DOCTYPE,
    XML_ENTITY,
    EspdError,
)
from tenders.espd.model import EspdRequest, Expected, RequestedCriterion
from tenders.espd.xml import CAC, CBC, REQUEST_NS, RESPONSE_NS
from tenders.xmlsafe import XmlRefused, parse_untrusted

_NS = {"cac": CAC, "cbc": CBC}
_PLAIN = {"ID", "Name", "Description", "TypeCode", "ValueDataTypeCode"}


def read_request(data: bytes) -> EspdRequest:
    """The buyer's request; raises EspdError (422) with a French reason otherwise."""
    if len(data) > MAX_REQUEST_BYTES:
        raise EspdError(TOO_LARGE)
    if not data.strip():
        raise EspdError(EMPTY)
    root = _parse(data)
    _check_document(root)
    party = "cac:ContractingParty/cac:Party/"
    return EspdRequest(
        version=criteria.VERSION,
        reference=_text(root, "cbc:ContractFolderID"),
        buyer_name=_text(root, party + "cac:PartyName/cbc:Name"),
        buyer_country=_text(root, party + "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        title=_text(root, "cac:ProcurementProject/cbc:Name")
        or _text(root, "cac:ProcurementProject/cbc:Description"),
        procedure_code=_text(root, "cbc:ProcedureCode"),
        lots=tuple(_texts(root, "cac:ProcurementProjectLot/cbc:ID")) or ("LOT-0000",),
        criteria=tuple(_criterion(e) for e in root.iterfind("cac:TenderingCriterion", _NS)),
    )


def _parse(data: bytes) -> Element:
    try:
        return parse_untrusted(data)
    except XmlRefused as refused:
        said = {"entity": XML_ENTITY, "doctype": XML_DOCTYPE}.get(refused.why)
        raise EspdError(said or XML_BROKEN.format(line=refused.line)) from refused


def _check_document(root: Element) -> None:
    if root.tag == f"{{{RESPONSE_NS}}}QualificationApplicationResponse":
        raise EspdError(A_RESPONSE)
    if root.tag != f"{{{REQUEST_NS}}}QualificationApplicationRequest":
        raise EspdError(NOT_A_REQUEST.format(root=root.tag.rpartition("}")[2]))
    version = _text(root, "cbc:VersionID")
    profile = _text(root, "cbc:ProfileExecutionID")
    if version != criteria.VERSION or profile not in ("", f"ESPD-EDMv{criteria.VERSION}"):
        shown = version or profile.removeprefix("ESPD-EDMv") or "inconnue"
        raise EspdError(UNKNOWN_VERSION.format(version=shown))


def _criterion(element: Element) -> RequestedCriterion:
    identifier = _text(element, "cbc:ID")
    known = criteria.BY_UUID.get(identifier)
    if known is None:
        shown = _text(element, "cbc:Name") or identifier or "sans identifiant"
        raise EspdError(UNKNOWN_CRITERION.format(criterion=shown))
    return RequestedCriterion(
        uuid=known.uuid,
        code=known.code,
        kind=known.kind,
        name=_text(element, "cbc:Name") or known.name,
        lots=tuple(_texts(element, "cac:ProcurementProjectLotReference/cbc:ID")),
        values=tuple(
            _expected(prop)
            for prop in element.iter(f"{{{CAC}}}TenderingCriterionProperty")
            if _text(prop, "cbc:TypeCode") in ("REQUIREMENT", "CAPTION")
        ),
    )


def _expected(prop: Element) -> Expected:
    """The buyer's description of a requirement or caption, and the value it set, if any."""
    value = next(
        (
            child
            for child in prop
            if child.tag.startswith(f"{{{CBC}}}")
            and child.tag.rpartition("}")[2] not in _PLAIN
            and len(child) == 0
            and (child.text or "").strip()
        ),
        None,
    )
    base = Expected(_text(prop, "cbc:ID"), _text(prop, "cbc:Description"))
    if value is None:
        return base
    return Expected(
        base.property_id,
        base.description,
        element=value.tag.rpartition("}")[2],
        text=(value.text or "").strip(),
        attributes=tuple(sorted(value.attrib.items())),
    )


def _text(element: Element, path: str) -> str:
    return " ".join((element.findtext(path, default="", namespaces=_NS) or "").split())


def _texts(element: Element, path: str) -> list[str]:
    return [" ".join((e.text or "").split()) for e in element.iterfind(path, _NS)]
