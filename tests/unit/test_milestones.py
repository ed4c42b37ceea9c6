from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tenders.formatting import datetime_fr
from tenders.procurement.service import propose_milestones


def test_milestones_are_proposed_backwards_at_noon_paris_time() -> None:
    deadline = datetime(2027, 4, 16, 10, 0, tzinfo=UTC)  # 12 h 00 in Paris (summer time)
    now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    proposed = propose_milestones(deadline, now)
    assert [(kind, datetime_fr(due)) for kind, _, due in proposed] == [
        # 21 days before crosses the change to summer time (28 March): still noon in Paris.
        ("go_no_go", "26 mars 2027 à 12 h 00"),
        ("contributions", "6 avril 2027 à 12 h 00"),
        ("compilation", "11 avril 2027 à 12 h 00"),
        ("final_check", "14 avril 2027 à 12 h 00"),
    ]


def test_a_close_deadline_squeezes_the_milestones_but_none_is_in_the_past() -> None:
    now = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
    deadline = now + timedelta(days=6)
    proposed = propose_milestones(deadline, now)
    dues = [due for _, _, due in proposed]
    assert all(now <= due < deadline for due in dues)
    assert dues == sorted(dues)
