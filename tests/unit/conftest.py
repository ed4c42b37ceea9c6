"""Unit tests run without a database: a test that needs one belongs in tests/integration."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def database() -> None:
    pytest.fail(
        "Un test unitaire n'utilise pas la base de données : placez-le dans tests/integration.",
        pytrace=False,
    )
