"""BOAMP open-data records (the DILA's dataset on OpenDataSoft, API v2 and v2.1).

The record's own fields are regular; ``donnees``, the full notice as a JSON string, is not:
its shape changed over the years (``FNSimple``, ``MAPA``, then eForms-like keys). It is
searched by key names, never by fixed paths, for CPV codes, lots, value, duration, places,
links and reserved-contract markers. BOAMP's ``descripteur_*`` keywords are not CPV codes
and are left aside.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tenders.notices import procedures, tree
from tenders.notices.common import BuyerAddress, LotParts, NoticeParts, distinct
from tenders.notices.errors import BOAMP_EMPTY, NoticeError, not_a_contract_notice
from tenders.notices.values import (
    clean_text,
    currency_code,
    duration_from_text,
    duration_in_months,
    parse_amount,
    parse_datetime,
    reserved_markers,
    searchable,
    sheltered_workshops,
    siret_or_none,
)

RECORD_KEYS = {"idweb", "donnees", "nomacheteur", "datelimitereponse", "naturelibelle"}

SEVERAL_RECORDS = "Le fichier contient {count} avis : seul le premier ({first}) a été lu."
NO_IDWEB = (
    "L'avis BOAMP n'a pas de numéro (idweb) : une seconde importation ne sera pas reconnue "
    "comme un doublon."
)
RECTIFICATIF = "Cet avis est un rectificatif : vérifiez sur boamp.fr ce qu'il modifie."
UNKNOWN_NATURE = (
    "La nature de l'avis BOAMP (« {nature} ») n'a pas été reconnue : vérifiez qu'il s'agit "
    "bien d'un avis de marché."
)
DONNEES_UNREADABLE = (
    "Le détail de l'avis (champ « donnees ») n'a pas pu être lu : seules les informations "
    "principales ont été reprises."
)
RESERVED_UNSPECIFIED = (
    "L'avis indique un marché réservé sans préciser à qui : entreprises adaptées et ESAT "
    "retenus, à vérifier."
)
SEVERAL_KINDS = "L'avis indique plusieurs types de marché ({kinds}) : le premier est retenu."

# Words of ``nature_libelle`` (and ``nature``, ``nature_categorise_libelle``, ``etat``) that
# say the notice is not a call for competition, and what to call it then.
_REFUSED_NATURES: tuple[tuple[str, str], ...] = (
    ("attribution", "un avis d'attribution"),
    ("resultat", "un avis d'attribution"),
    ("annulation", "un avis d'annulation"),
    ("intention de conclure", "un avis d'intention de conclure"),
    ("pre-information", "un avis de préinformation"),
    ("preinformation", "un avis de préinformation"),
    ("modification", "un avis de modification d'un marché attribué"),
)
_KINDS = {"travaux": "works", "fournitures": "supplies", "services": "services"}
_KIND_CODES = {"works": "works", "supplies": "supplies", "services": "services"}

# Keys of ``donnees``, normalised (see tree.key_of).
_LOTS = {"lots", "lot", "procurementprojectlot"}
_LOT_KEY = {"numlot", "num", "numero", "numerolot", "nolot", "lotnumber", "id"}
_LOT_TITLE = {"intitule", "intitulelot", "titre", "titrelot", "name", "objet"}
_LOT_DESCRIPTION = {"description", "descriptionlot", "objetcomplet", "descr"}
_TITLE = {"titremarche", "intitule", "titre", "name", "objet"}
_DESCRIPTION = {
    "objetcomplet",
    "description",
    "descriptionmarche",
    "descriptionsuccincte",
    "principales",
}
_CPV = {
    "cpv",
    "cpvprincipal",
    "cpvsupplementaire",
    "cpvsecondaire",
    "cpvobjet",
    "codecpv",
    "codescpv",
    "cpvcode",
    "objetprincipal",
    "objetcomplementaire",
    "classprincipale",
    "itemclassificationcode",
}
_VALUE = {
    "valeurestimee",
    "valeurestime",
    "valeurtotale",
    "valeurtotaleestimee",
    "valeurestimeeht",
    "montantestime",
    "montant",
    "valeurmarche",
    "estimatedoverallcontractamount",
}
_VALUE_IF_CURRENCY = {"valeur", "value"}
_CURRENCY = {"devise", "currencyid", "currency", "monnaie"}
_AMOUNT = {"text", "valeur", "montant", "value", "amount", ""}
# eForms' DurationMeasure is read under PlannedPeriod only: the same element gives how long
# offers stay valid, under TenderValidityPeriod.
_DURATION = {"dureemois", "dureeenmois", "nbmois", "duree", "dureemarche", "plannedperiod"}
_MEASURE = {"durationmeasure"}
_UNIT = {"unitcode", "unite", "unit"}
_NUTS = {"codenuts", "nuts", "countrysubentitycode", "lieuexecnuts"}
_DOCUMENT_URL = {
    "urldocumentconsultation",
    "urldocuments",
    "urldce",
    "adresseurldce",
    "urlconsultation",
    "urlparticipation",
    "uri",
}
_PROFILE_URL = {"urlprofilacheteur", "profilacheteur", "buyerprofileuri", "urlacheteur", "url"}
_SIRET = {"codeidentnational", "codeidentificationnational", "siret", "numsiret", "companyid"}
# The buyer's block (FNSimple and MAPA: ``organisme``; eForms-like: the first ``Company``)
# and its address: under ``adr`` in a MAPA, beside the name in a FNSimple.
_BUYER_BLOCK = {"organisme", "acheteur", "pouvoiradjudicateur", "entiteadjudicatrice", "company"}
_STREET = {"voie", "adresse", "adressevoie", "rue", "streetname", "streetaddress"}
_STREET_MORE = {"complementadresse", "complement", "additionalstreetname"}
_POSTCODE = {"cp", "codepostal", "postalzone", "postalcode"}
_CITY = {"ville", "commune", "localite", "cityname", "locality"}
_COUNTRY = {"pays", "identificationcode", "countryname"}
_REFERENCE = {"referencemarche", "refmarche", "referenceacheteur", "refacheteur", "reference"}
_DEADLINE = {"receptoffres", "datelimitereponse", "datereceptionoffres", "datelimitereception"}
_PROCEDURE = {"typeprocedure", "procedure", "procedurecode"}
_KIND = {"typemarche", "naturemarche", "procurementtypecode"}
_RESERVED = {"marchereserve", "marchesreserves", "lotreserve", "reservation"}
_RESERVED_CODE = {"tendererrequirementtypecode"}
_NO = {"", "non", "no", "false", "0", "aucun", "none", "sans objet"}


def _is_record(value: Any) -> bool:
    return isinstance(value, dict) and bool(RECORD_KEYS & set(value))


def _fields(item: Any) -> Any:
    if isinstance(item, dict):
        record = item.get("record")
        if isinstance(record, dict) and isinstance(record.get("fields"), dict):
            return record["fields"]
        if isinstance(item.get("fields"), dict):
            return item["fields"]
    return item


def unwrap(document: Any) -> list[dict[str, Any]] | None:
    """The records of a BOAMP file (one record, ``results`` or ``records``), or None when the
    document is not BOAMP's."""
    if isinstance(document, list):
        items = [_fields(item) for item in document]
        return [i for i in items if _is_record(i)] if items and _is_record(items[0]) else None
    if not isinstance(document, dict):
        return None
    for wrapper in ("results", "records"):
        listed = document.get(wrapper)
        if isinstance(listed, list):
            items = [_fields(item) for item in listed]
            if not items:
                return [] if "total_count" in document or "nhits" in document else None
            return [i for i in items if _is_record(i)] if _is_record(items[0]) else None
    single = _fields(document)
    return [single] if _is_record(single) else None


