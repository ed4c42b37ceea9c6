"""Financial years: the day a structure's year ends, and which years a bid must show.

A structure's financial year ends on the same day every year (« 31/12 », « 30/06 »). A year is
named by the calendar year it ends in. The DC2 (rubric F1) asks for the turnover of the last
three *closed* years at the offer deadline: a year that ended before the deadline, and whose
accounts can be expected, i.e. six months after its end (the time the law gives to approve the
accounts), unless the structure already gave its figure."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tenders.formatting import date_fr

ACCOUNTS_DELAY_MONTHS = 6
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*$")


class FiscalYearEndError(ValueError):
    pass


def parse_fiscal_year_end(text: str) -> str:
    """« 31/12 », « 30.6 » → ``"12-31"``, ``"06-30"``; ``""`` for nothing. Raises
    ``FiscalYearEndError`` with a French message otherwise."""
    text = (text or "").strip()
    if not text:
        return ""
    iso = re.match(r"^(\d{2})-(\d{2})$", text)
    if iso:
        month, day = int(iso.group(1)), int(iso.group(2))
    else:
        match = _DAY_MONTH.match(text)
        if not match:
            raise FiscalYearEndError(
                "Indiquez le jour et le mois de clôture de l'exercice, par exemple 31/12."
            )
        day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2023, month)[1]:
        raise FiscalYearEndError("Cette date de clôture n'existe pas : par exemple 31/12 ou 30/06.")
    return f"{month:02d}-{day:02d}"


def fiscal_year_end_fr(value: str) -> str:
    """``"12-31"`` → « 31/12 » for the forms."""
    if not value:
        return ""
    month, day = value.split("-")
    return f"{day}/{month}"


@dataclass(frozen=True, slots=True)
class FiscalYear:
    year: int  # the calendar year it ends in
    start: date
    end: date

    @property
    def label(self) -> str:
        """« du 1er janvier 2025 au 31 décembre 2025 »."""
        return f"du {date_fr(self.start)} au {date_fr(self.end)}"


def _end_in(year: int, fiscal_year_end: str) -> date:
    month, day = (int(part) for part in fiscal_year_end.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def fiscal_year(year: int, fiscal_year_end: str) -> FiscalYear:
    end = _end_in(year, fiscal_year_end)
    return FiscalYear(year, _end_in(year - 1, fiscal_year_end) + timedelta(days=1), end)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def closed_years(
    fiscal_year_end: str, at: date, known: set[int], count: int = 3
) -> list[FiscalYear]:
    """The ``count`` years a bid at ``at`` shows, oldest first: the most recent years ended
    before ``at`` whose accounts are due (or whose figure is ``known``)."""
    if not fiscal_year_end:
        return []
    year = at.year
    while _end_in(year, fiscal_year_end) >= at:
        year -= 1
    chosen: list[FiscalYear] = []
    while len(chosen) < count:
        current = fiscal_year(year, fiscal_year_end)
        due = _add_months(current.end, ACCOUNTS_DELAY_MONTHS) <= at
        if chosen or due or year in known:
            chosen.append(current)
        year -= 1
    return sorted(chosen, key=lambda fy: fy.year)
