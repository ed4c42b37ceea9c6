"""Reading single values the same way whatever the format: text, amounts, dates, links.

Every function here takes what a file holds (possibly nothing, possibly nonsense) and gives
back a clean value or None; none of them raises on bad input.
"""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_name, list_currencies
from stdnum.fr import siret as stdnum_siret

from tenders.notices.schema import Reserved
from tenders.text import cut_warning

PARIS = ZoneInfo("Europe/Paris")
# A deadline the notice gives as a date only is kept at 9:00 in Paris, marked « hour
# unknown »: earlier than the hours buyers usually set (10:00, 12:00, 16:00…), so countdowns
# and milestones never promise more time than there may be, yet after the reminder of the
# morning of the day (8:00), which still goes out.
DATE_ONLY_TIME = time(9, 0)

TITLE_MAX = 500
DESCRIPTION_MAX = 10_000
NAME_MAX = 300
LABEL_MAX = 200
REFERENCE_MAX = 200
CLAUSE_MAX = 1_000
URL_MAX = 2_000
# Amounts above a thousand billion are typing mistakes, not public contracts.
AMOUNT_MAX = Decimal(10) ** 12
CENT = Decimal("0.01")

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^<>]{0,300}>")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

# ISO 639-2/B codes eForms uses (the EU languages and a few regional ones) → ISO 639-1.
LANGUAGES: dict[str, str] = {
    "BUL": "bg",
    "CES": "cs",
    "DAN": "da",
    "DEU": "de",
    "ELL": "el",
    "ENG": "en",
    "EST": "et",
    "FIN": "fi",
    "FRA": "fr",
    "GLE": "ga",
    "HRV": "hr",
    "HUN": "hu",
    "ITA": "it",
    "LAV": "lv",
    "LIT": "lt",
    "MLT": "mt",
    "NLD": "nl",
    "POL": "pl",
    "POR": "pt",
    "RON": "ro",
    "SLK": "sk",
    "SLV": "sl",
    "SPA": "es",
    "SWE": "sv",
    "CAT": "ca",
    "EUS": "eu",
    "GLG": "gl",
    "ISL": "is",
    "NOR": "no",
}


# --- text -------------------------------------------------------------------------------


def clean_text(value: object) -> str:
    """One line of text: control characters dropped, every run of whitespace one space."""
    if value is None or isinstance(value, bool):
        return ""
    text = value if isinstance(value, str) else str(value)
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def strip_markup(text: str) -> str:
    """Text of a JSON notice, where buyers' platforms leave HTML tags and entities."""
    return clean_text(html.unescape(_TAG.sub(" ", text)))


_CUTS: ContextVar[list[str] | None] = ContextVar("notice_cuts", default=None)


@contextmanager
def cuts_noted() -> Iterator[list[str]]:
    """Within it, every text ``cap`` shortens is noted: a French warning per text, so that an
    import says what it did not keep."""
    noted: list[str] = []
    token = _CUTS.set(noted)
    try:
        yield noted
    finally:
        _CUTS.reset(token)


def cap(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, on a word boundary when one is close, with « … »
    (noted when ``cuts_noted`` is on)."""
    if len(text) <= limit:
        return text
    noted = _CUTS.get()
    if noted is not None:
        start = " ".join(text[:40].split())
        noted.append(cut_warning(f"« {start}… »", len(text), limit))
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit - 40:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def searchable(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces: for finding phrases."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain.lower())


def language_code(code: str) -> str:
    """ "FRA" → "fr"; a code outside the table is kept in lower case."""
    code = clean_text(code)
    return LANGUAGES.get(code.upper(), code.lower())


# --- amounts ----------------------------------------------------------------------------

_AMOUNT_NOISE = re.compile(r"(?i)\s|\u00a0|\u202f|€|eur(?:os?)?|\b(?:ht|ttc|hors taxes?)\b|\.$")
_PLAIN_AMOUNT = re.compile(r"\d{1,15}(?:\.\d{1,6})?")


def parse_amount(value: object) -> Decimal | None:
    """An amount as notices write it: 150000, "150000.50", "150 000,50 € HT", "1.500.000,00".

    Negative, non-finite or absurdly large values give None, and so does anything else.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal | int):
        return _money(Decimal(value))
    if isinstance(value, float):
        return _money(Decimal(repr(value)))
    if not isinstance(value, str) or len(value) > 60:
        return None
    text = _AMOUNT_NOISE.sub("", value)
    if "," in text and "." in text:
        # The last separator is the decimal one: "1.500.000,00" or "1,500,000.00".
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        whole, _, fraction = text.rpartition(",")
        text = (
            text.replace(",", "")
            if len(fraction) == 3 and text.count(",") >= 1 and len(whole) <= 3 * text.count(",")
            else text.replace(",", ".")
        )
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not _PLAIN_AMOUNT.fullmatch(text):
        return None
    return _money(Decimal(text))