def _check_nature(record: dict[str, Any], parts: NoticeParts) -> None:
    natures = [
        clean_text(tree.text_of(record.get(key)))
        for key in ("nature_libelle", "nature", "nature_categorise_libelle", "etat")
    ]
    plain = searchable(" ".join(natures))
    for word, what in _REFUSED_NATURES:
        if word in plain:
            raise not_a_contract_notice(what)
    if "rectificatif" in plain:
        parts.warnings.append(RECTIFICATIF)
    label = natures[0]
    if label and not any(w in searchable(label) for w in ("marche", "appel", "concurrence")):
        parts.warnings.append(UNKNOWN_NATURE.format(nature=label[:80]))


def _json_field(record: dict[str, Any], name: str, parts: NoticeParts) -> Any:
    """A field holding JSON as a string (``donnees``, ``gestion``), decoded; {} if absent."""
    raw = record.get(name)
    if isinstance(raw, dict | list):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        return {}
    try:
        return tree.loads(raw)
    except (ValueError, tree.TooDeep):
        if name == "donnees":
            parts.warnings.append(DONNEES_UNREADABLE)
        return {}


def _lots(donnees: Any) -> tuple[list[Any], frozenset[int]]:
    """The lot objects, and the ids of what holds them (to leave out of notice-wide search)."""
    for key, value in tree.entries(donnees):
        if key not in _LOTS:
            continue
        holder = value
        if isinstance(holder, dict):
            inner = tree.first(holder, _LOTS)
            holder = inner if isinstance(inner, dict | list) and len(holder) == 1 else holder
        lots = [holder] if isinstance(holder, dict) else holder
        lots = [lot for lot in lots if isinstance(lot, dict)] if isinstance(lots, list) else []
        # eForms groups of lots (GLO-0001) are not lots.
        lots = [lot for lot in lots if not tree.first_text(lot, _LOT_KEY).startswith("GLO-")]
        if lots:
            return lots, frozenset({id(value), id(holder), *(id(lot) for lot in lots)})
    return [], frozenset()


