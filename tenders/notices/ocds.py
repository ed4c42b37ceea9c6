"""OCDS releases and packages (Open Contracting Data Standard 1.1, lots extension).

Read: ``ocid``, ``id``, ``date``, ``tag``, ``parties``, ``buyer``, ``language`` and, in
``tender``: title, description, procurementMethod(Details), mainProcurementCategory,
classification and additionalClassifications (as UK and other publishers give the CPV of the
whole procedure), items (CPV classifications, relatedLot, delivery addresses), lots (with
their own classifications or items, when a publisher nests them), tenderPeriod,
enquiryPeriod, value (amount and currency), contractPeriod, documents,
otherRequirements.reservedParticipation (EU extension).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tenders.notices import procedures
from tenders.notices.common import BuyerAddress, LotParts, NoticeParts, distinct
from tenders.notices.errors import OCDS_EMPTY, OCDS_NO_TENDER, NoticeError, not_a_contract_notice
from tenders.notices.values import (
    clean_text,
    country_code,
    currency_code,
    duration_in_months,
    months_between,
    parse_amount,
    parse_date,
    parse_datetime,
    reserved_markers,
    searchable,
    sheltered_workshops,
    siret_or_none,
    strip_markup,
)

SEVERAL_RELEASES = (
    "Le fichier contient {count} publications pour cette procédure : la plus récente a été lue."
)
SEVERAL_PROCEDURES = "Le fichier décrit {count} procédures : seule la première ({ocid}) a été lue."
CANCELLED = "La procédure est annulée ou close selon la publication : à vérifier."
KINDS = {"goods": "supplies", "works": "works", "services": "services"}
RESERVED_PARTICIPATION = {
    "shelteredWorkshop": "disability",
    "publicServiceMissionOrganization": "ess",
}
_DOCUMENT_TYPES = ("biddingDocuments", "tenderNotice", "technicalSpecifications")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _str(value: Any) -> str:
    return (
        strip_markup(value)
        if isinstance(value, str)
        else clean_text(
            value if isinstance(value, int | Decimal) and not isinstance(value, bool) else ""
        )
    )


def _is_release(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("ocid"), str)


def unwrap(document: Any) -> list[dict[str, Any]] | None:
    """The releases of an OCDS file (a release, a release package or a record package), or
    None when the document is not OCDS."""
    if not isinstance(document, dict):
        return None
    releases = document.get("releases")
    if isinstance(releases, list) and "records" not in document:
        items = _list(releases)
        return items if not items or _is_release(items[0]) else None
    records = document.get("records")
    if isinstance(records, list) and records and _is_release(records[0]):
        found: list[dict[str, Any]] = []
        for record in _list(records):
            compiled = _dict(record.get("compiledRelease"))
            if _is_release(compiled):
                found.append(compiled)
            else:
                found.extend(r for r in _list(record.get("releases")) if _is_release(r))
        return found
    return [document] if _is_release(document) else None


def _sort_key(release: dict[str, Any]) -> datetime:
    moment, _ = parse_datetime(_str(release.get("date")))
    return moment or datetime.min.replace(tzinfo=UTC)


def _latest(releases: list[dict[str, Any]], parts: NoticeParts) -> dict[str, Any]:
    if not releases:
        raise NoticeError(OCDS_EMPTY)
    ocid = releases[0].get("ocid")
    same = [r for r in releases if r.get("ocid") == ocid]
    others = distinct([_str(r.get("ocid")) for r in releases if r.get("ocid") != ocid])
    if others:
        parts.warnings.append(SEVERAL_PROCEDURES.format(count=len(others) + 1, ocid=ocid))
    if len(same) > 1:
        parts.warnings.append(SEVERAL_RELEASES.format(count=len(same)))
    # max keeps the first of equals: a package without dates gives its first release.
    return max(enumerate(same), key=lambda pair: (_sort_key(pair[1]), pair[0]))[1]


def _check(release: dict[str, Any], tender: dict[str, Any]) -> None:
    tags = release.get("tag")
    tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
    tendering = {"tender", "tenderUpdate", "tenderAmendment", "compiled"}
    if tags and not tendering & set(tags):
        if {
            "award",
            "awardUpdate",
            "awardCancellation",
            "contract",
            "contractUpdate",
            "contractAmendment",
            "implementation",
            "implementationUpdate",
        } & set(tags):
            raise not_a_contract_notice("une publication d'attribution ou d'exécution")
        if {"planning", "planningUpdate"} & set(tags):
            raise not_a_contract_notice("une publication de préinformation")
        if "tenderCancellation" in tags:
            raise not_a_contract_notice("une annulation de procédure")
    if not tender:
        raise NoticeError(OCDS_NO_TENDER)


_CPV_ID = re.compile(r"\d{8}(?:-\d)?")


def _is_cpv(classification: dict[str, Any]) -> bool:
    """A CPV classification: its scheme says so (« CPV », « cpv », « CPV2008 », « EU-CPV »),
    or there is no scheme and the id is written as a CPV code."""
    scheme = re.sub(r"[^a-z]", "", searchable(_str(classification.get("scheme"))))
    if scheme:
        return "cpv" in scheme
    return bool(_CPV_ID.fullmatch(_str(classification.get("id"))))


def _cpv_of(item: dict[str, Any]) -> list[str]:
    """The CPV codes of a tender, lot or item: ``classification`` then
    ``additionalClassifications``."""
    found: list[str] = []
    for classification in [
        _dict(item.get("classification")),
        *_list(item.get("additionalClassifications")),
    ]:
        if classification and _is_cpv(classification):
            found.append(_str(classification.get("id")))
    return found


def _postcodes(holder: dict[str, Any]) -> tuple[list[str], list[str]]:
    addresses = _list(holder.get("deliveryAddresses"))
    if isinstance(holder.get("deliveryAddress"), dict):
        addresses.append(holder["deliveryAddress"])
    postcodes: list[str] = []
    nuts: list[str] = []
    for address in addresses:
        country = _country(address)
        if not country or country_code(country) == "FR":
            postcodes.append(_str(address.get("postalCode")))
        region = _str(address.get("region"))
        if region.upper().startswith("FR") and len(region) <= 5:
            nuts.append(region)
    return postcodes, nuts


def _country(address: dict[str, Any]) -> str:
    return _str(address.get("countryName")) or _str(address.get("country"))


def _value(holder: dict[str, Any]) -> tuple[Decimal | None, str]:
    value = _dict(holder.get("value"))
    return parse_amount(value.get("amount")), currency_code(value.get("currency"))


def _duration(holder: dict[str, Any]) -> int | None:
    period = _dict(holder.get("contractPeriod"))
    days = period.get("durationInDays")
    if isinstance(days, int | Decimal) and not isinstance(days, bool):
        return duration_in_months(days, "day")
    start, end = parse_date(period.get("startDate")), parse_date(period.get("endDate"))
    return months_between(start, end) if start and end else None


def _reserved(holder: dict[str, Any], where: str, parts: NoticeParts) -> set[str] | None:
    requirements = _dict(holder.get("otherRequirements"))
    codes = requirements.get("reservedParticipation")
    if not isinstance(codes, list):
        return None
    markers = {RESERVED_PARTICIPATION[c] for c in codes if c in RESERVED_PARTICIPATION}
    if "disability" in markers:
        text = _str(holder.get("title")) + ". " + _str(holder.get("description"))
        said, warning = sheltered_workshops(text, where)
        markers = (markers - {"disability"}) | said
        if warning:
            parts.warnings.append(warning)
    return markers


def _buyer(release: dict[str, Any], parts: NoticeParts) -> None:
    buyer = _dict(release.get("buyer"))
    parties = _list(release.get("parties"))
    party = next((p for p in parties if buyer.get("id") and p.get("id") == buyer.get("id")), None)
    if party is None:
        party = next(
            (p for p in parties if "buyer" in (p.get("roles") or [])),
            {},
        )
    parts.buyer_name = _str(buyer.get("name")) or _str(party.get("name"))
    parts.buyer_country = _country(_dict(party.get("address")))
    address = _dict(party.get("address"))
    parts.buyer_address = BuyerAddress(
        streets=[_str(address.get("streetAddress"))],
        postcode=_str(address.get("postalCode")),
        city=_str(address.get("locality")),
        country=parts.buyer_country,
    )
    identifiers = [_dict(party.get("identifier")), *_list(party.get("additionalIdentifiers"))]
    parts.buyer_siret = next(
        (s for i in identifiers if (s := siret_or_none(_str(i.get("id"))))), None
    )
    parts.urls.append(_str(_dict(party.get("details")).get("url")))
    parts.urls.append(_str(_dict(party.get("contactPoint")).get("url")))


def _procedure(tender: dict[str, Any], parts: NoticeParts) -> None:
    details = _str(tender.get("procurementMethodDetails"))
    method = _str(tender.get("procurementMethod"))
    if details:
        parts.procedure, parts.procedure_label = procedures.from_label(details)
        if parts.procedure == "autre" and method in procedures.OCDS_METHODS:
            parts.procedure = procedures.OCDS_METHODS[method][0]
    elif method in procedures.OCDS_METHODS:
        parts.procedure, parts.procedure_label = procedures.OCDS_METHODS[method]
    category = _str(tender.get("mainProcurementCategory"))
    parts.kind = KINDS.get(category, "services" if category == "consultingServices" else "")


def _places(holders: list[dict[str, Any]], parts: NoticeParts) -> tuple[list[str], list[str]]:
    """Postcodes and NUTS codes of the delivery addresses of a tender or lot and its items
    (their countries noted in ``parts``)."""
    postcodes: list[str] = []
    nuts: list[str] = []
    for holder in holders:
        more_postcodes, more_nuts = _postcodes(holder)
        postcodes.extend(more_postcodes)
        nuts.extend(more_nuts)
        addresses = [*_list(holder.get("deliveryAddresses")), _dict(holder.get("deliveryAddress"))]
        parts.countries.extend(_country(address) for address in addresses)
        location = _dict(holder.get("deliveryLocation"))
        parts.countries.append(_country(_dict(location.get("address"))))
    return postcodes, nuts


def _lot(lot: dict[str, Any], items: list[dict[str, Any]], parts: NoticeParts) -> LotParts:
    key = _str(lot.get("id"))
    title, description = _str(lot.get("title")), _str(lot.get("description"))
    items = [*items, *_list(lot.get("items"))]
    postcodes, nuts = _places([lot, *items], parts)
    value, currency = _value(lot)
    declared = _reserved(lot, f"le lot {key}", parts)
    said = reserved_markers(f"{title}. {description}")
    return LotParts(
        key=key,
        title=title,
        description=description,
        cpv=_cpv_of(lot) + [code for item in items for code in _cpv_of(item)],
        nuts=nuts,
        postcodes=postcodes,
        estimated_value=value,
        currency=currency,
        reserved=None if declared is None and not said else (declared or set()) | said,
        duration_months=_duration(lot),
    )


def read(releases: list[dict[str, Any]]) -> NoticeParts:
    """The parts of the latest release of the first procedure (``unwrap`` found them)."""
    parts = NoticeParts(source="ocds")
    release = _latest(releases, parts)
    tender = _dict(release.get("tender"))
    _check(release, tender)
    parts.source_id = _str(release.get("ocid"))
    release_id, date = _str(release.get("id")), _str(release.get("date"))
    parts.notice_version = f"{release_id} ({date})" if release_id and date else release_id or date
    tender_id = _str(tender.get("id"))
    parts.reference = tender_id if tender_id not in {parts.source_id, release_id} else ""
    language = _str(release.get("language"))
    parts.languages = [language.lower()[:2]] if language else []

    parts.title = _str(tender.get("title"))
    parts.description = _str(tender.get("description"))
    if _str(tender.get("status")) in {"cancelled", "unsuccessful", "complete", "withdrawn"}:
        parts.warnings.append(CANCELLED)
    _buyer(release, parts)
    _procedure(tender, parts)

    items = _list(tender.get("items"))
    lots = _list(tender.get("lots"))
    items_of: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        items_of.setdefault(_str(item.get("relatedLot")), []).append(item)
    lot_ids = {_str(lot.get("id")) for lot in lots}
    general = [item for item in items if _str(item.get("relatedLot")) not in lot_ids]
    parts.cpv = _cpv_of(tender) + [code for item in general for code in _cpv_of(item)]
    parts.postcodes, parts.nuts = _places([tender, *general], parts)
    parts.estimated_value, parts.currency = _value(tender)
    parts.duration_months = _duration(tender)
    parts.reserved = _reserved(tender, "l'avis", parts)
    if parts.reserved is None:
        parts.reserved = reserved_markers(f"{parts.title}. {parts.description}") or None
    parts.lots = [_lot(lot, items_of.get(_str(lot.get("id")), []), parts) for lot in lots]

    # A date without its hour is exported as midnight, as in BOAMP.
    parts.offers_deadline, parts.offers_time_unknown = parse_datetime(
        _str(_dict(tender.get("tenderPeriod")).get("endDate")), midnight_is_date=True
    )
    parts.questions_deadline, parts.questions_time_unknown = parse_datetime(
        _str(_dict(tender.get("enquiryPeriod")).get("endDate")), midnight_is_date=True
    )

    documents = sorted(
        _list(tender.get("documents")),
        key=lambda d: (
            _DOCUMENT_TYPES.index(d["documentType"])
            if d.get("documentType") in _DOCUMENT_TYPES
            else len(_DOCUMENT_TYPES)
        ),
    )
    parts.urls = [_str(d.get("url")) for d in documents] + parts.urls
    parts.texts = [
        parts.title,
        parts.description,
        *(_str(lot.get("description")) for lot in lots),
        *(_str(item.get("description")) for item in items),
    ]
    return parts
