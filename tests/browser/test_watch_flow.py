"""The watch in Chromium: the coordination sets what the collective watches, finds the new
notices on « Veille » with their score and the structures that fit, sends one « À qualifier »
and dismisses another with a reason; a director opts in and receives the mail of a
consultation that fits their structure."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.support import text_part
from tests.watch_support import boamp_record

GREEN_SPACES = "77310000"
VEHICLE_REPAIR = "50110000"  # Poinfor's garage


async def _notices_found(*records: dict[str, Any]) -> list[int]:
    """What a run does with the records BOAMP sent: taken in, then ranked."""
    from tenders.watch.intake import take_in
    from tenders.watch.ranking import rank_tenders

    intake = await take_in("boamp", list(records))
    await rank_tenders(intake.created)
    return intake.created


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
async def test_the_coordination_qualifies_and_dismisses_new_notices(
    live_server: str, browser: Any, mailbox: Any
) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
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

    await _notices_found(
        _record(1, "Entretien des espaces verts des écoles", GREEN_SPACES),
        _record(2, "Tonte des espaces verts du cimetière", GREEN_SPACES),
    )
    await nav.get_by_role("link", name="Veille").click()
    await expect(page.locator("#nouveaux")).to_contain_text("2 nouveaux avis depuis votre")
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
    await expect(page.get_by_role("article")).to_have_count(1)

    cemetery = page.get_by_role("article", name=re.compile("Tonte des espaces verts"))
    await cemetery.get_by_text("Écarter", exact=True).click()
    await cemetery.get_by_label("Pourquoi l'écarter ?").fill("Déjà attribué à un autre réseau")
    await cemetery.get_by_role("button", name="Écarter cet avis").click()
    await expect(page.get_by_role("status").first).to_contain_text("Avis écarté")
    await expect(page.get_by_role("heading", name="Aucun avis en veille")).to_be_visible()
    await page.get_by_role("link", name="Passages de la veille").first.click()
    await expect(page).to_have_url(live_server + "/veille/passages")

    # A director asks to be told, and is told of a consultation for their garage.
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
    stop = director.get_by_role("button", name="Ne plus recevoir ces alertes")
    await expect(stop).to_be_visible()
    await _alert(_record(3, "Réparation des véhicules municipaux", VEHICLE_REPAIR))
    [mail] = await mailbox.await_for("direction@poinfor.example")
    assert mail["Subject"] == (
        "Une consultation correspond à votre structure : Réparation des véhicules municipaux"
    )
    assert "correspond à Poinfor" in text_part(mail)
    assert mailbox.to("direction@aciae.example") == []


async def _alert(record: dict[str, Any]) -> None:
    """The end of a run: the directors who asked are told, by real SMTP."""
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer
    from tenders.settings import get_settings
    from tenders.watch.alerts import alert_directors

    settings = get_settings()
    created = await _notices_found(record)
    for mail_id in await alert_directors(created, settings):
        await mail.deliver(mail_id, SMTPMailer(settings), settings)