def _cpv(node: Any, skip: frozenset[int] = frozenset()) -> list[str]:
    found: list[str] = []
    for value in tree.every(node, _CPV, skip):
        found.extend(_cpv_candidates(value))
    return distinct(found)


def _cpv_candidates(value: Any) -> list[str]:
    found: list[str] = []
    for leaf in tree.leaves(value):
        text = clean_text(leaf)
        if re.fullmatch(r"[\d\s.\-]{4,16}", text):
            # The whole value is a code, maybe mistyped: keep it, to say it cannot be read.
            found.append(text)
        else:
            found.extend(re.findall(r"(?<!\d)\d{8}(?:-\d)?(?!\d)", text))
    return found


def _amount(node: Any, skip: frozenset[int] = frozenset()) -> tuple[Decimal | None, str]:
    for key, value in tree.entries(node, skip):
        with_currency = key in _VALUE_IF_CURRENCY and bool(tree.attribute(value, _CURRENCY))
        if key not in _VALUE and not with_currency:
            continue
        raw = value
        if isinstance(value, dict):
            raw = next(
                (v for k, v in value.items() if tree.key_of(k) in _AMOUNT),
                None,
            )
        amount = parse_amount(raw if not isinstance(raw, dict | list) else None)
        if amount is not None:
            return amount, currency_code(tree.attribute(value, _CURRENCY)) or "EUR"
    return None, ""


def _duration(node: Any, skip: frozenset[int] = frozenset()) -> int | None:
    for key, value in tree.entries(node, skip):
        if key not in _DURATION:
            continue
        if key == "plannedperiod":
            value = tree.first(value, _MEASURE)
            if value is None:
                continue
        if isinstance(value, dict):
            unit = tree.attribute(value, _UNIT)
            months = duration_in_months(tree.text_of(value), unit or "month")
        elif isinstance(value, int) and not isinstance(value, bool):
            months = duration_in_months(value, "month")
        else:
            months = duration_from_text(tree.text_of(value))
        if months is not None:
            return months
    return None


def _nuts(node: Any, skip: frozenset[int] = frozenset()) -> list[str]:
    codes: list[str] = []
    for value in tree.every(node, _NUTS, skip):
        for leaf in tree.leaves(value):
            codes.extend(re.findall(r"\b[A-Z]{2}[0-9A-Z]{1,3}\b", clean_text(leaf).upper()))
    return [c for c in codes if c.startswith("FR")] or codes


