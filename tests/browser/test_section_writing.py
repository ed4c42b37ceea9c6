"""A director writes their part in Chromium without typing any markup: a word made bold with
the toolbar shows bold in the preview and is saved; a Word document brought in becomes the
text, and the part goes out again as a Word document."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.browser.chromium import log_in
from tests.integration.test_section_writing import DOCX, build_world, word_document


@pytest.mark.browser
async def test_a_director_writes_with_the_toolbar_and_with_word(
    live_server: str, browser: Any, make_account: Any, make_organisation: Any
) -> None:
    from playwright.async_api import expect

    world = await build_world(make_account, make_organisation)
    page = await browser.new_page(locale="fr-FR")
    await log_in(page, live_server, world.director.email, world.director.password)
    await page.goto(live_server + world.page)

    # The script replaced the words about markup with the toolbar.
    area = page.get_by_label("Texte")
    toolbar = page.get_by_role("toolbar", name="Mise en forme")
    await expect(toolbar).to_be_visible()
    await expect(page.locator("#body-hint")).to_contain_text("Sélectionnez des mots")
    await expect(page.locator("#body-hint")).not_to_contain_text("dièse")

    await area.fill("Une équipe engagée.")
    await area.evaluate("area => area.setSelectionRange(11, 18)")  # « engagée »
    await toolbar.get_by_role("button", name="Gras").click()
    preview = page.locator("#body-preview")
    await expect(preview.locator("strong")).to_have_text("engagée")
    await expect(area).to_have_value("Une équipe **engagée**.")
    # Saved a moment after the last change (the form then writes from that version).
    await expect(page.get_by_text("Enregistré automatiquement (version 1).")).to_be_visible(
        timeout=30_000
    )
    await page.get_by_role("button", name="Enregistrer", exact=True).click()
    await expect(page.locator(".flash")).to_contain_text("Texte enregistré.")
    await expect(area).to_have_value("Une équipe **engagée**.")
    await expect(preview.locator("strong")).to_have_text("engagée")

    # A Word document after the text, shown as it will be in the documents.
    await page.get_by_label("Importer un document Word").set_input_files(
        {"name": "equipe.docx", "mimeType": DOCX, "buffer": word_document()}
    )
    await page.get_by_role("button", name="Ajouter à la fin du texte").click()
    await expect(page.locator(".flash")).to_contain_text("Document Word importé")
    await expect(area).to_have_value(
        "Une équipe **engagée**.\n\n# Notre équipe\n\nUne équipe **engagée** et *locale*."
        "\n\n- Espaces verts\n- Vélos"
    )
    await expect(preview.get_by_role("heading", name="Notre équipe")).to_be_visible()
    await expect(preview.locator("li")).to_have_text(["Espaces verts", "Vélos"])

    # The part goes out as a Word document of its own, read back as Word would.
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Télécharger ma partie (Word)").click()
    download = await downloading.value
    assert download.suggested_filename == "Moyens_humains.docx"
    document = Document(io.BytesIO(Path(await download.path()).read_bytes()))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Moyens humains")
    assert ("Heading 1", "Notre équipe") in paragraphs
    assert [text for style, text in paragraphs if style == "List Bullet"] == [
        "Espaces verts",
        "Vélos",
    ]
    bold = {r.text for p in document.paragraphs for r in p.runs if r.bold}
    italic = {r.text for p in document.paragraphs for r in p.runs if r.italic}
    assert bold == {"engagée"} and italic == {"locale"}

    # Ready: one click sends it to the coordination.
    await page.get_by_role("button", name="Envoyer à la relecture").click()
    await expect(page.locator(".flash")).to_contain_text("Statut : À relire.")
    await expect(page.get_by_text("Cette partie est envoyée à la relecture")).to_be_visible()
