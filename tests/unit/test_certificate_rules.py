from __future__ import annotations

from datetime import date

from tenders.members.certificates import add_months, default_valid_until, status_at


def test_default_validity_per_kind() -> None:
    issued = date(2026, 11, 30)
    assert default_valid_until("urssaf", issued) == date(2027, 5, 29)  # six months
    assert default_valid_until("kbis", issued) == date(2027, 2, 27)  # three months
    assert default_valid_until("fiscal", issued) == date(2027, 11, 29)
    assert default_valid_until("rib", issued) is None


def test_months_are_added_to_the_end_of_short_months() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_status_is_computed_at_any_date() -> None:
    until = date(2027, 3, 12)
    assert status_at(until, date(2027, 1, 1)) == "valide"
    assert status_at(until, date(2027, 2, 20)) == "expire_bientot"
    assert status_at(until, date(2027, 3, 12)) == "expire_bientot"  # last valid day
    assert status_at(until, date(2027, 3, 13)) == "expiree"
    assert status_at(None, date(2040, 1, 1)) == "valide"
