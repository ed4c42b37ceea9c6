"""What the three readers share: the parts they gather, and the one way those parts become a
draft (CPV codes checked, places turned into départements, lots completed, warnings worded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from tenders.cpv import CpvError, parse
from tenders.formatting import date_fr, datetime_fr
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
    PARIS,
    REFERENCE_MAX,
    TITLE_MAX,
    cap,
    clean_text,
    country_code,
    country_name,
    country_of_nuts,
    currency_code,
    currency_name,
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
SEVERAL_CURRENCIES = (
    "Les montants de l'avis sont exprimés dans plusieurs devises ({currencies}) : le total "
    "des lots n'est pas calculé, à vérifier."
)
FOREIGN_CURRENCY = (
    "Les montants de l'avis sont exprimés en {code} ({name}), pas en euros : ils sont gardés "
    "dans cette devise, sans conversion."
)
TIME_UNKNOWN = (
    "L'avis ne donne que la date {what} ({day}), sans l'heure : vérifiez l'heure dans le "
    "règlement de la consultation. D'ici là, les rappels la comptent le matin, à 9 h 00."
)
DEADLINE_PAST = (
    "La date limite de remise des offres ({when}) est déjà passée : cet avis n'est "
    "peut-être plus d'actualité."
)
FOREIGN = "Cet avis semble étranger ({where}) : vérifiez que le collectif peut y répondre."
TOO_MANY_LOTS = "L'avis compte {count} lots : seuls les {kept} premiers ont été repris."
MORE_WARNINGS = "… et {count} autres remarques du même ordre."
# No real notice comes near these; they keep a hostile file from producing a huge draft.
MAX_LOTS = 300
MAX_WARNINGS = 30
ADDRESS_MAX = 500


@dataclass
class BuyerAddress:
    """The buyer's postal address as the notice splits it."""

    streets: list[str] = field(default_factory=list)
    postcode: str = ""
    city: str = ""
    country: str = ""  # as the notice writes it: "FRA", "France", "FR"

    def line(self) -> str:
        """One line: « 5 place du Général de Gaulle, 76001 Rouen », the country when it is
        not France; "" when the notice gives neither street nor town."""
        streets = distinct([clean_text(s) for s in self.streets])
        town = clean_text(f"{clean_text(self.postcode)} {clean_text(self.city)}")
        if not streets and not clean_text(self.city):
            return ""
        code = country_code(self.country)
        country = country_name(code) if code and code not in FRENCH_COUNTRIES else ""
        return cap(", ".join(p for p in [*streets, town, country] if p), ADDRESS_MAX)


@dataclass(kw_only=True)
class _Scope:
    """What a notice says of the whole procedure or of one lot, values still raw."""

    title: str = ""
    description: str = ""
    cpv: list[str] = field(default_factory=list)
    nuts: list[str] = field(default_factory=list)
    departements: list[object] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    estimated_value: Decimal | None = None
    currency: str = ""
    # Markers among "disability", "insertion", "ess"; None when it says nothing.
    reserved: set[str] | None = None
    duration_months: int | None = None


@dataclass(kw_only=True)
class LotParts(_Scope):
    """One lot as a reader found it."""

    key: str


@dataclass(kw_only=True)
class NoticeParts(_Scope):
    """A whole notice as a reader found it. Place, CPV, value and duration are those of the
    procedure itself; the lots carry their own."""

    source: Source
    source_id: str = ""
    notice_version: str = ""
    reference: str = ""
    buyer_name: str = ""
    buyer_siret: str | None = None
    buyer_address: BuyerAddress = field(default_factory=BuyerAddress)
    procedure: Procedure = ""
    procedure_label: str = ""
    kind: str = ""
    offers_deadline: datetime | None = None
    questions_deadline: datetime | None = None
    offers_time_unknown: bool = False
    questions_time_unknown: bool = False
    # Texts where a social clause may be stated, in the order to search them.
    texts: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # candidates, best first
    lots: list[LotParts] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    # Countries of the places of performance and of the buyer, as the notice writes them.
    countries: list[str] = field(default_factory=list)
    buyer_country: str = ""
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


def _title_and_description(parts: NoticeParts, warnings: list[str]) -> tuple[str, str]:
    title = clean_text(parts.title)
    if not title:
        warnings.append(NO_TITLE)
    elif len(title) > TITLE_MAX:
        warnings.append(TITLE_CUT)
    description = clean_text(parts.description)
    if len(description) > DESCRIPTION_MAX:
        warnings.append(DESCRIPTION_CUT)
    return cap(title, TITLE_MAX), cap(description, DESCRIPTION_MAX)


def _lots(
    parts: NoticeParts,
    title: str,
    description: str,
    root_cpv: list[str],
    root_places: _Places,
    warnings: list[str],
) -> tuple[list[LotDraft], list[set[str]]]:
    """The lots, never none (the notice itself is then the one lot), each completed with what
    the notice says for all of them; and the reservation markers of each."""
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
        value, currency = raw.estimated_value, currency_code(raw.currency)
        if value is None and single:
            value, currency = parts.estimated_value, currency_code(parts.currency)
        lots.append(
            LotDraft(
                key=key,
                title=cap(lot_title, TITLE_MAX),
                description=cap(clean_text(raw.description), DESCRIPTION_MAX),
                cpv_codes=lot_cpv,
                nuts=lot_places.nuts,
                departements=lot_places.departements,
                estimated_value=value,
                currency=(currency or currency_code(parts.currency) or "EUR")
                if value is not None
                else "",
                reserved=reserved_from_markers(markers),
                duration_months=raw.duration_months
                if raw.duration_months is not None
                else parts.duration_months,
            )
        )
    return lots, lot_markers


