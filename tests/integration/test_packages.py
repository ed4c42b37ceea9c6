"""Compiling a consortium's bid package, read back document by document."""

from __future__ import annotations

import asyncio
import hashlib
import zipfile
from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from docx import Document

from tests.bids import DC1_F_RUBRICS, DC1_RUBRICS, HOSTILE, PARTS, Bid, make_bid


async def compile_now(bid: Bid, settings: Any) -> tuple[Any, dict[str, bytes]]:
    from tenders.jobs import COMPILE_PACKAGE, RecordingJobQueue
    from tenders.packages import service

    queue = RecordingJobQueue()
    job = await service.request_compile(bid.actor, bid.consortium_id, queue)
    assert queue.jobs == [(COMPILE_PACKAGE, (job.id,))]
    assert await service.run_job(job.id, settings) == "done"
    done = await service.get_job(bid.actor, job.id)
    name, data = await service.package_zip(bid.actor, bid.consortium_id, done.package_version)
    assert name.startswith("Dossier_Entretien_des_espaces_verts_v")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return done, {info.filename: archive.read(info) for info in archive.infolist()}


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(data)).paragraphs]


def tables(data: bytes) -> list[list[list[str]]]:
    return [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(BytesIO(data)).tables
    ]


# The Word documents of every package of a two-lot tender, whatever its members.
EVERY_PACKAGE = [
    "01_DC1.docx",
    "04_ATTRI1_lot_1.docx",
    "04_ATTRI1_lot_2.docx",
    "05_Annexe_repartition.docx",
    "06_Memoire_technique.docx",
    "07_Convention_de_groupement.docx",
]


def docx_of(pdf_name: str) -> str:
    """The document a PDF copy was made of: « pdf/02_DC2_Poinfor.pdf », and the DUME
    summaries' « pdf/06_DUME_Poinfor_resume.pdf » from « 06_DUME/Poinfor_resume.docx »."""
    stem = pdf_name[4:-4]
    return stem.replace("06_DUME_", "06_DUME/", 1) + ".docx"


def dume_summaries(*members: str) -> list[str]:
    """The French summary of each member's DUME, in its folder."""
    return [f"06_DUME/{member}_resume.docx" for member in members]


def with_every_package(*member_documents: str) -> list[str]:
    """The sorted names of a package's Word documents: ``member_documents`` and the rest."""
    return sorted([*EVERY_PACKAGE, *member_documents])


@pytest.fixture
async def bid(make_account: Any, make_organisation: Any) -> Bid:
    return await make_bid(make_account, make_organisation, ["Poinfor", "A.C.I.A.E", "Capep"])


async def test_package_holds_every_document_named_and_fingerprinted(
    bid: Bid, settings: Any
) -> None:
    from tenders.packages import service

    job, files = await compile_now(bid, settings)

    assert job.status == "done" and job.done == job.total > 0
    docs = sorted(n for n in files if n.endswith(".docx"))
    assert docs == with_every_package(
        "02_DC2_A.C.I.A.E.docx",
        "02_DC2_Capep.docx",
        "02_DC2_Poinfor.docx",
        *dume_summaries("A.C.I.A.E", "Capep", "Poinfor"),
    )
    papers = sorted(n for n in files if n.startswith("certificats/"))
    assert len(papers) == 12
    assert "certificats/Poinfor_URSSAF.pdf" in papers
    assert all(files[n].startswith(b"%PDF") for n in papers)
    # The manifest, in the database and in the ZIP, is the SHA-256 of each file.
    (package,) = await service.list_packages(bid.actor, bid.consortium_id)
    # Each member's DUME, one XML per lot it answers (the bid covers both lots).
    xmls = sorted(n for n in files if n.endswith(".xml"))
    assert xmls == [
        f"06_DUME/{member}_lot_{lot}.xml"
        for member in ("A.C.I.A.E", "Capep", "Poinfor")
        for lot in (1, 2)
    ]
    assert {f.name for f in package.files} == set(docs) | set(papers) | set(xmls)
    for entry in package.files:
        assert hashlib.sha256(files[entry.name]).hexdigest() == entry.sha256
    sums = files["SHA256SUMS.txt"].decode()
    assert f"{package.files[0].sha256}  {package.files[0].name}" in sums
    readme = files["00_LISEZMOI.txt"].decode()
    assert "Version 1, compilée par Cordée le" in readme
    assert package.blocking == 0 and "ATTENTION" not in readme
    # A package ready to go: no draft mark; each document says what it is and when it was made.
    for name in docs:
        document = Document(BytesIO(files[name]))
        header = " ".join(p.text for p in document.sections[0].header.paragraphs)
        assert "BROUILLON" not in header, name
        props = document.core_properties
        assert props.author == "Cordée" and "Entretien des espaces verts" in props.title
        # Created when compiled, not when the template was built.
        assert props.created is not None
        assert abs(props.created - job.created_at) < timedelta(hours=1), name


