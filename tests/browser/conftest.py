"""Every browser test starts from empty tables of a migrated database, with a headless
Chromium of its own (``browser``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.browser.chromium import CHROMIUM_ARGS


@pytest.fixture(autouse=True)
def _empty_tables(clean_db: None) -> None:
    """Every table of Piccolo's registry is empty when the test starts."""


@pytest.fixture
async def browser(chromium_path: str) -> AsyncIterator[Any]:
    """Chromium, closed when the test ends."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()
