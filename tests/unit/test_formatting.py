from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tenders.formatting import amount_fr, date_fr, datetime_fr


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
