"""French formatting of dates, amounts and file sizes, in Europe/Paris time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal

PARIS = ZoneInfo("Europe/Paris")

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def to_paris(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime: store and pass aware datetimes only")
    return value.astimezone(PARIS)


def date_fr(value: date | datetime | None) -> str:
    """« 12 mars 2027 » (« 1er mars 2027 » on the first of the month)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_paris(value).date()
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def datetime_fr(value: datetime | None) -> str:
    """« 12 mars 2027 à 12 h 00 », in Paris time."""
    if value is None:
        return ""
    local = to_paris(value)
    return f"{date_fr(local.date())} à {local.hour} h {local.minute:02d}"


def amount_fr(value: Decimal | float | int | None, currency: str = "EUR") -> str:
    """« 12 500,00 € » (with the non-breaking spaces of French typography); in another
    currency, its sign or code: « 250 000,00 £GB », « 80 000,00 CHF »."""
    if value is None:
        return ""
    return format_currency(value, currency or "EUR", locale="fr_FR")


def deadline_fr(value: datetime | None, hour_unknown: bool = False) -> str:
    """« 12 mars 2027 à 12 h 00 »; a deadline whose hour the notice did not give is its
    date alone: « 12 mars 2027 (heure à vérifier) »."""
    if value is None:
        return ""
    if hour_unknown:
        return f"{date_fr(value)} (heure à vérifier)"
    return datetime_fr(value)


def days_until_fr(value: date | datetime | None, now: datetime | None = None) -> str:
    """For a deadline known by its day only: « aujourd'hui », « demain », « dans 3 jours »,
    « dépassée depuis 2 jours »."""
    if value is None:
        return ""
    today = (now or datetime.now(PARIS)).astimezone(PARIS).date()
    day = to_paris(value).date() if isinstance(value, datetime) else value
    days = (day - today).days
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days > 1:
        return f"dans {days} jours"
    return "dépassée depuis 1 jour" if days == -1 else f"dépassée depuis {-days} jours"


def number_fr(value: Decimal | float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale="fr_FR")


def until_fr(value: datetime | None, now: datetime | None = None) -> str:
    """« dans 3 jours », « dans 5 heures », « dépassée depuis 2 jours »."""
    if value is None:
        return ""
    now = now or datetime.now(PARIS)
    seconds = (value - now).total_seconds()
    past = seconds < 0
    seconds = abs(seconds)
    days, hours = int(seconds // 86400), int(seconds // 3600)
    if days >= 2:
        amount = f"{days} jours"
    elif hours >= 2:
        amount = f"{hours} heures"
    elif seconds >= 120:
        amount = f"{int(seconds // 60)} minutes"
    else:
        return "maintenant"
    return f"dépassée depuis {amount}" if past else f"dans {amount}"


def size_fr(size: int) -> str:
    """« 10 Mo », « 1,5 Mo », « 500 Ko », « 12 octets » (units of 1024)."""
    for unit, factor in (("Go", 1024**3), ("Mo", 1024**2), ("Ko", 1024)):
        if size >= factor:
            value = round(size / factor, 1)
            text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{text} {unit}"
    return f"{size} octet" + ("s" if size > 1 else "")


def paris_date(value: datetime | None) -> str:
    """ISO date in Paris time, for <input type="date">."""
    return to_paris(value).date().isoformat() if value else ""


def paris_time(value: datetime | None) -> str:
    """« 12:00 » in Paris time, for <input type="time">."""
    return to_paris(value).strftime("%H:%M") if value else ""


FILTERS = {
    "date_fr": date_fr,
    "datetime_fr": datetime_fr,
    "amount_fr": amount_fr,
    "number_fr": number_fr,
    "until_fr": until_fr,
    "deadline_fr": deadline_fr,
    "days_until_fr": days_until_fr,
    "paris_date": paris_date,
    "paris_time": paris_time,
    "size_fr": size_fr,
}