async def test_dc1_dc2_memoire_and_annex_carry_the_consortium_data(bid: Bid, settings: Any) -> None:
    _, files = await compile_now(bid, settings)

    # DC1 table E: each member on each of its lots, with its SIRET.
    table_e = next(t for t in tables(files["01_DC1.docx"]) if t[0][0] == "N° du lot")
    rows = [" ".join(r) for r in table_e[1:]]
    assert len(rows) == 6  # three members on two lots
    for name, siret in bid.sirets.items():
        assert sum(name in r and siret in r for r in rows) == 2
    # Each DC2 carries its own member's turnover, and only its own.
    for n, name in enumerate(["Poinfor", "A.C.I.A.E", "Capep"], start=1):
        text = "\n".join(
            " ".join(row) for t in tables(files[f"02_DC2_{name}.docx"]) for row in t
        ) + "\n".join(paragraphs(files[f"02_DC2_{name}.docx"]))
        mine = f"{300_000 + 10_000 * n + 5_000 * 2:,}".replace(",", "\u202f")
        assert mine in text, (name, mine)
        assert bid.sirets[name] in text
    # The mémoire: every validated part in order, with its formatting; user text literal.
    memoire = Document(BytesIO(files["06_Memoire_technique.docx"]))
    texts = [p.text for p in memoire.paragraphs]
    positions = [texts.index(title) for title, _ in PARTS]
    assert positions == sorted(positions)
    assert HOSTILE in texts
    assert "49" not in " ".join(t for t in texts if "Prix" in t)
    heading = next(p for p in memoire.paragraphs if p.text == "Enjeux")
    assert heading.style.name.startswith("Heading")
    clair = next(p for p in memoire.paragraphs if "est clair" in p.text)
    assert any(r.bold and r.text == "clair" for r in clair.runs)
    assert any(r.italic and r.text == "précis" for r in clair.runs)
    assert any(p.text == "tonte" and "List" in p.style.name for p in memoire.paragraphs)
    # The annex: one table per lot, its shares and its right total.
    annex = tables(files["05_Annexe_repartition.docx"])
    lot1 = next(t for t in annex if any("10\u202f000,00" in c for row in t for c in row))
    assert "33\u202f000,00\u00a0€" in " ".join(c for row in lot1 for c in row)  # 10+11+12 k€
    annex_text = paragraphs(files["05_Annexe_repartition.docx"])
    assert any("69\u202f000,00\u00a0€" in p for p in annex_text)  # 33 + 36 k€
    # Nothing printed empty, nothing pointing to itself.
    for name, data in files.items():
        if name.endswith(".docx"):
            text = "\n".join(paragraphs(data))
            assert "Fait à ," not in text and "annexe de répartition »" not in text, name


async def test_only_validated_parts_go_in_and_the_others_are_flagged(
    bid: Bid, settings: Any
) -> None:
    from tenders.consortia import sections

    draft = await sections.add_section(
        bid.actor, bid.consortium_id, sections.SectionMetaIn(title="Partie en cours")
    )
    await sections.save(bid.actor, bid.consortium_id, draft.id, "Brouillon interne", 0)

    _, files = await compile_now(bid, settings)

    texts = paragraphs(files["06_Memoire_technique.docx"])
    assert "Partie en cours" not in texts and "Brouillon interne" not in texts
    readme = files["00_LISEZMOI.txt"].decode()
    assert "« Partie en cours » n'est pas validée" in readme


