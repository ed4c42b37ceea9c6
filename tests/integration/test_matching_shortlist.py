"""Past a collective's size, matching scores only a shortlist per lot, read from the database
by an upper bound of each structure's score: no structure that would rank among the best may
be left out of it."""

from __future__ import annotations

from typing import Any

import pytest

from tenders.consortia import matching
from tenders.members import capabilities
from tenders.members.schemas import CapabilityIn
from tests.builders import make_tender
from tests.support import as_actor


async def test_a_structure_named_by_the_lots_division_is_shortlisted(
    make_account: Any, make_organisation: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A savoir-faire coded 77000000 (the whole division) covers a lot coded 77310000 as well
    as that exact code does; it must not lose its place to structures of the lot's group."""
    monkeypatch.setattr(matching, "WHOLE_COLLECTIVE", 2)
    monkeypatch.setattr(matching, "SHORTLIST_PER_LOT", 3)
    actor = as_actor(await make_account("admin"))

    async def structure(name: str, code: str) -> int:
        org = await make_organisation(name)
        await capabilities.add_capability(
            actor,
            org,
            CapabilityIn(
                title=f"Savoir-faire de {name}",
                kind="services",
                cpv_codes=[code],
                departements=["59"],
                max_contract_value=200_000,
            ),
        )
        return int(org)

    group = [await structure(f"Espaces verts {i}", f"7731{i}000") for i in range(1, 5)]
    division = await structure("Services agricoles et forestiers", "77000000")
    tender = await make_tender(
        actor, "Entretien des parcs", {"1": "Parcs"}, cpv="77310000", departements=["59"]
    )

    shortlisted = await matching.shortlist(tender)

    assert division in shortlisted
    assert len(set(group) & set(shortlisted)) >= 2
