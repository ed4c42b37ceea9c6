"""The namespaces of ESPD-EDM 4.1.0 documents and the small helpers that write their elements."""

from __future__ import annotations

from lxml import etree

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
REQUEST_NS = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2"
RESPONSE_NS = "urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2"
VERSION = "4.1.0"
# The scheme attributes of the identifiers the specification defines, and of Cordée's own.
SPEC_ID = {"schemeID": "Criterion", "schemeAgencyID": "OP", "schemeVersionID": VERSION}
OWN_ID = {"schemeID": "Criterion", "schemeAgencyID": "CORDEE", "schemeVersionID": VERSION}
ESPD_LIST = {"listAgencyID": "OP", "listVersionID": VERSION}


def cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{CAC}}}{name}")


def cbc(
    parent: etree._Element, name: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CBC}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element