def _money(value: Decimal) -> Decimal | None:
    try:
        if not value.is_finite() or value < 0 or value >= AMOUNT_MAX:
            return None
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


_CURRENCY_SIGNS = {"€": "EUR", "EUROS": "EUR", "EURO": "EUR", "£": "GBP"}


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def currency_code(value: object) -> str:
    """ "EUR" for an ISO 4217 code written in any case ("eur", "€"), "" otherwise."""
    text = clean_text(value).upper()
    if text in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[text]
    return text if re.fullmatch(r"[A-Z]{3}", text) and text in _currencies() else ""


def currency_name(code: str) -> str:
    """ "GBP" → « livre sterling »; the code itself for one babel does not name."""
    if code not in _currencies():
        return code
    return str(get_currency_name(code, locale="fr_FR"))


# --- countries --------------------------------------------------------------------------

_ALIASES: dict[str, str] = {"UK": "GB", "EL": "GR"}  # as NUTS and some exports write them


@cache
def _territories() -> dict[str, str]:
    """Alpha-2 code → French name."""
    return {
        code: str(name)
        for code, name in Locale("fr").territories.items()
        if len(code) == 2 and code.isalpha()
    }


@cache
def _country_names() -> dict[str, str]:
    """Country names in English and French, made searchable → alpha-2 code."""
    names: dict[str, str] = {}
    for locale in (Locale("en"), Locale("fr")):
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha():
                names[searchable(str(name))] = code
    # The nations of the United Kingdom, as British notices write the buyer's country.
    for nation in ("england", "scotland", "wales", "northern ireland", "great britain"):
        names[nation] = "GB"
    for nation in ("angleterre", "ecosse", "pays de galles", "irlande du nord"):
        names[nation] = "GB"
    return names


def country_code(value: object) -> str:
    """ISO 3166 alpha-2 for "FR", "FRA" (eForms), "France", "United Kingdom"; "" if unknown."""
    text = clean_text(value)
    upper = text.upper()
    if upper in _ALIASES:
        return _ALIASES[upper]
    if len(upper) == 2 and upper in _territories():
        return upper
    if len(upper) == 3 and upper.isalpha():
        aliases = get_global("territory_aliases").get(upper)
        if aliases and str(aliases[0]) in _territories():
            return str(aliases[0])
    return _country_names().get(searchable(text), "") if len(text) > 3 else ""


def country_of_nuts(code: str) -> str:
    """The country of a NUTS code: "FRE11" → "FR", "UKM83" → "GB", "EL301" → "GR"."""
    prefix = clean_text(code).upper()[:2]
    if len(prefix) != 2 or not prefix.isalpha():
        return ""
    return _ALIASES.get(prefix, prefix)


def country_name(code: str) -> str:
    """ "LU" → « Luxembourg », in French."""
    return _territories().get(code, code)


# --- dates ------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:?\d{2})?")
_TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?"
)


def _offset(text: str | None) -> datetime | None:
    """A reference instant carrying the zone of an offset such as "Z" or "+01:00"."""
    if not text:
        return None
    if text == "Z":
        text = "+00:00"
    elif ":" not in text:
        text = text[:3] + ":" + text[3:]
    try:
        return datetime.fromisoformat(f"2000-01-01T00:00:00{text}")
    except ValueError:
        return None


def _aware(day: date, moment: time, offset: str | None) -> datetime:
    reference = _offset(offset)
    if reference is not None and reference.tzinfo is not None:
        return datetime.combine(day, moment, tzinfo=reference.tzinfo)
    # No offset: a French notice means French legal time, summer or winter.
    return datetime.combine(day, moment, tzinfo=PARIS)


def date_only(day: date) -> datetime:
    """The instant kept for a deadline known by its date only (see DATE_ONLY_TIME)."""
    return datetime.combine(day, DATE_ONLY_TIME, tzinfo=PARIS)


