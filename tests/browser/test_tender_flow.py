"""The coordinator imports a notice in Chromium, reviews it, decides go, sees who can answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.conftest import ROOT

NOTICE = ROOT / "tests" / "fixtures" / "notices" / "boamp_mapa_espaces_verts.json"


@pytest.mark.browser
async def test_import_review_decide_and_match(live_server: str, browser: Any) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    page = await browser.new_page(locale="fr-FR")
    await log_in(page, live_server, "coordination@phare.example")

    nav = page.get_by_role("navigation", name="Navigation principale")
    await nav.get_by_role("link", name="Consultations").click()
    await page.get_by_role("link", name="Importer un avis").click()
    await page.get_by_label("Fichier de l'avis").set_input_files(str(NOTICE))
    await page.get_by_role("button", name="Importer").click()

    await expect(page.get_by_role("status").first).to_contain_text(
        "Avis importé : relisez le brouillon"
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Entretien des espaces verts communautaires (3 lots)"
    )
    await expect(page.get_by_role("note")).to_contain_text("À vérifier")
    lots = page.get_by_role("region", name="Lots")
    await expect(lots.get_by_role("row")).to_have_count(4)  # header + 3 lots
    await expect(lots).to_contain_text("Réservé aux structures d'insertion")
    await expect(page.get_by_role("region", name="Dates limites")).to_contain_text(
        "20 janvier 2025 à 12 h 00"
    )

    await page.get_by_label("Go : le collectif répond").check()
    await page.get_by_label("Adéquation avec nos savoir-faire").fill("5")
    await page.get_by_label("Raisons de la décision").fill(
        "Espaces verts : cœur de métier de trois chantiers d'insertion."
    )
    await page.get_by_role("button", name="Enregistrer la décision").click()
    await expect(page.get_by_role("status").first).to_contain_text("Décision enregistrée : Go")

    await page.get_by_role("link", name="Structures pouvant répondre").click()
    reserved = page.get_by_role("region", name=re.compile("Lot 3"))
    first_row = reserved.get_by_role("row").nth(1)
    await expect(first_row).to_contain_text(re.compile("A.C.I.A.E|Aril|Actif CNT"))
    proposal = page.get_by_role("region", name="Groupement proposé")
    await expect(proposal.get_by_role("cell", name="Mandataire")).to_have_count(1)
    await proposal.get_by_role("button", name="Créer ce groupement en brouillon").click()
    # On to the consortium just created; the matching page shows it first from now on.
    await expect(page.get_by_role("status").first).to_contain_text("Groupement créé en brouillon")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Groupement pour")
    await page.go_back()
    await page.reload()
    await expect(
        page.get_by_role("region", name=re.compile("Groupement déjà constitué"))
    ).to_contain_text("mandataire")
