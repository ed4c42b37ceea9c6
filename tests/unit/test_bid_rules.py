"""The rules behind the bid documents: closed fiscal years, the reserved-market article of each
kind of structure."""

from __future__ import annotations

from datetime import date

import pytest

from tenders.members.fiscal import (
    FiscalYearEndError,
    closed_years,
    fiscal_year_end_fr,
    parse_fiscal_year_end,
)
from tenders.packages.build import OrgFacts, reserved_rows, reserved_statement


def labels(fiscal_year_end: str, at: date, known: set[int] | None = None) -> list[str]:
    return [fy.label for fy in closed_years(fiscal_year_end, at, known or set())]


def test_a_january_deadline_asks_for_the_three_years_before_the_one_just_ended() -> None:
    assert labels("12-31", date(2027, 1, 20)) == [
        "du 1er janvier 2023 au 31 décembre 2023",
        "du 1er janvier 2024 au 31 décembre 2024",
        "du 1er janvier 2025 au 31 décembre 2025",
    ]
    # A structure that already gave its 2026 figure shows it.
    assert labels("12-31", date(2027, 1, 20), {2026})[-1] == (
        "du 1er janvier 2026 au 31 décembre 2026"
    )
    # Six months after the year's end, its accounts are due.
    assert labels("12-31", date(2027, 7, 1))[-1] == "du 1er janvier 2026 au 31 décembre 2026"


def test_a_year_ending_in_june_is_named_with_its_dates() -> None:
    assert labels("06-30", date(2027, 1, 20)) == [
        "du 1er juillet 2023 au 30 juin 2024",
        "du 1er juillet 2024 au 30 juin 2025",
        "du 1er juillet 2025 au 30 juin 2026",
    ]
    assert labels("", date(2027, 1, 20)) == []


def test_the_fiscal_year_end_is_typed_as_day_and_month() -> None:
    assert parse_fiscal_year_end("31/12") == "12-31"
    assert parse_fiscal_year_end(" 30.6 ") == "06-30"
    assert parse_fiscal_year_end("") == ""
    assert fiscal_year_end_fr("06-30") == "30/06"
    for wrong in ("31/02", "décembre", "12"):
        with pytest.raises(FiscalYearEndError):
            parse_fiscal_year_end(wrong)


@pytest.mark.parametrize(
    ("kind", "ess_status", "reserved", "article", "ticked"),
    [
        ("ea", "", "none", "L. 2113-12", "Entreprise adaptée"),
        ("esat", "", "disability", "L. 2113-12", "Établissement et service d'aide"),
        ("aci", "", "insertion", "L. 2113-13", "Structure d'insertion"),
        ("ai", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("ei", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("etti", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("eiti", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("scop", "de_droit", "ess", "L. 2113-15", "Entreprise de l'économie sociale"),
        ("scop", "de_droit", "none", None, None),
        ("other", "hors_ess", "ess", None, None),
        ("geiq", "", "none", None, None),
    ],
)
def test_each_kind_of_structure_gets_its_reserved_market_article(
    kind: str, ess_status: str, reserved: str, article: str | None, ticked: str | None
) -> None:
    org = OrgFacts(id=1, slug="x", name="Atelier", kind=kind, ess_status=ess_status)
    statement = reserved_statement(org, reserved)
    if article is None:
        assert statement == "Atelier ne se prévaut d'aucun cas de marché réservé."
    else:
        assert f"article {article} du code de la commande publique" in statement
        others = {"L. 2113-12", "L. 2113-13", "L. 2113-15"} - {article}
        assert not any(other in statement for other in others)
    boxes = [row.structure for row in reserved_rows(org, reserved) if row.box == "☒"]
    assert boxes == ([] if ticked is None else [next(b for b in boxes if b.startswith(ticked))])
