"""The demo director of Poinfor finds on their home the consortium they lead and what it
expects of them; a part they send for review leaves the parts to write."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.browser.chromium import log_in

DEMO_TENDER = "Espaces verts et location solidaire de vélos (démonstration)"
PART = "Planning d'intervention"


async def _give_poinfor_a_part() -> None:
    """The coordination gives Poinfor one more part of the demo consortium, due in a week."""
    from tenders.accounts.schemas import CurrentUser
    from tenders.accounts.tables import User
    from tenders.clock import utcnow
    from tenders.consortia import sections
    from tenders.consortia.tables import Consortium
    from tenders.members.tables import Organisation

    admin = await User.select(User.id, User.email, User.full_name).where(User.role == "admin")
    actor = CurrentUser(**admin[0], role="admin", organisation_id=None, organisation_name=None)
    poinfor = await Organisation.select(Organisation.id).where(Organisation.slug == "poinfor")
    led = await Consortium.select(Consortium.id).where(Consortium.lead == poinfor[0]["id"])
    due = utcnow() + timedelta(days=7)
    meta = sections.SectionMetaIn(title=PART, assignee_id=poinfor[0]["id"], due_at=due)
    await sections.add_section(actor, led[0]["id"], meta)


@pytest.mark.browser
async def test_the_demo_director_sees_the_consortium_they_lead(
    live_server: str, browser: Any
) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo

    await load_demo()
    await _give_poinfor_a_part()
    page = await browser.new_page(locale="fr-FR", viewport={"width": 390, "height": 844})
    await log_in(page, live_server, "direction@poinfor.example")

    consortia = page.locator("section", has=page.get_by_role("heading", name="Vos groupements"))
    card = consortia.locator(".card", has=page.get_by_role("link", name=DEMO_TENDER))
    await expect(card).to_contain_text("Votre rôle : mandataire")
    await expect(card).to_contain_text(
        re.compile(
            r"Remise des offres : \d{1,2}(er)? \w+ \d{4} à \d{1,2} h \d\d \(dans \d+ jours\)"
        )
    )
    await expect(card).to_contain_text("1 partie du mémoire à écrire")
    todo = page.locator("section", has=page.get_by_role("heading", name="À faire"))
    to_write = todo.locator(
        ".card", has=page.get_by_role("heading", name="Parties du mémoire à écrire")
    )
    await expect(to_write).to_contain_text(f"{PART} — {DEMO_TENDER} · à rédiger · à rendre le ")
    await expect(page.get_by_text("apparaîtront ici")).to_have_count(0)
    await expect(page.get_by_text("ne prépare aucune candidature")).to_have_count(0)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the home is {width} px wide on a phone"

    await to_write.get_by_role("link", name=PART).click()
    await page.get_by_role("button", name="Envoyer à la relecture").click()
    await expect(page.locator(".flash")).to_contain_text("Statut : À relire.")
    await page.goto(live_server + "/tableau-de-bord")
    await expect(page.get_by_role("heading", name="Parties du mémoire à écrire")).to_have_count(0)
    await expect(card).to_contain_text(
        f"Aucune partie du mémoire à écrire · envoyée à la relecture : {PART}"
    )
