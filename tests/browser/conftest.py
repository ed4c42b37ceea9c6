"""Every browser test starts from empty tables of a migrated database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _empty_tables(clean_db: None) -> None:
    """Every table of Piccolo's registry is empty when the test starts."""
