"""Coordinator and member director in two Chromium sessions build and write a bid together."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in


@pytest.mark.browser
async def test_build_accept_write_and_validate(live_server: str, browser: Any) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    coordinator = await (await browser.new_context(locale="fr-FR")).new_page()
    director = await (await browser.new_context(locale="fr-FR")).new_page()

    # The coordinator builds the consortium from the proposal and invites.
    await log_in(coordinator, live_server, "coordination@phare.example")
    await coordinator.goto(live_server + "/consultations")
    await coordinator.get_by_role(
        "link", name=re.compile("Entretien des espaces verts et mobilité douce")
    ).click()
    await coordinator.get_by_role("link", name="Structures pouvant répondre").click()
    await coordinator.get_by_role("button", name="Créer ce groupement en brouillon").click()
    await expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Groupement pour")
    await coordinator.get_by_role(
        "button", name="Inviter les structures pas encore invitées"
    ).click()
    await expect(coordinator.get_by_role("status").first).to_contain_text("Invitation envoyée")
    await coordinator.get_by_role("button", name="Créer le plan par défaut").click()
    await expect(coordinator.get_by_role("status").first).to_contain_text("Plan du mémoire créé")
    workspace = coordinator.url.split("#")[0]

    # The director of the lead structure answers and writes its presentation.
    await log_in(director, live_server, "direction@aciae.example")
    invitations = director.get_by_role("heading", name="Invitations à des groupements")
    await expect(invitations).to_be_visible()
    await director.get_by_role(
        "link", name=re.compile("Entretien des espaces verts et mobilité douce")
    ).first.click()
    await director.get_by_label("Oui, nous acceptons").check()
    await director.get_by_label("Commentaire pour la coordination").fill(
        "Avec plaisir : deux équipes disponibles."
    )
    await director.get_by_role("button", name="Envoyer ma réponse").click()
    await expect(director.get_by_role("status").first).to_contain_text(
        "votre réponse est transmise"
    )
    await director.get_by_role("link", name="Présentation de A.C.I.A.E").click()
    await director.get_by_label("Texte").fill(
        "# A.C.I.A.E\nChantier d'insertion à Cambrai.\n- Espaces verts\n- Vélos"
    )
    # No click: the text is saved a couple of seconds after typing stops.
    await expect(director.get_by_text("Enregistré automatiquement (version 1).")).to_be_visible(
        timeout=30_000
    )
    await director.reload()
    await expect(director.get_by_label("Texte")).to_have_value(
        re.compile("Chantier d'insertion à Cambrai")
    )
    await director.get_by_role("button", name="Envoyer à la relecture").click()
    await expect(director.get_by_role("status").first).to_contain_text("Statut : À relire.")
    section_url = director.url

    # The coordinator sees the answer and validates the part.
    await coordinator.goto(workspace)
    await expect(coordinator.get_by_text("A accepté").first).to_be_visible()
    await coordinator.goto(section_url)
    await expect(coordinator.get_by_label("Texte")).to_have_value(
        re.compile("Chantier d'insertion à Cambrai")
    )
    await coordinator.get_by_role("button", name="Valider").click()
    await expect(coordinator.get_by_role("status").first).to_contain_text("Statut : Validée.")