async def test_blocking_items_make_a_draft_package_that_says_so(bid: Bid, settings: Any) -> None:
    from tenders.consortia.tables import ConsortiumMember
    from tenders.packages import service

    await ConsortiumMember.update({ConsortiumMember.invitation: "pending"}).where(
        ConsortiumMember.role == "co_traitant"
    )

    _, files = await compile_now(bid, settings)

    (package,) = await service.list_packages(bid.actor, bid.consortium_id)
    assert package.blocking == 2
    readme = files["00_LISEZMOI.txt"].decode()
    assert "ATTENTION : 2 point(s) bloquant(s)" in readme
    assert "Capep n'a pas encore accepté l'invitation." in readme
    # Every document of a draft package says so, on every page.
    docs = [n for n in files if n.endswith(".docx")]
    assert len(docs) == 12  # the members' DUME summaries too
    for name in docs:
        header = [p.text for p in Document(BytesIO(files[name])).sections[0].header.paragraphs]
        assert "BROUILLON — ne pas déposer" in header, name


async def test_each_compile_is_a_new_version_and_a_job_runs_once(bid: Bid, settings: Any) -> None:
    from tenders.jobs import RecordingJobQueue
    from tenders.packages import service

    first, _ = await compile_now(bid, settings)
    # The same message delivered again, and twice at once: nothing more.
    assert await service.run_job(first.id, settings) == "done"
    second, _ = await compile_now(bid, settings)
    assert (first.package_version, second.package_version) == (1, 2)

    queue = RecordingJobQueue()
    third = await service.request_compile(bid.actor, bid.consortium_id, queue)
    again = await service.request_compile(bid.actor, bid.consortium_id, queue)
    assert again.id == third.id  # a second click while queued: the same job
    results = await asyncio.gather(
        service.run_job(third.id, settings), service.run_job(third.id, settings)
    )
    assert "done" in results
    packages = await service.list_packages(bid.actor, bid.consortium_id)
    assert [p.version for p in packages] == [3, 2, 1]


async def test_a_failed_job_says_why_and_can_be_retried(bid: Bid, settings: Any) -> None:
    from tenders.jobs import RecordingJobQueue
    from tenders.members.tables import Certificate
    from tenders.packages import service
    from tenders.storage import load, store
    from tenders.storage.tables import StoredFile

    paper = (await Certificate.select().where(Certificate.kind == "urssaf").limit(1))[0]
    kept = await load(paper["file_sha256"])
    await StoredFile.delete().where(StoredFile.sha256 == paper["file_sha256"])
    queue = RecordingJobQueue()
    job = await service.request_compile(bid.actor, bid.consortium_id, queue)

    assert await service.run_job(job.id, settings) == "failed"
    failed = await service.get_job(bid.actor, job.id)
    assert "Ce fichier est introuvable" in failed.error
    assert await service.list_packages(bid.actor, bid.consortium_id) == []

    await store(kept, "application/pdf")
    retried = await service.retry(bid.actor, job.id, queue)
    assert retried.status == "queued" and retried.error == ""
    assert await service.run_job(job.id, settings) == "done"
    assert [p.version for p in await service.list_packages(bid.actor, bid.consortium_id)] == [1]


async def test_a_job_whose_worker_died_is_taken_over_after_its_lease(
    bid: Bid, settings: Any
) -> None:
    from datetime import timedelta

    from tenders.clock import utcnow
    from tenders.jobs import RecordingJobQueue
    from tenders.packages import service
    from tenders.packages.tables import CompileJob

    job = await service.request_compile(bid.actor, bid.consortium_id, RecordingJobQueue())
    # A worker took it and died: the job is "running" under a lease nobody renews.
    await CompileJob.update(
        {
            CompileJob.status: "running",
            CompileJob.attempts: 1,
            CompileJob.lease_until: utcnow() + timedelta(minutes=5),
        }
    ).where(CompileJob.id == job.id)
    assert await service.run_job(job.id, settings) == "running"  # still held: left alone
    assert await service.stale_jobs() == []

    await CompileJob.update({CompileJob.lease_until: utcnow() - timedelta(seconds=1)}).where(
        CompileJob.id == job.id
    )
    assert await service.stale_jobs() == [job.id]
    assert await service.run_job(job.id, settings) == "done"
    done = await service.get_job(bid.actor, job.id)
    assert (done.attempts, done.package_version) == (2, 1)


