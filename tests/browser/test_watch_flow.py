"""The watch in Chromium, with the served app and a real worker reading a local BOAMP: a
director opts in to the alerts; the coordination sets what the collective watches, runs the
watch with « Lancer maintenant », finds the new notices on « Veille » with their score and the
structures that fit, sends one « À qualifier » and dismisses another with a reason; the
director receives the mail of the consultation that fits their structure."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.support import text_part
from tests.watch_support import boamp_record, sources_publishing

GREEN_SPACES = "77310000"
VEHICLE_REPAIR = "50110000"  # Poinfor's garage


def _record(number: int, title: str, cpv: str) -> dict[str, Any]:
    return boamp_record(
        number,
        objet=title,
        folder_id=f"dossier-{number}",
        cpv=cpv,
        departements=["59"],
        buyer="Métropole européenne de Lille",
    )


@pytest.mark.browser
@pytest.mark.worker
async def test_the_coordination_runs_the_watch_and_qualifies_new_notices(
    live_server: str, celery_worker: Any, public_sources: Any, browser: Any, mailbox: Any
) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    # A director asks to be told of the consultations that fit their structure.
    director = await browser.new_page(locale="fr-FR")
    await log_in(director, live_server, "direction@poinfor.example")
    await expect(
        director.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Veille"
        )
    ).to_have_count(0)
    await director.goto(live_server + "/compte/rappels")
    await director.get_by_role("button", name="Recevoir ces alertes").click()
    await expect(director.get_by_role("status").first).to_contain_text("Vous serez prévenu·e")
    await expect(
        director.get_by_role("button", name="Ne plus recevoir ces alertes")
    ).to_be_visible()

    page = await browser.new_page(locale="fr-FR")
    await log_in(page, live_server, "coordination@phare.example")
    nav = page.get_by_role("navigation", name="Navigation principale")
    await nav.get_by_role("link", name="Veille").click()
    await expect(page).to_have_url(live_server + "/veille")
    await expect(page.get_by_role("heading", name="Aucun avis en veille")).to_be_visible()

    await page.get_by_role("link", name="Régler ce que le collectif surveille").click()
    await page.get_by_label("Mots-clés").fill("espaces verts, véhicules")
    await page.get_by_role("button", name="Enregistrer").click()
    await expect(page.get_by_role("status").first).to_contain_text("Profil de veille enregistré.")

    public_sources.route = sources_publishing(
        [
            _record(1, "Entretien des espaces verts des écoles", GREEN_SPACES),
            _record(2, "Tonte des espaces verts du cimetière", GREEN_SPACES),
            _record(3, "Réparation des véhicules municipaux", VEHICLE_REPAIR),
        ]
    )
    await page.goto(live_server + "/veille/passages")
    await page.get_by_role("button", name="Lancer maintenant").click()
    await expect(page.get_by_role("status").first).to_contain_text("La veille est lancée")
    boamp = page.get_by_role("row", name=re.compile("^BOAMP"))
    for _ in range(60):  # the worker runs it: the page says when it is done
        await page.reload()
        if await boamp.count() and "Terminé" in await boamp.first.inner_text():
            break
        await page.wait_for_timeout(500)
    await expect(boamp.first).to_contain_text("Terminé")

    await nav.get_by_role("link", name="Veille").click()
    await expect(page.locator("#nouveaux")).to_contain_text("3 nouveaux avis depuis votre")
    schools = page.get_by_role("article", name=re.compile("Entretien des espaces verts"))
    await expect(schools).to_contain_text("Nouveau")
    await expect(schools).to_contain_text(re.compile(r"Score \d+/100"))
    await expect(schools).to_contain_text("Métropole européenne de Lille")
    await expect(schools).to_contain_text("15 janvier 2027 à 12 h 00")
    await expect(schools.get_by_role("link", name="Avis BOAMP")).to_be_visible()
    await page.set_viewport_size({"width": 390, "height": 844})  # a phone: no sideways scroll
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await page.set_viewport_size({"width": 1280, "height": 800})
    await schools.get_by_role("button", name="À qualifier").click()
    await expect(page.get_by_role("status").first).to_contain_text("Avis passé « À qualifier »")
    await expect(page.get_by_role("article")).to_have_count(2)

    cemetery = page.get_by_role("article", name=re.compile("Tonte des espaces verts"))
    await cemetery.get_by_text("Écarter", exact=True).click()
    await cemetery.get_by_label("Pourquoi l'écarter ?").fill("Déjà attribué à un autre réseau")
    await cemetery.get_by_role("button", name="Écarter cet avis").click()
    await expect(page.get_by_role("status").first).to_contain_text("Avis écarté")
    await expect(page.get_by_role("article")).to_have_count(1)

    # The run told the director who asked, and only them, of the garage's consultation.
    [mail] = await mailbox.await_for("direction@poinfor.example")
    assert mail["Subject"] == (
        "Une consultation correspond à votre structure : Réparation des véhicules municipaux"
    )
    assert "correspond à Poinfor" in text_part(mail)
    assert mailbox.to("direction@aciae.example") == []
