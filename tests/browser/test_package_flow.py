"""The coordinator compiles the bid package in Chromium, watches it progress, downloads the ZIP."""

from __future__ import annotations

import json
import re
import zipfile
from typing import Any

import pytest

from tests.browser.chromium import log_in

# Member name → how it appears in the file names of the package.
MEMBERS = {
    "Poinfor": "Poinfor",
    "A.C.I.A.E": "A.C.I.A.E",
    "Jardins de l'Écaillon": "Jardins_de_l_Ecaillon",
}
PARTS = [
    ("Compréhension du besoin", "Le besoin est **clair** : tonte, taille et ramassage."),
    ("Moyens humains", "Deux équipes de six salariés en insertion, un encadrant chacune."),
]
# Every text #compile-status shows, kept in sessionStorage so that it survives the reload
# package.js does at the end: "served" is the text a page arrived with, "script" a change made
# while the page stayed (a MutationObserver only sees changes to the document it watches).
RECORDER = """
document.addEventListener("DOMContentLoaded", () => {
  const status = document.getElementById("compile-status");
  if (!status) { return; }
  const log = (how) => {
    const seen = JSON.parse(sessionStorage.getItem("compile-status") || "[]");
    seen.push([how, status.textContent.trim()]);
    sessionStorage.setItem("compile-status", JSON.stringify(seen));
  };
  log("served");
  new MutationObserver(() => log("script")).observe(
    status, { childList: true, characterData: true, subtree: true }
  );
});
"""
IN_PROGRESS = re.compile(r"^(En file d'attente|Compilation en cours) : ")
COUNTED = re.compile(r"\d+ documents? sur (\d+|…)\.$")  # the total is known once started
FINISHED = "Dossier compilé (version 1) : la page se met à jour…"


@pytest.mark.browser
async def test_compile_watch_progress_and_download_the_zip(
    live_server: str, celery_worker: Any, browser: Any, ready_bid: Any
) -> None:
    # The live server runs with --no-local-worker and enqueues on Redis: the session's
    # Celery worker is the one that compiles.
    from playwright.async_api import expect

    bid = await ready_bid(list(MEMBERS), PARTS)
    coordinator, consortium_id = bid.coordinator, bid.consortium_id
    context = await browser.new_context(locale="fr-FR", accept_downloads=True)
    await context.add_init_script(RECORDER)
    page = await context.new_page()
    await log_in(page, live_server, coordinator.email, coordinator.password)
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")

    await page.goto(f"{live_server}/groupements/{consortium_id}")
    dossier = page.locator("#dossier")
    status = dossier.locator("#compile-status")
    await expect(status).to_have_text("Le dossier n'a pas encore été compilé.")
    await expect(dossier.get_by_role("table", name="Versions compilées")).to_have_count(0)

    await dossier.get_by_role("button", name="Compiler le dossier").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "Compilation demandée : l'avancement s'affiche ci-dessous."
    )
    # No reload by the test: package.js follows the job and reloads the page once done.
    versions = dossier.get_by_role("table", name="Versions compilées")
    await expect(versions).to_be_visible(timeout=60_000)
    await expect(status).to_contain_text("Dernière compilation terminée le")
    await expect(dossier.get_by_role("button", name="Compiler le dossier")).to_be_visible()

    seen = json.loads(await page.evaluate("sessionStorage.getItem('compile-status') || '[]'"))
    served = [text for how, text in seen if how == "served"]
    changed = [text for how, text in seen if how == "script"]
    assert served[0] == "Le dossier n'a pas encore été compilé.", seen
    # The page the button led to showed the job waiting or running…
    assert IN_PROGRESS.match(served[1]) and COUNTED.search(served[1]), seen
    # …then the script changed the text in place: the count, or the end of the job.
    assert changed, seen
    assert all(
        (IN_PROGRESS.match(text) and COUNTED.search(text)) or text == FINISHED for text in changed
    ), seen
    assert changed[-1] == FINISHED, seen
    # Its reload brought the finished state, and nothing else was served.
    assert len(served) == 3 and served[2].startswith("Dernière compilation terminée"), seen

    link = versions.get_by_role("link", name=re.compile(r"^Télécharger la version 1 \(ZIP, .+\)$"))
    async with page.expect_download() as download_info:
        await link.click()
    download = await download_info.value
    assert download.suggested_filename == "Dossier_Entretien_des_espaces_verts_v1.zip"
    path = await download.path()
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        readme = archive.read("00_LISEZMOI.txt").decode()
    for expected in ("01_DC1.docx", "06_Memoire_technique.docx", "00_LISEZMOI.txt"):
        assert expected in names, sorted(names)
    for stem in MEMBERS.values():
        assert f"02_DC2_{stem}.docx" in names, sorted(names)
        assert f"certificats/{stem}_URSSAF.pdf" in names, sorted(names)
    assert len([n for n in names if n.startswith("02_DC2_")]) == len(MEMBERS)
    assert "Version 1, compilée par Cordée le" in readme
