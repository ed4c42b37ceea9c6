from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tenders.formatting import amount_fr, date_fr, datetime_fr, days_until_fr, deadline_fr


def test_dates_are_written_the_french_way_in_paris_time() -> None:
    # 11:00 UTC in March 2027 is noon in Paris (winter time).
    assert datetime_fr(datetime(2027, 3, 12, 11, 0, tzinfo=UTC)) == "12 mars 2027 à 12 h 00"
    # In July Paris is UTC+2.
    assert datetime_fr(datetime(2027, 7, 1, 7, 5, tzinfo=UTC)) == "1er juillet 2027 à 9 h 05"
    assert date_fr(date(2027, 8, 15)) == "15 août 2027"


def test_the_change_to_summer_time_is_followed() -> None:
    # Europe/Paris moves to summer time on 28 March 2027 at 02:00 (01:00 UTC).
    assert datetime_fr(datetime(2027, 3, 28, 0, 30, tzinfo=UTC)) == "28 mars 2027 à 1 h 30"
    assert datetime_fr(datetime(2027, 3, 28, 1, 30, tzinfo=UTC)) == "28 mars 2027 à 3 h 30"


def test_amounts_use_french_separators() -> None:
    text = amount_fr(Decimal("12500"))
    assert text.replace("\u202f", " ").replace("\xa0", " ") == "12 500,00 €"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        datetime_fr(datetime(2027, 3, 12, 12, 0))


def test_an_amount_keeps_its_currency() -> None:
    def plain(text: str) -> str:
        return text.replace("\u202f", " ").replace("\xa0", " ")

    assert plain(amount_fr(Decimal("250000"), "GBP")) == "250 000,00 £GB"
    assert plain(amount_fr(Decimal("80000"), "CHF")) == "80 000,00 CHF"
    assert plain(amount_fr(Decimal("12500"), "EUR")) == plain(amount_fr(Decimal("12500")))


def test_a_deadline_whose_hour_is_unknown_is_written_as_its_date() -> None:
    nine = datetime(2031, 5, 14, 7, 0, tzinfo=UTC)  # 9:00 in Paris, the hour kept for it
    assert deadline_fr(nine, hour_unknown=True) == "14 mai 2031 (heure à vérifier)"
    assert deadline_fr(nine) == "14 mai 2031 à 9 h 00"
    morning = datetime(2031, 5, 14, 6, 0, tzinfo=UTC)
    assert days_until_fr(nine, morning) == "aujourd'hui"
    assert days_until_fr(nine, datetime(2031, 5, 13, 21, 0, tzinfo=UTC)) == "demain"
    assert days_until_fr(nine, datetime(2031, 5, 11, 8, 0, tzinfo=UTC)) == "dans 3 jours"
    assert days_until_fr(nine, datetime(2031, 5, 16, 8, 0, tzinfo=UTC)) == "dépassée depuis 2 jours"
