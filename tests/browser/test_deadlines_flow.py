"""A member director opens « Mes échéances » in Chromium and downloads the .ics."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tests.browser.chromium import log_in
from tests.integration.test_reminders import make_world


@pytest.mark.browser
async def test_a_director_reads_their_deadlines_and_downloads_the_calendar(
    live_server: str, browser: Any, make_account: Any, make_organisation: Any
) -> None:
    from playwright.async_api import expect

    world = await make_world(make_account, make_organisation)
    context = await browser.new_context(locale="fr-FR", accept_downloads=True)
    page = await context.new_page()
    await log_in(page, live_server, world.lead.email, world.lead.password)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")

    await page.get_by_role("navigation").get_by_role("link", name="Mes échéances").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mes échéances")
    rows = page.get_by_role("table", name="À venir").locator("tbody tr")
    await expect(rows).to_have_count(3)
    await expect(rows.nth(0)).to_contain_text("« Moyens humains » — Nettoyage des écoles")
    await expect(rows.nth(1)).to_contain_text("Questions à l'acheteur")
    await expect(rows.nth(2)).to_contain_text("30 mars 2027 à 12 h 00")

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Télécharger mes échéances (.ics)").click()
    download = await download_info.value
    assert download.suggested_filename == "mes-echeances.ics"
    data = Path(await download.path()).read_bytes()

    calendar = Calendar.from_ical(data)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    offers = events[f"offers-{world.tender_id}"]["DTSTART"].dt
    assert offers.astimezone(UTC) == datetime(2027, 3, 30, 10, 0, tzinfo=UTC)
    assert f"section-{world.section_id}" in events


@pytest.mark.browser
async def test_the_calendar_address_is_copied_with_one_button(
    live_server: str, browser: Any, make_account: Any, make_organisation: Any
) -> None:
    from playwright.async_api import expect

    world = await make_world(make_account, make_organisation)
    context = await browser.new_context(locale="fr-FR")
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = await context.new_page()
    await log_in(page, live_server, world.lead.email, world.lead.password)
    await page.goto(live_server + "/compte/rappels")
    await page.get_by_role("button", name="Créer l'adresse de mon calendrier").click()
    address = await page.get_by_label("Adresse du calendrier").input_value()
    assert address.startswith(live_server + "/calendrier/") and address.endswith(".ics")
    await page.get_by_role("button", name="Copier l'adresse").click()
    await expect(page.get_by_text("Adresse copiée.")).to_be_visible()
    assert await page.evaluate("navigator.clipboard.readText()") == address
    await page.set_viewport_size({"width": 390, "height": 844})
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a phone"