async def test_pdf_copies_are_made_by_libreoffice_when_installed(bid: Bid, settings: Any) -> None:
    import dataclasses
    import shutil

    from tests.conftest import service_missing

    if not shutil.which("soffice"):
        service_missing("LibreOffice (soffice)")
    _, files = await compile_now(bid, dataclasses.replace(settings, compile_pdf="auto"))

    # The DUME summaries' copies sit beside the others: « pdf/06_DUME_Poinfor_resume.pdf ».
    docs = sorted(n[:-5].replace("/", "_") for n in files if n.endswith(".docx"))
    pdfs = sorted(n[4:-4] for n in files if n.startswith("pdf/"))
    assert pdfs == docs  # LibreOffice opened every document
    assert all(files[f"pdf/{name}.pdf"].startswith(b"%PDF") for name in pdfs)
    assert "pdf/06_Memoire_technique.pdf" in files["SHA256SUMS.txt"].decode()
    if shutil.which("pdftotext"):  # the PDF says what the DOCX says
        import subprocess

        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=files["pdf/01_DC1.pdf"],
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert all(siret in text for siret in bid.sirets.values())


def docx_text(data: bytes) -> str:
    document = Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def rubric_headings(data: bytes, level: int = 1) -> list[str]:
    return [
        p.text for p in Document(BytesIO(data)).paragraphs if p.style.name == f"Heading {level}"
    ]


async def test_the_fixed_consortium_gets_the_official_forms_filled_member_by_member(
    make_account: Any, make_organisation: Any, settings: Any
) -> None:
    from tenders.members import service as organisations
    from tests.bids import FIXED, make_fixed_bid

    bid = await make_fixed_bid(make_account, make_organisation)
    job, files = await compile_now_named(bid, settings)
    assert job.status == "done"
    orgs = {
        name: await organisations.get_organisation(org, bid.actor)
        for org, name in bid.members.items()
    }
    docs = sorted(n for n in files if n.endswith(".docx"))
    assert docs == with_every_package(
        "02_DC2_A.C.I.A.E.docx",
        "02_DC2_Handelice.docx",
        "02_DC2_Poinfor.docx",
        "03_DC4_Espoir_Avenir.docx",
        *dume_summaries("A.C.I.A.E", "Espoir_Avenir", "Handelice", "Poinfor"),
    )

    # DC1: rubrics A to G, in order, with their official titles.
    assert rubric_headings(files["01_DC1.docx"]) == DC1_RUBRICS
    assert rubric_headings(files["01_DC1.docx"], 2)[:3] == DC1_F_RUBRICS
    table_e = next(t for t in tables(files["01_DC1.docx"]) if t[0][0] == "N° du lot")
    rows = {(r[0], r[1].split(" (")[0]): r for r in table_e[1:]}
    # Lot by lot; the sous-traitant is no member of the groupement.
    assert sorted(rows) == [
        ("1", "A.C.I.A.E"),
        ("1", "Poinfor"),
        ("2", "Handélice"),
        ("2", "Poinfor"),
    ]
    for (_, name), row in rows.items():
        org = orgs[name]
        for value in (org.siret, org.contact_email, org.contact_phone, org.address, org.town):
            assert value and value in row[1], (name, value)
        services = next(s for n, *_, s in FIXED if n == name)
        assert row[2] == services
    dc1 = docx_text(files["01_DC1.docx"])
    assert "☒ pour tous les lots de la procédure de passation du marché public" in dc1
    assert "L. 5212-1 à L. 5212-11" in dc1
    assert "Fait à Denain, le" in dc1 and "Fait à Cambrai, le" in dc1

    # One DC2 per co-contractor, rubrics A to I, the right article for its kind.
    articles = {"Poinfor": "L. 2113-13", "A.C.I.A.E": "L. 2113-13", "Handélice": "L. 2113-12"}
    for name, article in articles.items():
        data = files[f"02_DC2_{name.replace('é', 'e')}.docx"]
        assert [h.split(" - ")[0] for h in rubric_headings(data)] == list("ABCDEFGHI")
        text = docx_text(data)
        assert f"prévus à l'article {article} du code de la commande publique" in text, name
        other = "L. 2113-12" if article == "L. 2113-13" else "L. 2113-13"
        assert f"article {other} du code" not in text, name
        assert orgs[name].siret in text and orgs[name].representative_name in text
        # The three last closed years at the deadline, with their dates.
        assert "du 1er janvier" in text and "au 31 décembre" in text
    assert "☒ Entreprise adaptée" in docx_text(files["02_DC2_Handelice.docx"])
    # Handélice's lot 2 relies on the sous-traitant (rubric H); A.C.I.A.E's lot 1 does not.
    assert "Espoir Avenir" in docx_text(files["02_DC2_Handelice.docx"])
    assert "Néant : le membre ne s'appuie" in docx_text(files["02_DC2_A.C.I.A.E.docx"])

    # DC4 for the sous-traitant, with the subcontract's duration in months.
    dc4 = files["03_DC4_Espoir_Avenir.docx"]
    assert [h.split(" - ")[0] for h in rubric_headings(dc4)] == list("ABCDEFGHIJKLM")
    text = docx_text(dc4)
    assert orgs["Espoir Avenir"].siret in text and "Fleurissement des tombes" in text
    assert "La durée du contrat de sous-traitance en nombre de mois est de : 36." in text

    # ATTRI1 per lot, with the members of that lot only, their amounts and accounts.
    for lot, present, absent in (("1", "A.C.I.A.E", "Handélice"), ("2", "Handélice", "A.C.I.A.E")):
        data = files[f"04_ATTRI1_lot_{lot}.docx"]
        assert [h.split(" - ")[0] for h in rubric_headings(data)] == list("ABCD")
        text = docx_text(data)
        assert present in text and absent not in text
        assert orgs[present].siret in text

    # The mémoire: « Rôle d'Espoir Avenir », the agreement: « lancée par la Communauté … ».
    assert "Rôle d'Espoir Avenir : Sous-traitant" in docx_text(files["06_Memoire_technique.docx"])
    convention = docx_text(files["07_Convention_de_groupement.docx"])
    assert "lancée par la Communauté d'agglomération de la Porte du Hainaut" in convention
    assert "« Groupement" not in convention


