"""Bid packages and document templates over HTTP: compile, follow, download, upload, refuse."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.support import api, csrf, login, text
from tests.unit.test_documents_render import REFUSALS, docx_bytes, rezip

SHIPPED = Path(__file__).resolve().parents[2] / "templates_docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _run_recorded(jobs: Any, settings: Any) -> None:
    from tenders.jobs import COMPILE_PACKAGE
    from tenders.packages import service

    for name, args in jobs.jobs:
        if name == COMPILE_PACKAGE:
            await service.run_job(args[0], settings)
    jobs.jobs.clear()


async def _upload(client: Any, kind: str, data: bytes, filename: str = "modele.docx") -> Any:
    return await client.post(
        f"/api/document-templates/{kind}",
        files={"file": (filename, data, DOCX)},
        data={"comment": "Nouvelle mise en page"},
        headers={"x-csrftoken": await csrf(client)},
    )


async def _counts() -> tuple[int, int]:
    from tenders.packages.tables import DocumentTemplate
    from tenders.storage.tables import StoredFile

    return await DocumentTemplate.count(), await StoredFile.count()


async def test_coordinator_compiles_follows_and_downloads(
    client: Any,
    other_client: Any,
    jobs: Any,
    settings: Any,
    make_account: Any,
    ready_bid: Any,
    log_in_as: Any,
) -> None:
    from tenders.consortia.tables import ConsortiumMember

    bid = await ready_bid(["Poinfor", "Capep"])
    await log_in_as("coordinator")

    response = await api(client, "POST", f"/api/consortia/{bid.consortium_id}/compile")
    assert response.status_code == 202
    job = response.json()
    assert (job["status"], job["done"], job["download_url"]) == ("queued", 0, None)
    page = await client.get(f"/groupements/{bid.consortium_id}")
    assert f'data-job-url="/api/compile-jobs/{job["id"]}"' in page.text
    assert "Compiler le dossier</button>" not in page.text  # no second click while queued

    await _run_recorded(jobs, settings)
    followed = (await client.get(f"/api/compile-jobs/{job['id']}")).json()
    assert followed["status"] == "done" and followed["done"] == followed["total"] > 0
    assert followed["download_url"] == f"/groupements/{bid.consortium_id}/dossiers/1/zip"

    page = text(await client.get(f"/groupements/{bid.consortium_id}"))
    assert "Prêt à déposer" in page and "Télécharger la version 1 (ZIP" in page
    download = await client.get(followed["download_url"])
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "no-store" in download.headers["cache-control"]
    with zipfile.ZipFile(BytesIO(download.content)) as archive:
        assert "02_DC2_Capep.docx" in archive.namelist()

    # A director of a member structure sees neither the package nor the other's figures.
    (capep,) = [org for org, name in bid.members.items() if name == "Capep"]
    director = await make_account("member", organisation_id=capep)
    assert await ConsortiumMember.exists().where(ConsortiumMember.organisation == capep)
    await login(other_client, director.email)
    assert (await other_client.get(followed["download_url"])).status_code == 403
    assert (await other_client.get(f"/api/compile-jobs/{job['id']}")).status_code == 403
    member_page = text(await other_client.get(f"/groupements/{bid.consortium_id}"))
    assert "Dossier de candidature" not in member_page


async def test_unknown_consortium_and_version_are_404(
    client: Any, ready_bid: Any, log_in_as: Any
) -> None:
    bid = await ready_bid(["Poinfor", "Capep"])
    await log_in_as("coordinator")

    assert (await api(client, "POST", "/api/consortia/99999/compile")).status_code == 404
    missing = await client.get(f"/groupements/{bid.consortium_id}/dossiers/7/zip")
    assert missing.status_code == 404
    assert "Cette version du dossier n'existe pas." in text(missing)
    assert (await client.get("/api/compile-jobs/424242")).status_code == 404


async def test_a_failed_job_is_retried_from_the_page(
    client: Any, jobs: Any, settings: Any, ready_bid: Any, log_in_as: Any
) -> None:
    from tenders.members.tables import Certificate
    from tenders.storage import load, store
    from tenders.storage.tables import StoredFile

    bid = await ready_bid(["Poinfor", "Capep"])
    await log_in_as("coordinator")
    paper = (await Certificate.select().limit(1))[0]
    kept = await load(paper["file_sha256"])
    await StoredFile.delete().where(StoredFile.sha256 == paper["file_sha256"])

    job = (await api(client, "POST", f"/api/consortia/{bid.consortium_id}/compile")).json()
    await _run_recorded(jobs, settings)
    page = text(await client.get(f"/groupements/{bid.consortium_id}"))
    assert "La compilation a échoué :</strong> Ce fichier est introuvable" in page
    assert "Relancer la compilation" in page

    await store(kept, "application/pdf")
    retry = await client.post(
        f"/groupements/{bid.consortium_id}/compilations/{job['id']}/relancer",
        data={"_csrf_token": await csrf(client)},
    )
    assert "Compilation relancée." in text(retry)
    await _run_recorded(jobs, settings)
    done = (await client.get(f"/api/compile-jobs/{job['id']}")).json()
    assert (done["status"], done["package_version"]) == ("done", 1)
    again = await api(client, "POST", f"/api/compile-jobs/{job['id']}/retry")
    assert again.status_code == 409
    assert again.json()["detail"] == "Seule une compilation en échec peut être relancée."


async def test_a_new_template_version_is_used_previewed_and_withdrawn(
    client: Any, jobs: Any, settings: Any, ready_bid: Any, log_in_as: Any
) -> None:
    bid = await ready_bid(["Poinfor", "Capep"])
    await log_in_as("coordinator")
    shipped = (SHIPPED / "dc1.docx").read_bytes()
    document = Document(BytesIO(shipped))
    document.paragraphs[0].insert_paragraph_before("Mise en page du collectif Phare")
    custom = BytesIO()
    document.save(custom)

    response = await _upload(client, "dc1", custom.getvalue(), "DC1 Phare.docx")
    assert response.status_code == 201, response.text
    assert response.json()["version"] == 1
    listing = {k["kind"]: k for k in (await client.get("/api/document-templates")).json()}
    assert listing["dc1"]["in_use"] == 1 and listing["memoire"]["in_use"] == 0
    preview = await client.get("/modeles/dc1/1/apercu")
    assert preview.status_code == 200
    previewed = " ".join(p.text for p in Document(BytesIO(preview.content)).paragraphs)
    assert "Mise en page du collectif Phare" in previewed and "Poinfor" in previewed

    await api(client, "POST", f"/api/consortia/{bid.consortium_id}/compile")
    await _run_recorded(jobs, settings)
    archive = zipfile.ZipFile(
        BytesIO((await client.get(f"/groupements/{bid.consortium_id}/dossiers/1/zip")).content)
    )
    dc1 = [p.text for p in Document(BytesIO(archive.read("01_DC1.docx"))).paragraphs]
    assert "Mise en page du collectif Phare" in dc1

    withdraw = await client.post("/modeles/dc1/1/retirer", data={"_csrf_token": await csrf(client)})
    assert "Version 1 retirée." in text(withdraw)
    listing = {k["kind"]: k for k in (await client.get("/api/document-templates")).json()}
    assert listing["dc1"]["in_use"] == 0
    assert listing["dc1"]["versions"][0]["withdrawn_at"] is not None
    page = text(await client.get("/modeles"))
    assert "Retirée le" in page and "modèle fourni par Cordée" in page


HOSTILE = {
    "sandbox escape": (
        lambda: docx_bytes("{{ cycler.__init__.__globals__ }}"),
        "un élément interne interdit",
    ),
    "unknown variable": (
        lambda: docx_bytes("{{ tender.title }} {{ prix_secret }}"),
        "« prix_secret »",
    ),
    "macros (.docm)": (REFUSALS["docm content type"][0], "contient des macros"),
    "external attached template": (REFUSALS["attached template"][0], "modèle externe"),
    "parent path entry": (REFUSALS["parent path"][0], "chemin interdit"),
    "xml bomb": (REFUSALS["xml bomb"][0], "DTD ou entités"),
    "zip bomb": (REFUSALS["compression ratio bomb"][0], "anormalement volumineux"),
    "ole object": (REFUSALS["ole object"][0], "objets incorporés"),
    "not a docx": (lambda: b"%PDF-1.7\n", "n'est pas un document Word"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
async def test_hostile_templates_are_refused_in_french_and_nothing_is_stored(
    case: str, client: Any, log_in_as: Any
) -> None:
    build, reason = HOSTILE[case]
    await log_in_as("admin")
    before = await _counts()

    response = await _upload(client, "dc1", build())

    assert response.status_code == 422, response.text
    assert reason in response.json()["detail"]
    assert await _counts() == before


async def test_a_docm_file_name_and_a_huge_file_are_refused(client: Any, log_in_as: Any) -> None:
    await log_in_as("admin")
    shipped = (SHIPPED / "dc1.docx").read_bytes()

    docm = await _upload(client, "dc1", shipped, "modele.docm")
    assert docm.status_code == 422 and "macros (.docm)" in docm.json()["detail"]
    huge = await _upload(client, "dc1", shipped + b"\0" * (10 * 1024 * 1024))
    assert huge.status_code == 413
    assert await _counts() == (0, 0)


async def test_the_templates_page_shows_the_refusal_next_to_the_field(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    hostile = rezip(docx_bytes("x"), {"../evil.xml": b"<a/>"})

    response = await client.post(
        "/modeles/memoire",
        files={"file": ("memoire.docx", hostile, DOCX)},
        data={"_csrf_token": await csrf(client)},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Le modèle n'a pas été accepté" in page
    assert 'aria-describedby="file-memoire-error"' in page
    assert "chemin interdit" in page
