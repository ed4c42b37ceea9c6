"""A consortium whose mandataire has nobody with an account (Handélice, in the demo): the
coordinator sees the gap, invites knowing who was really mailed, answers for the structure
(the journal says « au nom de »), then invites its director from the composition."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in

TENDER = "Entretien des espaces verts et mobilité douce (démonstration)"


async def _choose(select: Any, name: str) -> None:
    """Select the option that starts with ``name`` (« Handélice (100/100) »)."""
    label = await select.locator("option", has_text=name).first.text_content()
    await select.select_option(label=label.strip())


@pytest.mark.browser
async def test_a_mandataire_without_an_account_is_reached_or_answered_for(
    live_server: str, browser: Any
) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    page = await (await browser.new_context(locale="fr-FR")).new_page()
    await log_in(page, live_server, "coordination@phare.example")
    await page.goto(live_server + "/consultations")
    await page.get_by_role("link", name=re.compile(re.escape(TENDER))).click()
    await page.get_by_role("link", name="Structures pouvant répondre").click()

    # Handélice, whose director has no account, leads lot 1; two structures with one carry
    # the others. Created, the consortium's page opens.
    adjust = page.get_by_role("region", name="Ajuster la proposition")
    for field, name in (("Lot 1", "Handélice"), ("Lot 2", "A.C.I.A.E"), ("Lot 3", "Poinfor")):
        await _choose(adjust.get_by_label(re.compile(f"^{field}")), name)
    await _choose(adjust.get_by_label("Mandataire"), "Handélice")
    await adjust.get_by_role("button", name="Créer le groupement ajusté").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Groupement pour")
    workspace = page.url.split("#")[0]

    gap = page.get_by_role("note").filter(has_text="Personne à joindre")
    await expect(gap).to_contain_text("Personne à joindre chez Handélice.")
    members = page.get_by_role("region", name="Membres")
    handelice = members.get_by_role("row").filter(has=page.get_by_role("link", name="Handélice"))
    await expect(handelice).to_contain_text("Personne à joindre")

    # The invitation counts the structures really mailed and names the one not reached.
    await page.get_by_role("button", name="Inviter les structures pas encore invitées").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "Invitation envoyée à 2 structures. Handélice n'a reçu aucun e-mail"
    )

    # Handélice agreed by phone: the coordination answers for it.
    behalf = page.get_by_role("form", name="Répondre au nom d'une structure")
    await _choose(behalf.get_by_label("Structure"), "Handélice")
    await behalf.get_by_label("Elle accepte").check()
    await behalf.get_by_label("Son commentaire").fill("Accord donné au téléphone.")
    await behalf.get_by_role("button", name="Enregistrer la réponse en son nom").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "Réponse enregistrée au nom de la structure"
    )
    await expect(handelice).to_contain_text("A accepté")
    await page.goto(live_server + "/journal")
    accepted = page.get_by_role("row").filter(has_text="Invitation à un groupement acceptée")
    await expect(accepted).to_contain_text("au nom de Handélice")

    # Its director is invited right from the composition: nobody is left to reach.
    await page.goto(workspace)
    await page.get_by_text("Inviter un·e directeur·rice pour Handélice").click()
    form = page.get_by_role("form", name="Inviter un·e directeur·rice pour Handélice")
    await form.get_by_label("Prénom et nom").fill("Claire Martin")
    await form.get_by_label("Adresse e-mail").fill("direction@handelice.example")
    await form.get_by_role("button", name="Inviter ce directeur ou cette directrice").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "Invitation à créer son compte envoyée à direction@handelice.example"
    )
    await expect(page.get_by_text("Personne à joindre")).to_have_count(0)