async def compile_now_named(bid: Bid, settings: Any) -> tuple[Any, dict[str, bytes]]:
    from tenders.jobs import RecordingJobQueue
    from tenders.packages import service

    job = await service.request_compile(bid.actor, bid.consortium_id, RecordingJobQueue())
    assert await service.run_job(job.id, settings) == "done"
    done = await service.get_job(bid.actor, job.id)
    _, data = await service.package_zip(bid.actor, bid.consortium_id, done.package_version)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return done, {info.filename: archive.read(info) for info in archive.infolist()}


async def test_the_pdf_copies_read_as_a_buyer_expects(
    make_account: Any, make_organisation: Any, settings: Any
) -> None:
    import dataclasses
    import re
    import shutil
    import subprocess

    from tests.bids import make_fixed_bid
    from tests.conftest import service_missing

    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        service_missing("LibreOffice (soffice) and pdftotext (poppler-utils)")
    bid = await make_fixed_bid(make_account, make_organisation)
    _, files = await compile_now_named(bid, dataclasses.replace(settings, compile_pdf="auto"))

    def pdf_text(name: str) -> str:
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],
            input=files[name],
            capture_output=True,
            check=True,
        ).stdout.decode()

    pdfs = sorted(n for n in files if n.startswith("pdf/"))
    assert len(pdfs) == 14  # ten documents and the four members' DUME summaries
    for name in pdfs:
        text = pdf_text(name)
        assert "Mettre à jour les champs" not in text, name
        assert "Fait à ," not in text, name
        # No field label printed with nothing after it (« Numéro SIRET : » then nothing).
        labels = {
            p.runs[0].text.strip()
            for p in Document(BytesIO(files[docx_of(name)])).paragraphs
            if p.runs and p.runs[0].bold and p.runs[0].text.rstrip().endswith(":")
        }
        # The convention and the DUME summaries state their facts in sentences and tables.
        assert labels or "Convention" in name or "06_DUME" in name, name
        if "06_DUME" in name:
            assert "SIRET" in text and "Motifs d’exclusion" in text.replace("'", "’"), name
        lines = [" ".join(line.split()) for line in text.splitlines()]
        empty = [line for line in lines if line in labels]
        assert empty == [], (name, empty)
    # The mémoire's table of contents lists the parts with their page numbers.
    memoire = pdf_text("pdf/06_Memoire_technique.pdf").split("\f")
    toc_page = next(page for page in memoire if "Sommaire" in page)
    for title, _ in PARTS:
        entry = next(line for line in toc_page.splitlines() if line.startswith(title))
        page = int(re.search(r"(\d+)\s*$", entry).group(1))  # type: ignore[union-attr]
        assert title in memoire[page - 1], (title, page)
    assert "Présentation des membres du groupement" in toc_page


