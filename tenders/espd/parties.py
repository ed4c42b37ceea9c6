"""The parties of a response: the buyer (ContractingParty) and the member (EconomicOperatorParty,
with its role, size, SIRET, address and contact)."""

from __future__ import annotations

from lxml import etree

from tenders.espd.model import Address, ResponseData
from tenders.espd.xml import cac, cbc

COUNTRY_LIST = {
    "listID": "http://publications.europa.eu/resource/authority/country",
    "listAgencyID": "OP",
    "listVersionID": "20250924-0",
}
ROLE_LIST = {
    "listID": "http://publications.europa.eu/resource/authority/eo-role-type",
    "listAgencyID": "OP",
    "listVersionID": "20211208-0",
}
SIZE_LIST = {
    "listID": "http://publications.europa.eu/resource/authority/economic-operator-size",
    "listAgencyID": "OP",
    "listVersionID": "20250924-0",
}


def write_buyer(root: etree._Element, data: ResponseData) -> None:
    party = cac(cac(root, "ContractingParty"), "Party")
    cbc(cac(party, "PartyName"), "Name", data.procedure.buyer_name)
    address = cac(party, "PostalAddress")
    cbc(cac(address, "Country"), "IdentificationCode", data.procedure.buyer_country, **COUNTRY_LIST)


def write_operator(root: etree._Element, data: ResponseData) -> None:
    operator = data.operator
    element = cac(root, "EconomicOperatorParty")
    cbc(cac(element, "EconomicOperatorRole"), "RoleCode", data.role.value, **ROLE_LIST)
    party = cac(element, "Party")
    if operator.website:
        cbc(party, "WebsiteURI", operator.website)
    cbc(party, "IndustryClassificationCode", operator.size.value, **SIZE_LIST)
    identification = cac(party, "PartyIdentification")
    cbc(identification, "ID", operator.siret, schemeID="NATIONAL", schemeAgencyID="INSEE")
    cbc(cac(party, "PartyName"), "Name", operator.name)
    _write_address(party, operator.address)
    contact = cac(party, "Contact")
    cbc(contact, "Name", operator.contact.name)
    if operator.contact.phone:
        cbc(contact, "Telephone", operator.contact.phone)
    if operator.contact.email:
        cbc(contact, "ElectronicMail", operator.contact.email)


def _write_address(party: etree._Element, address: Address) -> None:
    element = cac(party, "PostalAddress")
    cbc(element, "StreetName", address.street)
    cbc(element, "CityName", address.city)
    cbc(element, "PostalZone", address.postcode)
    cbc(cac(element, "Country"), "IdentificationCode", address.country, **COUNTRY_LIST)
