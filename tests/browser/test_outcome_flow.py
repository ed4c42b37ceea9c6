"""A coordinator records a won bid in Chromium and sees the collective's dashboard change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.support import as_actor


@pytest.mark.browser
async def test_a_won_bid_shows_on_the_dashboard(
    live_server: str, browser: Any, make_account: Any, make_organisation: Any
) -> None:
    from playwright.async_api import expect

    from tests.integration.test_outcomes import _bid

    coordinator = await make_account("coordinator")
    actor = as_actor(coordinator)
    alpha, beta = await make_organisation("Alpha"), await make_organisation("Bêta")
    consortium = await _bid(
        actor,
        "Entretien des parcs",
        "Ville de Valenciennes",
        "77310000",
        {alpha: "70000", beta: "30000"},
    )
    page = await (await browser.new_context(locale="fr-FR")).new_page()
    await log_in(page, live_server, coordinator.email, coordinator.password)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")

    await page.get_by_role("navigation").get_by_role("link", name="Le collectif").click()
    await expect(page.get_by_text("Taux de réussite : —")).to_be_visible()
    await expect(page.get_by_text("Gagné : 0,00 € sur 100 000,00 € soumis")).to_be_visible()

    await page.goto(f"{live_server}/groupements/{consortium}")
    result = page.locator("#resultat")
    await result.get_by_label("Résultat").select_option("gagnee")
    await result.get_by_label("Décision de l'acheteur le").fill("2027-05-02")
    await result.get_by_label("Montant attribué HT (si gagnée)").fill("95 000,00")
    await result.get_by_label("Heures d'insertion promises").fill("1200")
    await result.get_by_role("button", name="Enregistrer le résultat").click()
    await expect(page.get_by_role("status").first).to_contain_text("Résultat enregistré : gagnée.")
    await expect(result).to_contain_text("montant attribué 95 000,00 € HT")

    await page.get_by_role("navigation").get_by_role("link", name="Le collectif").click()
    await expect(page.get_by_text("Taux de réussite : 100 %")).to_be_visible()
    await expect(page.get_by_text("Gagné : 95 000,00 € sur 100 000,00 € soumis")).to_be_visible()
    members = page.get_by_role("table", name="Par structure")
    await expect(members.locator("tbody tr").first).to_contain_text("Alpha")
    await expect(members.locator("tbody tr").first).to_contain_text("66 500,00 €")
    chart = page.locator("figure svg[role=img]").nth(1)
    await expect(chart).to_be_visible()
