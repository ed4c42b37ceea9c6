"""On a phone (390 px), the coordination goes through the tenders a page at a time."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.integration.test_pagination import _tenders


@pytest.mark.browser
async def test_the_coordination_turns_the_pages_of_the_tenders_on_a_phone(
    live_server: str, browser: Any, make_account: Any
) -> None:
    from playwright.async_api import expect

    await _tenders(60, "go")
    await _tenders(3, "no_go", first=100)
    coordinator = await make_account("coordinator")
    context = await browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = await context.new_page()
    await log_in(page, live_server, coordinator.email, coordinator.password)
    await page.goto(live_server + "/consultations")

    pages = page.get_by_role("navigation", name="Pages des consultations")
    await expect(pages).to_contain_text("Page 1 sur 2")
    rows = page.locator("table tbody tr")
    await expect(rows).to_have_count(50)
    await expect(rows.first).to_contain_text("Consultation go n° 000")

    await pages.get_by_role("link", name="Page suivante").click()
    await expect(pages).to_contain_text("Page 2 sur 2")
    await expect(rows).to_have_count(10)
    await expect(rows.first).to_contain_text("Consultation go n° 050")
    await expect(pages.get_by_role("link", name="Page suivante")).to_have_count(0)
    width = await page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390

    await pages.get_by_role("link", name="Page précédente").click()
    await expect(pages).to_contain_text("Page 1 sur 2")
    await expect(rows.first).to_contain_text("Consultation go n° 000")

    # The status chosen stays from page to page: « No go » holds one page only.
    await page.get_by_role("link", name="3 no go").click()
    await expect(rows).to_have_count(3)
    await expect(page.get_by_role("navigation", name="Pages des consultations")).to_have_count(0)
    await context.close()