def finish(parts: NoticeParts, now: datetime | None = None) -> NoticeDraft:
    """The draft: values checked and completed, lots never empty, warnings in French.

    With ``now``, a deadline already past is pointed out."""
    warnings = list(parts.warnings)
    title, description = _title_and_description(parts, warnings)
    root_cpv = _cpv_codes(parts.cpv, "de l'avis", warnings)
    root_places = _places(parts.nuts, parts.departements, parts.postcodes, warnings)
    lots, lot_markers = _lots(parts, title, description, root_cpv, root_places, warnings)

    cpv_codes = distinct(root_cpv + [c for lot in lots for c in lot.cpv_codes])
    if not cpv_codes:
        warnings.append(NO_CPV)
    nuts = distinct(root_places.nuts + [n for lot in lots for n in lot.nuts])
    departements = places.sort_departements(
        root_places.departements + [d for lot in lots for d in lot.departements]
    )
    estimated_value, currency = _total(parts, lots, warnings)

    durations = {lot.duration_months for lot in lots}
    duration = parts.duration_months
    if duration is None and len(durations) == 1:
        duration = durations.pop()

    all_markers = set(parts.reserved or set()).union(*lot_markers)
    if parts.offers_deadline is None:
        warnings.append(NO_DEADLINE)
    offers_unknown = parts.offers_time_unknown and parts.offers_deadline is not None
    questions_unknown = parts.questions_time_unknown and parts.questions_deadline is not None
    warnings.extend(_deadline_warnings(parts, offers_unknown, questions_unknown, now))
    if not clean_text(parts.buyer_name):
        warnings.append(NO_BUYER)
    countries = distinct(
        [country_of_nuts(code) for code in nuts] + [country_code(c) for c in parts.countries]
    )
    buyer_country = country_code(parts.buyer_country)
    foreign = _foreign(countries, buyer_country)
    if foreign:
        warnings.append(foreign)
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
        buyer_address=parts.buyer_address.line(),
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
        offers_time_unknown=offers_unknown,
        questions_time_unknown=questions_unknown,
        reserved=reserved_from_markers(all_markers),
        social_clause=social_clause(parts.texts),
        duration_months=duration,
        url=next((u for u in (http_url(c) for c in parts.urls) if u), ""),
        lots=lots,
        languages=distinct(parts.languages),
        countries=countries,
        buyer_country=buyer_country,
        warnings=_few(distinct(warnings)),
    )


def _total(
    parts: NoticeParts, lots: list[LotDraft], warnings: list[str]
) -> tuple[Decimal | None, str]:
    """The notice's own total when it states one; else the sum of the lots, when every lot
    has a value in one currency. Warns of foreign or mixed currencies."""
    stated = parts.estimated_value
    stated_currency = (
        (currency_code(parts.currency) or next((x.currency for x in lots if x.currency), "EUR"))
        if stated is not None
        else ""
    )
    currencies = distinct([stated_currency] + [lot.currency for lot in lots])
    if len(currencies) > 1:
        warnings.append(SEVERAL_CURRENCIES.format(currencies=", ".join(currencies)))
    foreign = next((c for c in currencies if c != "EUR"), "")
    if foreign:
        warnings.append(FOREIGN_CURRENCY.format(name=currency_name(foreign), code=foreign))
    if stated is not None:
        return stated, stated_currency
    values = [lot.estimated_value for lot in lots]
    if values and all(v is not None for v in values) and len(currencies) == 1:
        return sum((v for v in values if v is not None), Decimal("0.00")), currencies[0]
    return None, currencies[0] if currencies else ""


def _deadline_warnings(
    parts: NoticeParts, offers_unknown: bool, questions_unknown: bool, now: datetime | None
) -> list[str]:
    found: list[str] = []
    offers = parts.offers_deadline
    if offers is not None and offers_unknown:
        found.append(TIME_UNKNOWN.format(what="de remise des offres", day=date_fr(offers)))
    if parts.questions_deadline is not None and questions_unknown:
        day = date_fr(parts.questions_deadline)
        found.append(TIME_UNKNOWN.format(what="limite des questions", day=day))
    if offers is not None and now is not None:
        if offers_unknown:
            past = offers.astimezone(PARIS).date() < now.astimezone(PARIS).date()
            when = date_fr(offers)
        else:
            past = offers <= now
            when = datetime_fr(offers)
        if past:
            found.append(DEADLINE_PAST.format(when=when))
    return found


# Overseas France has ISO codes of its own; its contracts are French ones.
FRENCH_COUNTRIES = frozenset(
    {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"}
)


def _foreign(countries: list[str], buyer_country: str) -> str:
    """The warning for a notice performed or bought outside France, "" for a French one."""
    where: list[str] = []
    abroad = [c for c in countries if c and c not in FRENCH_COUNTRIES]
    if abroad:
        names = ", ".join(country_name(c) for c in abroad)
        where.append(f"lieu d'exécution : {names}")
    if buyer_country and buyer_country not in FRENCH_COUNTRIES:
        where.append(f"acheteur : {country_name(buyer_country)}")
    return FOREIGN.format(where=" ; ".join(where)) if where else ""


def _few(warnings: list[str]) -> list[str]:
    if len(warnings) <= MAX_WARNINGS:
        return warnings
    kept = warnings[: MAX_WARNINGS - 1]
    return [*kept, MORE_WARNINGS.format(count=len(warnings) - len(kept))]