def deadline_from_parts(day_text: str, time_text: str) -> tuple[datetime | None, bool]:
    """eForms' separate date and time ("2019-06-24Z", "16:00:00Z") as one aware datetime.

    The time's offset wins, then the date's, then Europe/Paris. Without a time, the date is
    kept (``date_only``) and the second value is True: the hour is unknown.
    """
    day_match = _DATE.fullmatch(clean_text(day_text))
    if day_match is None:
        return None, False
    try:
        day = date(int(day_match[1]), int(day_match[2]), int(day_match[3]))
    except ValueError:
        return None, False
    time_match = _TIME.fullmatch(clean_text(time_text))
    if time_match is None:
        return date_only(day), True
    try:
        moment = time(int(time_match[1]), int(time_match[2]), int(time_match[3] or 0))
    except ValueError:
        return None, False
    return _aware(day, moment, time_match[4] or day_match[4]), False


_MIDNIGHT = re.compile(r"00:00(?::00(?:\.0+)?)?")


def parse_datetime(value: object, midnight_is_date: bool = False) -> tuple[datetime | None, bool]:
    """An ISO datetime ("2024-03-15T12:00:00+01:00", or naive: Europe/Paris).

    A date alone gives ``date_only`` and True as the second value (the hour is unknown); so
    does midnight with ``midnight_is_date``: JSON exports write a date as
    « 2025-05-15T00:00:00+00:00 », never a deadline buyers set.
    """
    text = clean_text(value)
    match = _DATETIME.fullmatch(text)
    if match is not None:
        day_text, time_text, offset = match.groups()
        if midnight_is_date and _MIDNIGHT.fullmatch(time_text):
            return deadline_from_parts(day_text, "")
        return deadline_from_parts(day_text, time_text + (offset or ""))
    if _DATE.fullmatch(text):
        return deadline_from_parts(text, "")
    return None, False


def parse_date(value: object) -> date | None:
    """The calendar date at the start of an ISO date or datetime, offset ignored."""
    match = _DATE.match(clean_text(value))
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def months_between(start: date, end: date) -> int | None:
    """Whole months from ``start`` to ``end`` included, a started month counted: 1 Sept. 2019
    to 31 Dec. 2020 is 16 months."""
    after = end + timedelta(days=1)
    if after <= start:
        return None
    months = (after.year - start.year) * 12 + after.month - start.month
    day = min(start.day, calendar.monthrange(after.year, after.month)[1])
    if after.day > day:
        months += 1
    return months or 1


def duration_in_months(amount: object, unit: str) -> int | None:
    """A duration in months from an amount and a unit (MONTH, YEAR, WEEK, DAY; mois, ans…)."""
    number = parse_amount(amount) if not isinstance(amount, int) else Decimal(amount)
    if number is None or number <= 0:
        return None
    per_month = {
        "month": Decimal(1),
        "mois": Decimal(1),
        "year": Decimal(1) / 12,
        "an": Decimal(1) / 12,
        "ans": Decimal(1) / 12,
        "annee": Decimal(1) / 12,
        "annees": Decimal(1) / 12,
        "week": Decimal(365) / 7 / 12,
        "semaine": Decimal(365) / 7 / 12,
        "semaines": Decimal(365) / 7 / 12,
        "day": Decimal("30.4375"),
        "jour": Decimal("30.4375"),
        "jours": Decimal("30.4375"),
    }.get(searchable(unit).strip() or "month")
    if per_month is None:
        return None
    months = int((number / per_month).to_integral_value(rounding=ROUND_HALF_UP))
    # More than a century is a typing mistake; a few days are still a month's work.
    return max(months, 1) if months <= 1200 else None


_DURATION_TEXT = re.compile(r"(\d{1,4})\s*(mois|ans?|annees?|semaines?|jours?)\b")


def duration_from_text(text: str) -> int | None:
    """ "36 mois", "3 ans", "48" (months) → months."""
    plain = searchable(clean_text(text))
    if plain.isdigit():
        return duration_in_months(int(plain), "month")
    match = _DURATION_TEXT.search(plain)
    return duration_in_months(int(match[1]), match[2]) if match else None


# --- links and identifiers -------------------------------------------------------------


def http_url(value: object) -> str:
    """The link when it is an http or https address, "" for anything else (javascript:, file:…)."""
    text = clean_text(value)
    if not text or len(text) > URL_MAX or " " in text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return ""
    return text


