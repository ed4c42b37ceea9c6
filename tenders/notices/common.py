"""What the three readers share: the parts they gather, and the one way those parts become a
draft (CPV codes checked, places turned into départements, lots completed, warnings worded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from tenders.cpv import CpvError, parse
from tenders.notices import nuts as places
from tenders.notices.schema import (
    KIND_VALUES,
    PROCEDURE_VALUES,
    Kind,
    LotDraft,
    NoticeDraft,
    Procedure,
    Source,
)
from tenders.notices.values import (
    DESCRIPTION_MAX,
    LABEL_MAX,
    NAME_MAX,
    REFERENCE_MAX,
    TITLE_MAX,
    cap,
    clean_text,
    currency_code,
    http_url,
    reserved_from_markers,
    social_clause,
)

NO_TITLE = "Le titre de l'avis est absent : donnez-en un avant d'enregistrer l'appel d'offres."
TITLE_CUT = "Le titre dépassait 500 caractères : il a été raccourci."
DESCRIPTION_CUT = "La description dépassait 10 000 caractères : elle a été raccourcie."
NO_CPV = (
    "Aucun code CPV n'a été trouvé dans l'avis : ajoutez-en pour trouver les structures "
    "qui savent faire."
)
NO_DEADLINE = "La date limite de remise des offres n'a pas été trouvée dans l'avis."
NO_BUYER = "Le nom de l'acheteur n'a pas été trouvé dans l'avis."
SEVERAL_CURRENCIES = "Les montants de l'avis sont exprimés dans plusieurs devises : à vérifier."
TOO_MANY_LOTS = "L'avis compte {count} lots : seuls les {kept} premiers ont été repris."
MORE_WARNINGS = "… et {count} autres remarques du même ordre."
# No real notice comes near these; they keep a hostile file from producing a huge draft.
MAX_LOTS = 300
MAX_WARNINGS = 30


@dataclass
class LotParts:
    """One lot as a reader found it, values still raw."""

    key: str
    title: str = ""
    description: str = ""
    cpv: list[str] = field(default_factory=list)
    nuts: list[str] = field(default_factory=list)
    departements: list[object] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    estimated_value: Decimal | None = None
    currency: str = ""
    # Markers among "disability", "insertion", "ess"; None when the lot says nothing.
    reserved: set[str] | None = None
    duration_months: int | None = None


@dataclass
class NoticeParts:
    """A whole notice as a reader found it. Place, CPV, value and duration are those of the
    procedure itself; the lots carry their own."""

    source: Source
    source_id: str = ""
    notice_version: str = ""
    reference: str = ""
    title: str = ""
    description: str = ""
    buyer_name: str = ""
    buyer_siret: str | None = None
    procedure: Procedure = ""
    procedure_label: str = ""
    kind: str = ""
    cpv: list[str] = field(default_factory=list)
    nuts: list[str] = field(default_factory=list)
    departements: list[object] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    estimated_value: Decimal | None = None
    currency: str = ""
    offers_deadline: datetime | None = None
    questions_deadline: datetime | None = None
    reserved: set[str] | None = None
    # Texts where a social clause may be stated, in the order to search them.
    texts: list[str] = field(default_factory=list)
    duration_months: int | None = None
    urls: list[str] = field(default_factory=list)  # candidates, best first
    lots: list[LotParts] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def distinct(values: list[str]) -> list[str]:
    """The values without empties or repeats, first occurrence kept."""
    return list(dict.fromkeys(v for v in values if v))


class _Places:
    def __init__(self, nuts: list[str], departements: list[str]) -> None:
        self.nuts = nuts
        self.departements = departements

    def __bool__(self) -> bool:
        return bool(self.nuts or self.departements)


def _places(
    raw_nuts: list[str], raw_deps: list[object], postcodes: list[str], warnings: list[str]
) -> _Places:
    nuts = distinct([places.normalise_nuts(n) or "" for n in raw_nuts])
    deps: list[str] = []
    for code in nuts:
        deps.extend(places.departements_of_nuts(code))
    for raw in raw_deps:
        dep = places.normalise_departement(raw)
        if dep is None:
            shown = clean_text(raw)[:20]
            if shown:
                warnings.append(f"Le département « {shown} » n'a pas été reconnu.")
        else:
            deps.append(dep)
    for postcode in postcodes:
        dep = places.departement_of_postcode(postcode)
        if dep is not None:
            deps.append(dep)
    return _Places(nuts, places.sort_departements(deps))


def _cpv_codes(raw: list[str], where: str, warnings: list[str]) -> list[str]:
    codes: list[str] = []
    for value in raw:
        text = clean_text(value)
        if not text:
            continue
        try:
            codes.append(parse(text).digits)
        except CpvError:
            warnings.append(f"Le code CPV {text[:30]} {where} n'a pas pu être lu.")
    return distinct(codes)


def _lot_where(key: str) -> str:
    return f"du lot {key}"


def finish(parts: NoticeParts) -> NoticeDraft:
    """The draft: values checked and completed, lots never empty, warnings in French."""
    warnings = list(parts.warnings)
    title = clean_text(parts.title)
    if not title:
        warnings.append(NO_TITLE)
    elif len(title) > TITLE_MAX:
        warnings.append(TITLE_CUT)
    description = clean_text(parts.description)
    if len(description) > DESCRIPTION_MAX:
        warnings.append(DESCRIPTION_CUT)
    title, description = cap(title, TITLE_MAX), cap(description, DESCRIPTION_MAX)

    root_cpv = _cpv_codes(parts.cpv, "de l'avis", warnings)
    root_places = _places(parts.nuts, parts.departements, parts.postcodes, warnings)
    raw_lots = parts.lots or [LotParts(key="1", title=title, description=description)]
    if len(raw_lots) > MAX_LOTS:
        warnings.append(TOO_MANY_LOTS.format(count=len(raw_lots), kept=MAX_LOTS))
        raw_lots = raw_lots[:MAX_LOTS]
    single = len(raw_lots) == 1

    lots: list[LotDraft] = []
    lot_markers: list[set[str]] = []
    for raw in raw_lots:
        key = cap(clean_text(raw.key), 50) or str(len(lots) + 1)
        lot_cpv = _cpv_codes(raw.cpv, _lot_where(key), warnings) or root_cpv
        lot_places = _places(raw.nuts, raw.departements, raw.postcodes, warnings) or root_places
        markers = raw.reserved if raw.reserved is not None else (parts.reserved or set())
        lot_markers.append(markers)
        lot_title = clean_text(raw.title) or (title if single else f"Lot {key}")
        lots.append(
            LotDraft(
                key=key,
                title=cap(lot_title, TITLE_MAX),
                description=cap(clean_text(raw.description), DESCRIPTION_MAX),
                cpv_codes=lot_cpv,
                nuts=lot_places.nuts,
                departements=lot_places.departements,
                estimated_value=raw.estimated_value
                if raw.estimated_value is not None
                else (parts.estimated_value if single else None),
                reserved=reserved_from_markers(markers),
                duration_months=raw.duration_months
                if raw.duration_months is not None
                else parts.duration_months,
            )
        )

    cpv_codes = distinct(root_cpv + [c for lot in lots for c in lot.cpv_codes])
    if not cpv_codes:
        warnings.append(NO_CPV)
    nuts = distinct(root_places.nuts + [n for lot in lots for n in lot.nuts])
    departements = places.sort_departements(
        root_places.departements + [d for lot in lots for d in lot.departements]
    )

    estimated_value = parts.estimated_value
    lot_values = [lot.estimated_value for lot in lots]
    if estimated_value is None and lot_values and all(v is not None for v in lot_values):
        estimated_value = sum((v for v in lot_values if v is not None), Decimal("0.00"))
    currencies = distinct(
        [currency_code(parts.currency)] + [currency_code(lot.currency) for lot in raw_lots]
    )
    if len(currencies) > 1:
        warnings.append(SEVERAL_CURRENCIES)
    has_amount = estimated_value is not None or any(v is not None for v in lot_values)
    currency = (currencies[0] if currencies else "EUR") if has_amount else ""

    durations = {lot.duration_months for lot in lots}
    duration = parts.duration_months
    if duration is None and len(durations) == 1:
        duration = durations.pop()

    all_markers = set(parts.reserved or set()).union(*lot_markers)
    if parts.offers_deadline is None:
        warnings.append(NO_DEADLINE)
    if not clean_text(parts.buyer_name):
        warnings.append(NO_BUYER)
    kind: Kind = next((k for k in KIND_VALUES if k == parts.kind), "")
    procedure: Procedure = next((p for p in PROCEDURE_VALUES if p == parts.procedure), "")
    return NoticeDraft(
        source=parts.source,
        source_id=cap(clean_text(parts.source_id), REFERENCE_MAX),
        notice_version=cap(clean_text(parts.notice_version), REFERENCE_MAX),
        reference=cap(clean_text(parts.reference), REFERENCE_MAX),
        title=title,
        description=description,
        buyer_name=cap(clean_text(parts.buyer_name), NAME_MAX),
        buyer_siret=parts.buyer_siret,
        procedure=procedure,
        procedure_label=cap(clean_text(parts.procedure_label), LABEL_MAX),
        kind=kind,
        cpv_codes=cpv_codes,
        nuts=nuts,
        departements=departements,
        estimated_value=estimated_value,
        currency=currency,
        offers_deadline=parts.offers_deadline,
        questions_deadline=parts.questions_deadline,
        reserved=reserved_from_markers(all_markers),
        social_clause=social_clause(parts.texts),
        duration_months=duration,
        url=next((u for u in (http_url(c) for c in parts.urls) if u), ""),
        lots=lots,
        languages=distinct(parts.languages),
        warnings=_few(distinct(warnings)),
    )


def _few(warnings: list[str]) -> list[str]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    kept = warnings[: MAX_WARNINGS - 1]
    return [*kept, MORE_WARNINGS.format(count=len(warnings) - len(kept))]