def _reserved(node: Any, skip: frozenset[int], where: str, parts: NoticeParts) -> set[str] | None:
    markers: set[str] = set()
    for key, value in tree.entries(node, skip):
        if key in _RESERVED:
            declared, text = _declared(value)
            if declared:
                said = reserved_markers(text + " " + key, reserved=True)
                if not said:
                    parts.warnings.append(RESERVED_UNSPECIFIED)
                markers |= said or {"disability"}
        elif key in _RESERVED_CODE and isinstance(value, str | dict):
            code = searchable(tree.text_of(value)).strip()
            if code == "res-pub-ser":
                markers.add("ess")
            elif code == "res-ws":
                said, warning = sheltered_workshops(" ".join(_texts(node, skip, 0)), where)
                markers |= said
                if warning:
                    parts.warnings.append(warning)
        elif isinstance(value, str):
            markers |= reserved_markers(tree.text_of(value))
    return markers or None


def _declared(value: Any) -> tuple[bool, str]:
    """Whether a « marché réservé » field says yes, and its words: true, "oui", {"OUI": ""},
    "Réservé aux ESAT…" say yes; false, "non", {"NON": ""}, "" say no."""
    if isinstance(value, bool):
        return value, ""
    text = tree.text_of(value)
    keys = " ".join(str(k) for k in value) if isinstance(value, dict) else ""
    words = searchable(f"{keys} {text}".replace("_", " ")).split()
    if not words or " ".join(words) in _NO or words[0] in {"non", "no", "false"}:
        return False, text
    return True, f"{keys} {text}"


def _texts(node: Any, skip: frozenset[int] = frozenset(), shortest: int = 20) -> list[str]:
    return [
        tree.text_of(value)
        for _, value in tree.entries(node, skip)
        if isinstance(value, str) and len(value) > shortest
    ]


def _kind(record: dict[str, Any], donnees: Any, parts: NoticeParts) -> str:
    raw = record.get("type_marche")
    values = raw if isinstance(raw, list) else [raw]
    kinds = distinct([_KINDS.get(searchable(clean_text(tree.text_of(v))), "") for v in values])
    if not kinds:
        text = searchable(tree.text_of(tree.first(donnees, _KIND)))
        kinds = [k for word, k in _KINDS.items() if word in text] or (
            [_KIND_CODES[text.strip()]] if text.strip() in _KIND_CODES else []
        )
    if len(kinds) > 1:
        labels = ", ".join(word for word, k in _KINDS.items() if k in kinds)
        parts.warnings.append(SEVERAL_KINDS.format(kinds=labels))
    return kinds[0] if kinds else ""


def _procedure(record: dict[str, Any], donnees: Any, parts: NoticeParts) -> None:
    label = clean_text(tree.text_of(record.get("procedure_libelle")))
    if not label:
        value = tree.first(donnees, _PROCEDURE)
        code = clean_text(tree.text_of(value))
        if code in procedures.EFORMS_PROCEDURES:
            parts.procedure, parts.procedure_label = procedures.EFORMS_PROCEDURES[code]
            return
        if isinstance(value, dict) and not code:
            # {"PROCEDURE_ADAPTEE": ""}: the key itself names the procedure.
            code = " ".join(str(k).replace("_", " ") for k in value)
        label = code
    parts.procedure, parts.procedure_label = procedures.from_label(label)
    if parts.procedure == "mapa" and searchable(label) in {"mapa", "procedure adaptee"}:
        parts.procedure_label = procedures.MAPA_LABEL


def _lot(index: int, lot: dict[str, Any], parts: NoticeParts) -> LotParts:
    amount, currency = _amount(lot)
    key = tree.first_text(lot, _LOT_KEY) or str(index)
    return LotParts(
        key=key,
        title=tree.first_text(lot, _LOT_TITLE),
        description=tree.first_text(lot, _LOT_DESCRIPTION),
        cpv=_cpv(lot),
        nuts=_nuts(lot),
        estimated_value=amount,
        currency=currency,
        reserved=_reserved(lot, frozenset(), f"le lot {key}", parts),
        duration_months=_duration(lot),
    )