def siret_or_none(value: object) -> str | None:
    """The 14 digits of a valid SIRET (key checked, La Poste included), else None."""
    text = re.sub(r"[\s.\-\u00a0\u202f]", "", clean_text(value))
    if len(text) != 14 or not text.isdigit():
        return None
    return text if stdnum_siret.is_valid(text) else None


# --- social and solidarity economy markers ------------------------------------------------

# Articles of the Code de la commande publique, and of the texts before it (ordonnance 2015,
# code des marchés publics 2006), that reserve a contract.
_ARTICLE = r"(?:article\s+)?l\.?\s?2113-?\s?{n}\b"
_DISABILITY = (
    re.compile(_ARTICLE.format(n=12)),
    re.compile(r"article\s+36[- ]?i\b"),
    re.compile(r"article\s+15\s+du\s+code\s+des\s+marches"),
)
_INSERTION = (
    re.compile(_ARTICLE.format(n=13)),
    re.compile(r"article\s+36[- ]?ii\b"),
)
_ESS = (re.compile(_ARTICLE.format(n=15)),)
# Names of the structures: they reserve a contract only in a sentence that says « réservé ».
_DISABILITY_NAMES = re.compile(
    r"entreprises? adaptees?|\besat\b|etablissements? et services? d'aide par le travail"
    r"|ateliers? proteges?|travailleurs handicapes"
)
_INSERTION_NAMES = re.compile(
    r"structures? d'insertion|insertion par l'activite economique|\bsiae\b"
    r"|entreprises? d'insertion|chantiers? d'insertion"
    r"|entreprises? de travail temporaire d'insertion"
)
_RESERVED_WORD = re.compile(r"\breserv")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def reserved_markers(text: str, *, reserved: bool = False) -> set[str]:
    """What a text reserves the contract to: {"disability", "insertion", "ess"} or a part.

    The names of the structures count only in a sentence saying « réservé », unless
    ``reserved`` tells that the text is already the notice's reserved-contract field.
    """
    found: set[str] = set()
    for sentence in _sentences(searchable(text)):
        if any(p.search(sentence) for p in _DISABILITY):
            found.add("disability")
        if any(p.search(sentence) for p in _INSERTION):
            found.add("insertion")
        if any(p.search(sentence) for p in _ESS):
            found.add("ess")
        if reserved or _RESERVED_WORD.search(sentence):
            if _DISABILITY_NAMES.search(sentence):
                found.add("disability")
            if _INSERTION_NAMES.search(sentence):
                found.add("insertion")
    return found


def sheltered_workshops(text: str, where: str) -> tuple[set[str], str]:
    """Markers for a contract reserved to « ateliers protégés » (eForms res-ws, OCDS
    shelteredWorkshop): one code for what French law splits in two (entreprises adaptées and
    ESAT, L2113-12; insertion, L2113-13). The notice's words decide; without them
    "disability" is kept and the second value is a warning to show (else "").

    ``where`` names the lot (« le lot 2 ») or the notice (« l'avis »).
    """
    said = reserved_markers(text) & {"disability", "insertion"}
    if said:
        return said, ""
    warning = (
        f"{where[0].upper()}{where[1:]} est réservé aux ateliers protégés : vérifiez s'il "
        "vise les entreprises adaptées et ESAT (L2113-12) ou aussi les structures "
        "d'insertion (L2113-13)."
    )
    return {"disability"}, warning


def reserved_from_markers(markers: Iterable[str]) -> Reserved:
    """One value for a set of markers; the ESS reservation gives way to the more precise ones."""
    flags = set(markers)
    if "both" in flags:
        flags |= {"disability", "insertion"}
    if {"disability", "insertion"} <= flags:
        return "both"
    if "disability" in flags:
        return "disability"
    if "insertion" in flags:
        return "insertion"
    if "ess" in flags:
        return "ess"
    return "none"


_SOCIAL_CLAUSE = re.compile(
    r"clauses? sociales?|heures d'insertion|heures de travail d'insertion"
    r"|clauses? d'insertion|actions? d'insertion|social clauses?"
)


def social_clause(texts: Iterable[str]) -> str:
    """The first sentence that states a social clause (« clause sociale », « heures
    d'insertion »…), as the notice wrote it, or ""."""
    for text in texts:
        if not text or not _SOCIAL_CLAUSE.search(searchable(text)):
            continue
        for sentence in _sentences(text):
            if _SOCIAL_CLAUSE.search(searchable(sentence)):
                return cap(clean_text(sentence), CLAUSE_MAX)
    return ""
