"""The pages keep working under the site's Content-Security-Policy: in Chromium, no key page
reports a violation, the confirmation before a destructive button still asks, and the API
documentation renders from this host alone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.browser.csp import watch_csp

KEY_PAGES = [
    "/tableau-de-bord",
    "/structures",
    "/consultations",
    "/groupements",
    "/echeances",
    "/bibliotheque",
    "/collectif",
    "/comptes",
    "/journal",
    "/modeles",
    "/compte",
    "/nulle-part",  # the 404 page
]


@pytest.mark.browser
async def test_key_pages_report_no_policy_violation(
    live_server: str, browser: Any, make_account: Any, ready_bid: Any
) -> None:
    from playwright.async_api import expect

    bid = await ready_bid(["Poinfor", "A.C.I.A.E"])
    await make_account("member")  # an account the coordinator may deactivate
    context = await browser.new_context(locale="fr-FR")
    violations = await watch_csp(context)
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page = await context.new_page()
    await log_in(page, live_server, bid.coordinator.email, bid.coordinator.password)

    for path in KEY_PAGES:
        await page.goto(live_server + path)
        await expect(page.get_by_role("heading", level=1)).to_be_visible()

    # A structure (print button, confirmations), the consortium (compile progress
    # script) and one of its parts (autosave script).
    organisation = next(iter(bid.members))
    for path in (f"/structures/{organisation}", f"/groupements/{bid.consortium_id}"):
        await page.goto(live_server + path)
        await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await page.locator("a[href*='/parties/']").first.click()
    await expect(page.get_by_label("Texte")).to_be_visible()
    await page.go_back()
    await page.locator("main a[href^='/consultations/']").first.click()
    await expect(page.get_by_role("heading", level=1)).to_be_visible()

    # A destructive button asks first (the question now comes from /static/cordee.js);
    # saying no leaves everything as it was.
    await page.goto(live_server + "/comptes")
    questions: list[str] = []

    async def answer_no(dialog: Any) -> None:
        questions.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", answer_no)
    await page.get_by_role("button", name=re.compile("^Désactiver le compte de")).first.click()
    await expect(page).to_have_url(live_server + "/comptes")
    assert questions == ["Désactiver ce compte ? Ses sessions seront fermées."]
    await expect(page.get_by_role("status")).to_have_count(0)

    # The API documentation: Swagger UI from this host, listing the operations.
    await page.goto(live_server + "/api/schema")
    await expect(page.get_by_text("POST /api/session", exact=False).first).to_be_visible()
    await expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)

    assert violations == []
    assert hosts == {live_server.split("/")[2]}, hosts
