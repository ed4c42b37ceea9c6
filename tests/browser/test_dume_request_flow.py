"""On a phone, the coordination uploads the buyer's ESPD Request from the tender page and reads
the criteria each member's DUME must answer; an XML bomb is refused next to the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.browser.test_page_widths import MEASURE
from tests.espd_support import espd_file
from tests.integration.test_dume_request import BILLION_LAUGHS


@pytest.mark.browser
async def test_the_buyers_request_is_uploaded_and_its_checklist_read_on_a_phone(
    live_server: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.async_api import expect

    from tenders.demo.loader import load_demo
    from tenders.procurement.tables import Tender

    example = espd_file("xml-examples/ESPD-Request.xml")
    await load_demo()
    tender = (await Tender.select(Tender.id).order_by(Tender.id).first())["id"]
    context = await browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = await context.new_page()
    await log_in(page, live_server, "coordination@phare.example")

    await page.goto(f"{live_server}/consultations/{tender}")
    block = page.get_by_role("region", name="DUME de l'acheteur")
    await expect(block).to_contain_text("critères par défaut")
    await block.get_by_label("Déposer le DUME de l'acheteur (XML)").set_input_files(str(example))
    await block.get_by_role("button", name="Lire le DUME de l'acheteur").click()

    await expect(page.get_by_role("status").first).to_contain_text(
        "DUME de l'acheteur lu : 62 critères demandés."
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text("DUME de la consultation")
    selection = page.get_by_role("region", name="Critères de sélection")
    await expect(selection).to_contain_text("Chiffre d’affaires annuel général")
    await expect(selection).to_contain_text("À fournir par le membre")
    await expect(page.get_by_role("region", name="Motifs d’exclusion")).to_contain_text(
        "Participation à une organisation criminelle"
    )
    assert (await page.evaluate(MEASURE))["width"] <= 390

    bomb = tmp_path / "bombe.xml"
    bomb.write_bytes(BILLION_LAUGHS)
    await page.get_by_label("Déposer le DUME de l'acheteur (XML)").set_input_files(str(bomb))
    await page.get_by_role("button", name="Lire le DUME de l'acheteur").click()
    await expect(page.locator("#file-error")).to_contain_text("refusé par sécurité")
    assert (await page.evaluate(MEASURE))["width"] <= 390
    await context.close()
