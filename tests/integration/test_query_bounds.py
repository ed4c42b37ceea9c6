"""A number in the address past what the database's integers hold (an id, a page, an offset)
is refused with a 422 naming it, never a server error (PostgreSQL refused it with a 500)."""

from __future__ import annotations

from typing import Any

import pytest

HUGE = 945_130_461_449  # past 2**31: no id can be that
ENORMOUS = 10**20  # past 2**63: no offset can be that

ADDRESSES = [
    ("/api/watch/runs", "before", HUGE),
    ("/veille/passages", "avant", HUGE),
    ("/api/watch/notices", "page", ENORMOUS),
    ("/api/watch/notices", "min_score", HUGE),
    ("/structures", "page_number", ENORMOUS),
    ("/api/audit-events", "offset", ENORMOUS),
]


@pytest.mark.parametrize(("path", "name", "value"), ADDRESSES)
async def test_a_number_past_the_database_s_integers_is_refused_naming_it(
    client: Any, log_in_as: Any, path: str, name: str, value: int
) -> None:
    await log_in_as("admin")
    response = await client.get(f"{path}?{name}={value}")
    assert response.status_code == 422, response.text
    assert name in response.text
    # Said in French, the bound written as a French reader writes it.
    assert "Expected" not in response.text
    assert "au plus égal à" in response.text


async def test_the_veille_page_number_past_the_last_page_shows_an_empty_page(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    response = await client.get(f"/veille?page_number={ENORMOUS}")
    assert response.status_code == 200
