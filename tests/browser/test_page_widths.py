"""Every page each role can reach fits a phone (390 × 844) and a laptop (1280 × 800) without
sideways scrolling, and on the laptop the navigation holds on one line.

The crawl follows the links of the demo collective's pages, as a person would, from the
dashboard; one page per address shape (``/groupements/1`` stands for every consortium).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in

SIZES = ((390, 844), (1280, 800))
ROLES = ("coordination@phare.example", "direction@poinfor.example", "admin@phare.example")
# Downloads, the API, feeds and the logout are no pages to look at.
NOT_PAGES = re.compile(
    r"^/(api|static|metrics|healthz|calendrier)\b|/(fichier|apercu|telecharger|export)\b"
    r"|\.(zip|docx|pdf|ics|csv)$"
)
# Width of the document beyond the window, and the rows the navigation's items sit on.
MEASURE = """() => ({
  width: document.documentElement.scrollWidth,
  navRows: new Set([...document.querySelectorAll('.nav > li')]
    .filter(li => li.offsetParent).map(li => Math.round(li.getBoundingClientRect().top))).size,
})"""


async def _crawl(page: Any, base: str, width: int) -> tuple[list[str], list[str]]:
    """The pages visited, and those wider than the window (with their width)."""
    from playwright.async_api import Error as PlaywrightError

    seen: set[str] = set()
    visited: list[str] = []
    too_wide: list[str] = []
    queue = ["/tableau-de-bord"]
    while queue:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if shape in seen:
            continue
        seen.add(shape)
        try:
            response = await page.goto(base + path)
        except PlaywrightError as exc:  # a link to a file: nothing to look at
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        measured = await page.evaluate(MEASURE)
        if measured["width"] > width:
            too_wide.append(f"{path} ({measured['width']} px)")
        links = await page.eval_on_selector_all(
            "a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
        )
        queue += [h.split("#")[0] for h in links if h.split("#")[0] and not NOT_PAGES.search(h)]
    return visited, too_wide


@pytest.mark.browser
async def test_every_page_fits_a_phone_and_a_laptop(live_server: str, browser: Any) -> None:
    from tenders.demo.loader import load_demo

    await load_demo()
    for email in ROLES:
        for width, height in SIZES:
            context = await browser.new_context(
                viewport={"width": width, "height": height},
                locale="fr-FR",
                accept_downloads=False,
            )
            page = await context.new_page()
            await log_in(page, live_server, email)
            if width >= 1280:
                measured = await page.evaluate(MEASURE)
                assert measured["navRows"] == 1, f"{email}: menu on several lines"
            visited, too_wide = await _crawl(page, live_server, width)
            await context.close()
            # The crawl went through the app, not just the dashboard.
            assert len(visited) >= (15 if "direction" in email else 30), visited
            assert not too_wide, f"{email} at {width} px: {too_wide}"


@pytest.mark.browser
async def test_phone_menu_folds_behind_its_button(live_server: str, browser: Any) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    page = await browser.new_page(viewport={"width": 390, "height": 844}, locale="fr-FR")
    await log_in(page, live_server, "coordination@phare.example")
    nav = page.get_by_role("navigation", name="Navigation principale")
    await expect(nav).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await menu.click()
    await expect(menu).to_have_attribute("aria-expanded", "true")
    await expect(nav.get_by_role("link", name="Consultations")).to_be_visible()
    # The administration's pages sit in their own fold, opened on demand.
    await expect(nav.get_by_role("link", name="Journal")).to_be_hidden()
    await nav.get_by_text("Administration").click()
    await nav.get_by_role("link", name="Journal").click()
    await expect(page).to_have_url(live_server + "/journal")
    await expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