async def test_a_member_is_presented_with_the_part_it_wrote_for_this_bid(
    bid: Bid, settings: Any
) -> None:
    from tenders.consortia import sections
    from tenders.packages.preflight import preflight

    capep = next(org for org, name in bid.members.items() if name == "Capep")
    part = await sections.add_section(
        bid.actor,
        bid.consortium_id,
        sections.SectionMetaIn(title="Présentation de Capep", assignee_id=capep),
    )
    pitch = "Capep loue des vélos à tarif solidaire depuis 2017, dans six communes du lot 2."
    await sections.save(bid.actor, bid.consortium_id, part.id, pitch, part.version)
    await sections.set_status(bid.actor, bid.consortium_id, part.id, "validee")

    warnings = [i.text for i in await preflight(bid.actor, bid.consortium_id) if not i.blocking]
    assert any(t.startswith("Poinfor — pas de présentation rédigée") for t in warnings)
    assert not any(t.startswith("Capep — pas de présentation") for t in warnings)

    _, files = await compile_now(bid, settings)
    memoire = Document(BytesIO(files["06_Memoire_technique.docx"]))
    texts = [p.text for p in memoire.paragraphs]
    start = next(
        n
        for n, p in enumerate(memoire.paragraphs)
        if p.text == "Capep" and "Heading" in p.style.name
    )
    assert pitch in texts[start:]
    assert "Structure de test" not in texts[start : start + 5]  # not its directory blurb
    assert "Présentation de Capep" not in [
        p.text for p in memoire.paragraphs if p.style.name == "Heading 1"
    ]


def rubric_text(data: bytes, heading: str) -> list[str]:
    """The paragraphs of the rubric titled ``heading``, up to the next rubric."""
    found: list[str] = []
    inside = False
    for p in Document(BytesIO(data)).paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == heading
        elif inside:
            found.append(p.text)
    return found


async def test_the_buyer_address_and_a_date_only_deadline_as_the_forms_print_them(
    make_account: Any, make_organisation: Any, settings: Any
) -> None:
    from datetime import date, datetime, time

    from tenders.consortia.tables import Consortium
    from tenders.formatting import PARIS, date_fr
    from tenders.procurement import service as tenders
    from tenders.procurement.imports import as_tender_in
    from tests.bids import make_fixed_bid

    bid = await make_fixed_bid(make_account, make_organisation)
    tender_id = (
        await Consortium.select(Consortium.tender).where(Consortium.id == bid.consortium_id)
    )[0]["tender"]
    # The coordinator corrects the buyer's address; the notice gave the deadline's day only.
    data = as_tender_in(await tenders.get_tender(tender_id))
    data.buyer_address = "Hôtel de ville, 1 place d'Armes, 59300 Valenciennes"
    day = date.today() + timedelta(days=40)
    data.offers_deadline = datetime.combine(day, time(0), tzinfo=PARIS)
    data.offers_time_unknown = True
    await tenders.update_tender(bid.actor, tender_id, data)

    job, files = await compile_now_named(bid, settings)
    assert job.status == "done"
    assert "ATTENTION" not in files["00_LISEZMOI.txt"].decode()

    address = "Adresse : Hôtel de ville, 1 place d'Armes, 59300 Valenciennes"
    buyer = "A - Identification de l'acheteur"
    for name in ("01_DC1.docx", "02_DC2_Poinfor.docx", "03_DC4_Espoir_Avenir.docx"):
        assert address in rubric_text(files[name], buyer), name
    attri1 = files["04_ATTRI1_lot_1.docx"]
    assert address in rubric_text(attri1, "A - Objet de l'acte d'engagement")
    assert address in rubric_text(attri1, "D - Identification et signature de l'acheteur")
    # The day alone: no hour the notice never stated, nothing « to check » sent to the buyer.
    for name in ("01_DC1.docx", "06_Memoire_technique.docx"):
        deadline = [p for p in paragraphs(files[name]) if p.startswith("Date limite")]
        assert deadline == [f"Date limite de remise des offres : {date_fr(day)}"], name
