"""A person in headless Chromium: log in, see the collective, log out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chromium import log_in


@pytest.mark.browser
async def test_coordinator_logs_in_sees_the_dashboard_and_logs_out(
    live_server: str, browser: Any
) -> None:
    from playwright.async_api import expect

    from tenders.demo.data import DEMO_PASSWORD
    from tenders.demo.loader import load_demo

    await load_demo()
    page = await browser.new_page(locale="fr-FR")
    await page.goto(live_server + "/")
    await expect(page).to_have_title("Connexion · Cordée")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Cordée")

    # A wrong password first: the French message, tied to the form.
    await page.get_by_label("Adresse e-mail").fill("coordination@phare.example")
    await page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    await page.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "Adresse e-mail ou mot de passe incorrect."
    )

    await page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await expect(page).to_have_url(live_server + "/tableau-de-bord")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Coordination Phare")
    collective = page.get_by_role("region", name="Le collectif")
    await expect(collective.get_by_role("listitem")).to_have_count(17)
    await expect(collective.get_by_role("link", name="Poinfor")).to_be_visible()

    # Keyboard users reach the content first.
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()

    # The coordination's own pages are in the « Administration » fold of the menu.
    navigation = page.get_by_role("navigation", name="Navigation principale")
    await navigation.get_by_text("Administration").click()
    await expect(navigation.get_by_role("link", name="Comptes")).to_be_visible()

    await page.get_by_role("button", name="Se déconnecter").click()
    await expect(page).to_have_url(live_server + "/connexion")
    await expect(page.get_by_role("status")).to_contain_text("Vous êtes déconnecté·e")
    await page.goto(live_server + "/tableau-de-bord")
    await expect(page).to_have_url(live_server + "/connexion?suivant=/tableau-de-bord")


@pytest.mark.browser
async def test_member_sees_no_account_administration(live_server: str, browser: Any) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    page = await browser.new_page(locale="fr-FR")
    await log_in(page, live_server, "direction@poinfor.example")
    await expect(page.get_by_text("Vous dirigez Poinfor.")).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigation principale")
    await expect(nav.get_by_role("link", name="Comptes")).to_have_count(0)
    response = await page.goto(live_server + "/comptes")
    assert response is not None and response.status == 403
    await expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
