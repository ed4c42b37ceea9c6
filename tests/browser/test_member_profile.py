"""A member director completes the structure's file in Chromium and sees the indicator move."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tenders.storage import placeholder_pdf
from tests.browser.chromium import log_in


def _percent(text: str) -> int:
    match = re.search(r"Fiche complète à (\d+) %", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.browser
async def test_member_director_completes_the_profile(
    live_server: str, browser: Any, make_account: Any, make_organisation: Any
) -> None:
    from playwright.async_api import expect

    org = await make_organisation("Les Jardins du Hainaut")
    member = await make_account("member", organisation_id=org)
    page = await browser.new_page(locale="fr-FR")
    await log_in(page, live_server, member.email, member.password)
    indicator = page.get_by_role("heading", name=re.compile("Fiche complète à"))
    start = _percent(await indicator.inner_text())
    await expect(
        page.get_by_role("link", name="Déposez : Attestation de vigilance URSSAF.")
    ).to_be_visible()

    # The profile.
    await page.get_by_role("link", name="Renseignez le SIRET de la structure.").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fiche de Les Jardins du Hainaut"
    )
    await page.get_by_label("SIRET").fill("732 829 320 0007")  # one digit short
    await page.get_by_label("Forme juridique").fill("Association loi 1901")
    await page.get_by_role("button", name="Enregistrer la fiche").click()
    await expect(page.get_by_role("alert")).to_contain_text("Un SIRET comporte 14 chiffres")
    await expect(page.get_by_label("Forme juridique")).to_have_value(
        "Association loi 1901"
    )  # nothing typed is lost
    await page.get_by_label("SIRET").fill("732 829 320 00074")
    await page.get_by_label("Type de structure").select_option("aci")
    await page.get_by_label("Adresse", exact=True).fill("84 rue du Faubourg de Paris")
    await page.get_by_label("Code postal").fill("59300")
    await page.get_by_label("Personne à contacter").fill("Camille Martin")
    await page.get_by_label("E-mail de contact").fill("contact@jardins.example")
    await page.get_by_label("Salariés permanents").fill("6")
    this_year = date.today().year
    for offset in (1, 2, 3):
        await page.get_by_label(f"Chiffre d'affaires {this_year - offset}").fill(
            f"{100 + offset} 000,00"
        )
    await page.get_by_label("Assureur").fill("Mutuelle Just")
    await page.get_by_label("Fin du contrat").fill((date.today() + timedelta(days=200)).isoformat())
    await page.get_by_role("button", name="Enregistrer la fiche").click()
    await expect(page.get_by_role("status").first).to_contain_text("La fiche est enregistrée.")
    after_profile = _percent(await indicator.inner_text())
    assert after_profile > start

    # A capability with a CPV code.
    await page.get_by_role("link", name="Ajouter un savoir-faire").first.click()
    await page.get_by_label("Intitulé").fill("Entretien d'espaces verts")
    await page.get_by_label("Codes CPV").fill("77310000-6")
    await page.get_by_label("Départements").fill("59, 62")
    await page.get_by_role("button", name="Enregistrer").click()
    await expect(page.get_by_text("77310000-6 — ")).to_be_visible()
    after_capability = _percent(await indicator.inner_text())
    assert after_capability > after_profile

    # An attestation.
    await page.get_by_role("link", name="Attestations", exact=True).click()
    await page.get_by_label("Type de document").select_option("urssaf")
    await page.get_by_label("Délivré le").fill((date.today() - timedelta(days=3)).isoformat())
    await page.get_by_label("Fichier").set_input_files(
        {
            "name": "attestation-urssaf.pdf",
            "mimeType": "application/pdf",
            "buffer": placeholder_pdf("Attestation de vigilance", ["Test navigateur"]),
        }
    )
    await page.get_by_role("button", name="Déposer").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "Attestation de vigilance URSSAF déposée (valide)"
    )
    row = page.get_by_role("row", name=re.compile("Attestation de vigilance URSSAF"))
    await expect(row.get_by_text("Valide", exact=True)).to_be_visible()

    await page.get_by_role("link", name="← Revenir à la fiche").click()
    final = _percent(await indicator.inner_text())
    assert final > after_capability
    await expect(
        page.get_by_role("link", name="Déposez : Attestation de vigilance URSSAF.")
    ).to_have_count(0)