def _buyer_address(donnees: Any) -> BuyerAddress:
    block = next(
        (v for k, v in tree.entries(donnees) if k in _BUYER_BLOCK and isinstance(v, dict)), None
    )
    if block is None:
        return BuyerAddress()
    return BuyerAddress(
        streets=[tree.first_text(block, _STREET), tree.first_text(block, _STREET_MORE)],
        postcode=tree.first_text(block, _POSTCODE),
        city=tree.first_text(block, _CITY),
        country=tree.first_text(block, _COUNTRY),
    )


def read(records: list[dict[str, Any]]) -> NoticeParts:
    """The parts of the first BOAMP record (``unwrap`` found them)."""
    if not records:
        raise NoticeError(BOAMP_EMPTY)
    record = records[0]
    parts = NoticeParts(source="boamp", languages=["fr"])
    _check_nature(record, parts)
    idweb = clean_text(tree.text_of(record.get("idweb")))
    if len(records) > 1:
        parts.warnings.append(SEVERAL_RECORDS.format(count=len(records), first=idweb or "?"))
    if not idweb:
        parts.warnings.append(NO_IDWEB)
    parts.source_id = idweb
    parts.notice_version = clean_text(tree.text_of(record.get("etat")))

    donnees = _json_field(record, "donnees", parts)
    lots, skip = _lots(donnees)

    parts.title = tree.text_of(record.get("objet")) or tree.first_text(donnees, _TITLE, skip)
    parts.description = tree.first_text(donnees, _DESCRIPTION, skip)
    if parts.description == parts.title:
        parts.description = ""
    parts.buyer_name = tree.text_of(record.get("nomacheteur"))
    parts.buyer_siret = next(
        (s for v in tree.every(donnees, _SIRET) if (s := siret_or_none(tree.text_of(v)))), None
    )
    parts.buyer_address = _buyer_address(donnees)
    parts.reference = tree.first_text(donnees, _REFERENCE, skip)
    parts.kind = _kind(record, donnees, parts)
    _procedure(record, donnees, parts)

    for field in ("code_departement", "code_departement_prestation"):
        raw = record.get(field)
        parts.departements.extend(
            d for d in (raw if isinstance(raw, list) else [raw]) if d not in (None, "")
        )
    parts.nuts = _nuts(donnees, skip)
    parts.cpv = _cpv(donnees, skip)
    parts.estimated_value, parts.currency = _amount(donnees, skip)
    parts.duration_months = _duration(donnees, skip)

    deadline = tree.text_of(record.get("datelimitereponse"))
    if not deadline:
        # The management block (``gestion``) states it for every format; donnees sometimes.
        gestion = _json_field(record, "gestion", parts)
        deadline = tree.first_text(gestion, _DEADLINE) or tree.first_text(donnees, _DEADLINE, skip)
    # BOAMP writes a deadline known by its date only as midnight (« …T00:00:00+00:00 »).
    parts.offers_deadline, parts.offers_time_unknown = parse_datetime(
        deadline, midnight_is_date=True
    )

    parts.reserved = _reserved(donnees, skip, "l'avis", parts)
    objet_markers = reserved_markers(parts.title)
    if objet_markers:
        parts.reserved = (parts.reserved or set()) | objet_markers
    parts.lots = [_lot(i, lot, parts) for i, lot in enumerate(lots, start=1)]
    if any(lot.reserved is not None for lot in parts.lots):
        # The lots say which of them are reserved: the others are not.
        for lot in parts.lots:
            lot.reserved = lot.reserved if lot.reserved is not None else set()

    parts.texts = [parts.title, *_texts(donnees, skip)] + [
        text for lot in lots for text in _texts(lot)
    ]
    parts.urls = [
        *(tree.text_of(v) for v in tree.every(donnees, _DOCUMENT_URL)),
        *(tree.text_of(v) for v in tree.every(donnees, _PROFILE_URL)),
        tree.text_of(record.get("url_avis")),
    ]
    return parts
