"""eForms contract notices (UBL 2.3, as published on TED since 2023).

Business terms read (BT numbers of the eForms regulation): BT-21 title, BT-24 description,
BT-22 buyer's reference, BT-23 nature, BT-262/263 CPV, BT-5071 NUTS place, BT-27 estimated
value, BT-36 duration, BT-131 offers deadline (BT-1311, candidatures, when there is none),
BT-13 questions deadline, BT-71 reserved participation, BT-105 procedure, BT-15 documents,
BT-508 buyer profile, BT-500 buyer name, BT-501 its registration number (a SIRET in France),
BT-514 countries (of the places of performance and of the buyer).

The estimated value of the procedure is BT-27-Procedure (``cac:RequestedTenderTotal/
cbc:EstimatedOverallContractAmount`` in the notice's own ``cac:ProcurementProject``), else
BT-271-Procedure (the framework's maximum, ``efbc:FrameworkMaximumAmount`` in the same
``cac:RequestedTenderTotal``); the lots carry BT-27-Lot / BT-271-Lot the same way.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import Element

from tenders.notices import procedures
from tenders.notices.common import BuyerAddress, LotParts, NoticeParts, distinct
from tenders.notices.errors import (
    XML_NOT_EFORMS,
    XML_TED_LEGACY,
    NoticeError,
    not_a_contract_notice,
)
from tenders.notices.values import (
    clean_text,
    currency_code,
    deadline_from_parts,
    duration_in_months,
    language_code,
    months_between,
    parse_amount,
    parse_date,
    sheltered_workshops,
    siret_or_none,
)

UBL = "urn:oasis:names:specification:ubl:schema:xsd:"
NS = {
    "cac": UBL + "CommonAggregateComponents-2",
    "cbc": UBL + "CommonBasicComponents-2",
    "ext": UBL + "CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
CONTRACT_NOTICE = "ContractNotice"
# The other eForms documents, named as a French buyer would.
OTHER_NOTICES = {
    "ContractAwardNotice": "un avis d'attribution",
    "PriorInformationNotice": "un avis de préinformation",
    "BusinessRegistrationInformationNotice": "un avis relatif à une société européenne",
}
# BT-71: sheltered workshops (L2113-12, and for France the structures of L2113-13 too),
# public service missions (L2113-15, the économie sociale et solidaire).
RESERVED_CODES = {"res-ws": "disability", "res-pub-ser": "ess", "none": None}
KINDS = {"services": "services", "supplies": "supplies", "works": "works"}

CANDIDATURES_DEADLINE = (
    "L'avis ne donne pas de date limite de remise des offres : la date limite de réception "
    "des candidatures est retenue."
)
DEADLINES_DIFFER = "Les lots n'ont pas tous la même date limite : la plus proche est retenue."
CHANGE_NOTICE = "Cet avis modifie un avis publié auparavant : vérifiez les changements."
SEVERAL_BUYERS = "L'avis est passé par plusieurs acheteurs : seul le premier est repris."


def _local(tag: str) -> tuple[str, str]:
    namespace, _, name = tag.rpartition("}")
    return namespace.lstrip("{"), name


def check_document(root: Element) -> None:
    """Refuses what is not an eForms contract notice, saying what it is."""
    namespace, name = _local(root.tag)
    if namespace == f"{UBL}{name}-2":
        if name == CONTRACT_NOTICE:
            return
        if name in OTHER_NOTICES:
            raise not_a_contract_notice(OTHER_NOTICES[name])
    if name == "TED_EXPORT":
        raise NoticeError(XML_TED_LEGACY)
    raise NoticeError(XML_NOT_EFORMS.format(root=name[:60]))


def _texts(parent: Element | None, path: str) -> list[Element]:
    return [] if parent is None else parent.findall(path, NS)


def _text(parent: Element | None, path: str) -> str:
    """The text at ``path``: the French version when there are several languages, else the
    first one written."""
    elements = _texts(parent, path)
    if not elements:
        return ""
    chosen = next(
        (e for e in elements if (e.get("languageID") or "").upper() == "FRA"), elements[0]
    )
    return clean_text("".join(chosen.itertext()))


def _codes(parent: Element | None, path: str, list_name: str) -> list[str]:
    return [
        clean_text(e.text)
        for e in _texts(parent, path)
        if (e.get("listName") or list_name) == list_name and clean_text(e.text)
    ]


def _cpv(project: Element | None) -> list[str]:
    return _codes(
        project, "cac:MainCommodityClassification/cbc:ItemClassificationCode", "cpv"
    ) + _codes(project, "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode", "cpv")


def _places(project: Element | None, parts: NoticeParts) -> tuple[list[str], list[str]]:
    nuts: list[str] = []
    postcodes: list[str] = []
    for address in _texts(project, "cac:RealizedLocation/cac:Address"):
        codes = _codes(address, "cbc:CountrySubentityCode", "nuts")
        nuts.extend(codes)
        country = _text(address, "cac:Country/cbc:IdentificationCode")
        parts.countries.append(country)
        postcode = _text(address, "cbc:PostalZone")
        if not codes and country == "FRA" and postcode:
            postcodes.append(postcode)
    return nuts, postcodes


_VALUES = (
    "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount",  # BT-27
    "cac:RequestedTenderTotal/ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/"
    "efext:EformsExtension/efbc:FrameworkMaximumAmount",  # BT-271
)


def _value(project: Element | None) -> tuple[Decimal | None, str]:
    for path in _VALUES:
        for element in _texts(project, path):
            amount = parse_amount(clean_text(element.text))
            if amount is not None:
                return amount, currency_code(element.get("currencyID"))
    return None, ""


def _kind(project: Element | None) -> str:
    codes = _codes(project, "cbc:ProcurementTypeCode", "contract-nature")
    return KINDS.get(codes[0], "") if codes else ""


def _duration(project: Element | None) -> int | None:
    measures = _texts(project, "cac:PlannedPeriod/cbc:DurationMeasure")
    if measures:
        return duration_in_months(clean_text(measures[0].text), measures[0].get("unitCode") or "")
    start = parse_date(_text(project, "cac:PlannedPeriod/cbc:StartDate"))
    end = parse_date(_text(project, "cac:PlannedPeriod/cbc:EndDate"))
    return months_between(start, end) if start and end else None


def _deadline(process: Element | None, path: str) -> tuple[datetime | None, bool]:
    periods = _texts(process, path)
    if not periods:
        return None, False
    return deadline_from_parts(_text(periods[0], "cbc:EndDate"), _text(periods[0], "cbc:EndTime"))


def _document_urls(terms: Element | None) -> list[str]:
    """BT-15 (documents open to all) first, then BT-615 (restricted documents)."""
    found: list[tuple[int, str]] = []
    for reference in _texts(terms, "cac:CallForTendersDocumentReference"):
        uri = _text(reference, "cac:Attachment/cac:ExternalReference/cbc:URI")
        rank = 0 if _text(reference, "cbc:DocumentType") == "non-restricted-document" else 1
        found.append((rank, uri))
    return [uri for _, uri in sorted(found, key=lambda pair: pair[0])]


def _all_texts(element: Element) -> list[str]:
    """Descriptions and notes under ``element``, French ones first."""
    french: list[str] = []
    others: list[str] = []
    for tag in ("cbc:Description", "cbc:Note"):
        for node in element.iterfind(f".//{tag}", NS):
            text = clean_text("".join(node.itertext()))
            if (node.get("languageID") or "").upper() == "FRA":
                french.append(text)
            else:
                others.append(text)
    return french + others


def _is_lot(lot: Element) -> bool:
    ident = lot.find("cbc:ID", NS)
    if ident is None:
        return False
    scheme = (ident.get("schemeName") or "").lower()
    return scheme != "lotsgroup" and not clean_text(ident.text).startswith("GLO-")


def _reserved(lot: Element, key: str, warnings: list[str]) -> set[str] | None:
    codes = _codes(
        lot,
        "cac:TenderingTerms/cac:TendererQualificationRequest/cac:SpecificTendererRequirement/"
        "cbc:TendererRequirementTypeCode",
        "reserved-procurement",
    )
    if not codes:
        return None
    markers: set[str] = set()
    for code in codes:
        marker = RESERVED_CODES.get(code)
        if marker == "disability":
            said, warning = sheltered_workshops(" ".join(_all_texts(lot)), f"le lot {key}")
            markers |= said
            if warning:
                warnings.append(warning)
        elif marker:
            markers.add(marker)
    return markers


class _Found:
    def __init__(self) -> None:
        # (deadline, hour unknown)
        self.offers: list[tuple[datetime, bool]] = []
        self.questions: list[tuple[datetime, bool]] = []
        self.candidatures = False
        self.documents: list[str] = []


def _lot(lot: Element, parts: NoticeParts, found: _Found) -> LotParts:
    key = _text(lot, "cbc:ID")
    project = lot.find("cac:ProcurementProject", NS)
    terms = lot.find("cac:TenderingTerms", NS)
    process = lot.find("cac:TenderingProcess", NS)
    nuts, postcodes = _places(project, parts)
    value, currency = _value(project)

    offers, offers_unknown = _deadline(process, "cac:TenderSubmissionDeadlinePeriod")
    if offers is None:
        offers, offers_unknown = _deadline(process, "cac:ParticipationRequestReceptionPeriod")
        found.candidatures |= offers is not None
    questions, questions_unknown = _deadline(process, "cac:AdditionalInformationRequestPeriod")
    if offers is not None:
        found.offers.append((offers, offers_unknown))
    if questions is not None:
        found.questions.append((questions, questions_unknown))

    found.documents.extend(_document_urls(terms))
    parts.texts.extend(_all_texts(lot))
    return LotParts(
        key=key,
        title=_text(project, "cbc:Name"),
        description=_text(project, "cbc:Description"),
        cpv=_cpv(project),
        nuts=nuts,
        postcodes=postcodes,
        estimated_value=value,
        currency=currency,
        reserved=_reserved(lot, key, parts.warnings),
        duration_months=_duration(project),
    )


def _buyer(root: Element, parts: NoticeParts) -> None:
    parties = _texts(root, "cac:ContractingParty")
    if len(parties) > 1:
        parts.warnings.append(SEVERAL_BUYERS)
    if not parties:
        return
    party = parties[0]
    parts.urls.append(_text(party, "cbc:BuyerProfileURI"))
    ident = _text(party, "cac:Party/cac:PartyIdentification/cbc:ID")
    for company in root.iterfind(".//efac:Organizations/efac:Organization/efac:Company", NS):
        if ident and _text(company, "cac:PartyIdentification/cbc:ID") == ident:
            parts.buyer_name = _text(company, "cac:PartyName/cbc:Name")
            parts.buyer_country = _text(
                company, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"
            )
            parts.buyer_siret = siret_or_none(_text(company, "cac:PartyLegalEntity/cbc:CompanyID"))
            parts.buyer_address = BuyerAddress(
                streets=[
                    _text(company, "cac:PostalAddress/cbc:StreetName"),
                    _text(company, "cac:PostalAddress/cbc:AdditionalStreetName"),
                ],
                postcode=_text(company, "cac:PostalAddress/cbc:PostalZone"),
                city=_text(company, "cac:PostalAddress/cbc:CityName"),
                country=parts.buyer_country,
            )
            parts.urls.append(_text(company, "cbc:WebsiteURI"))
            return


def read(root: Element) -> NoticeParts:
    """The parts of an eForms contract notice (``check_document`` has accepted it)."""
    parts = NoticeParts(source="eforms")
    notice_id = _text(root, "cbc:ID")
    version = _text(root, "cbc:VersionID")
    parts.source_id = _text(root, "cbc:ContractFolderID") or notice_id
    parts.notice_version = f"{notice_id}-{version}" if notice_id and version else notice_id
    parts.languages = [
        language_code(code)
        for code in [_text(root, "cbc:NoticeLanguageCode")]
        + [clean_text(e.text) for e in _texts(root, "cac:AdditionalNoticeLanguage/cbc:ID")]
        if code
    ]
    if root.find(".//efac:Changes", NS) is not None:
        parts.warnings.append(CHANGE_NOTICE)

    project = root.find("cac:ProcurementProject", NS)
    parts.title = _text(project, "cbc:Name")
    parts.description = _text(project, "cbc:Description")
    parts.reference = _text(project, "cbc:ID")
    parts.kind = _kind(project)
    parts.cpv = _cpv(project)
    parts.nuts, parts.postcodes = _places(project, parts)
    parts.estimated_value, parts.currency = _value(project)
    parts.duration_months = _duration(project)

    code = _text(root, "cac:TenderingProcess/cbc:ProcedureCode")
    parts.procedure, parts.procedure_label = procedures.EFORMS_PROCEDURES.get(
        code, ("autre", f"Procédure « {code} »") if code else ("", "")
    )
    if procedures.is_mapa(_text(root, "cac:TenderingProcess/cbc:Description")):
        parts.procedure, parts.procedure_label = "mapa", procedures.MAPA_LABEL

    _buyer(root, parts)
    found = _Found()
    parts.texts.extend(_all_texts(project) if project is not None else [])
    lots = [lot for lot in _texts(root, "cac:ProcurementProjectLot") if _is_lot(lot)]
    parts.lots = [_lot(lot, parts, found) for lot in lots]
    if not parts.kind:
        lot_kinds = [_kind(lot.find("cac:ProcurementProject", NS)) for lot in lots]
        parts.kind = next((kind for kind in lot_kinds if kind), "")
    if found.offers:
        parts.offers_deadline, parts.offers_time_unknown = min(found.offers)
        if len({moment for moment, _ in found.offers}) > 1:
            parts.warnings.append(DEADLINES_DIFFER)
        if found.candidatures:
            parts.warnings.append(CANDIDATURES_DEADLINE)
    if found.questions:
        parts.questions_deadline, parts.questions_time_unknown = min(found.questions)
    # Documents first: the buyer's profile is only where they may be found.
    parts.urls = distinct(found.documents + parts.urls)
    return parts
