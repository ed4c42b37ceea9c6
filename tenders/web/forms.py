"""Reading posted HTML forms: multi-valued fields and typed values with French errors."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from litestar import Request

from tenders.numbers import NumberError, parse_count


async def multi_form(request: Request[Any, Any, Any]) -> dict[str, list[Any]]:
    """Every posted value, files included, by field name."""
    form = await request.form()
    return {key: form.getall(key) for key in form}


def first(form: dict[str, list[Any]], name: str, default: str = "") -> str:
    values = form.get(name) or [default]
    value = values[0]
    return value if isinstance(value, str) else default


def strings(form: dict[str, list[Any]], name: str) -> list[str]:
    return [v for v in form.get(name, []) if isinstance(v, str)]


def split_list(text: str) -> list[str]:
    """« 59, 62 ; 80 » → ['59', '62', '80']; one value per line works too."""
    for separator in (";", "\n"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def optional_int(text: str, field: str, errors: dict[str, str], message: str) -> int | None:
    """A whole number typed in a form (« 1 200 »), read by the one strict parser; ``message``
    says what the field expects when the text is no number at all."""
    try:
        return parse_count(text)
    except NumberError as exc:
        if exc.message.startswith("Indiquez"):
            errors[field] = exc.message
        else:
            errors[field] = f"{message} Écrivez-le en chiffres, par exemple 12."
        return None


def optional_date(text: str, field: str, errors: dict[str, str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = "Indiquez une date au format jj/mm/aaaa."
        return None


def paris_datetime(
    day: str, hour: str, field: str, errors: dict[str, str], require_time: bool = True
) -> datetime | None:
    """A date and a time typed in Paris time, as an aware datetime (summer/winter time right)."""
    from tenders.formatting import PARIS

    if not day.strip():
        return None
    try:
        parsed_day = date.fromisoformat(day.strip())
    except ValueError:
        errors[field] = "Indiquez une date au format jj/mm/aaaa."
        return None
    if not hour.strip():
        if require_time:
            errors[field] = "Indiquez aussi l'heure limite (par exemple 12:00)."
            return None
        hour = "12:00"
    try:
        parsed_time = time.fromisoformat(hour.strip())
    except ValueError:
        errors[field] = "Indiquez l'heure au format hh:mm, par exemple 12:00."
        return None
    return datetime.combine(parsed_day, parsed_time, tzinfo=PARIS)
