"""The DUME of the fixed consortium (a mandataire, two co-traitants, a sous-traitant on lot 2
the group relies on; two lots), read from the database the way the compile reads it: one XML
per member and lot, valid against the official schema and every business rule, giving back each
member's SIRET, turnover and lots, and a French summary of each; a missing turnover is a
pre-flight point."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from docx import Document


async def test_the_fixed_consortium_s_dume_are_valid_and_say_each_member_s_siret_turnover_and_lots(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.clock import utcnow
    from tenders.espd.summary import read_response
    from tenders.formatting import amount_fr
    from tenders.members import service as organisations
    from tenders.members.tables import Certificate
    from tenders.packages.context import load_package_data
    from tenders.packages.dume_package import dume_files
    from tests.bids import make_fixed_bid
    from tests.espd_support import insured_amount, validator

    bid = await make_fixed_bid(make_account, make_organisation)
    # Each member's RC Pro paper gives who insures it and the amount guaranteed.
    rc_pro = {
        r["organisation"]: r
        for r in await Certificate.select().where(
            (Certificate.kind == "rc_pro") & Certificate.replaced_at.is_null()
        )
    }
    assert sorted(rc_pro) == sorted(bid.members)
    data = await load_package_data(bid.consortium_id, utcnow())
    assert [g.message for g in data.model.gaps] == []
    files = {f.name: f.data for f in dume_files(data, utcnow(), with_pdf=False)}
    expected = {
        # name: (role code, ESPD lot → file)
        "Poinfor": (
            "group-lead",
            {"LOT-0001": "06_DUME/Poinfor_lot_1.xml", "LOT-0002": "06_DUME/Poinfor_lot_2.xml"},
        ),
        "A.C.I.A.E": ("group-mem", {"LOT-0001": "06_DUME/A.C.I.A.E.xml"}),
        "Handélice": ("group-mem", {"LOT-0002": "06_DUME/Handelice.xml"}),
        "Espoir Avenir": ("oeron", {"LOT-0002": "06_DUME/Espoir_Avenir.xml"}),
    }
    summaries = [
        "06_DUME/A.C.I.A.E_resume.docx",
        "06_DUME/Espoir_Avenir_resume.docx",
        "06_DUME/Handelice_resume.docx",
        "06_DUME/Poinfor_resume.docx",
    ]
    assert sorted(files) == sorted(
        [name for _, lots in expected.values() for name in lots.values()] + summaries
    )
    checker = validator("ESPDResponse")
    for org_id, name in bid.members.items():
        org = await organisations.get_organisation(org_id, bid.actor)
        last_year = max(t.year for t in org.turnover)
        last = next(t.amount for t in org.turnover if t.year == last_year)
        role, lots = expected[name]
        for lot, file in lots.items():
            xml = files[file]
            assert checker.schema_errors(xml) == [], file
            failures = checker.failures(xml)
            assert failures == [], f"{file}: " + "\n".join(map(str, failures))
            back = read_response(xml)
            assert (back.name, back.siret, back.role, back.lot) == (name, org.siret, role, lot)
            assert back.turnovers[-1].end.year == last_year
            assert back.turnovers[-1].amount == last
            insured = rc_pro[org_id]["insured_amount"]
            assert insured_amount(xml) == Decimal(str(insured)).quantize(Decimal("0.01"))
        # The summary says it in French.
        stem = file.split("/")[1].split("_lot_")[0].removesuffix(".xml")
        document = Document(BytesIO(files[f"06_DUME/{stem}_resume.docx"]))
        rows = {r.cells[0].text: r.cells[1].text for t in document.tables for r in t.rows}
        text = "\n".join(p.text for p in document.paragraphs)
        assert rows["SIRET"] == org.siret
        assert rows["Lots"].count("dans le DUME") == len(lots)
        assert rows["Paiement d’impôts et taxes"] == "Non"
        assert f"au 31 décembre {last_year} : {amount_fr(last)}" in text
        insurer = rc_pro[org_id]["insurer"]
        assert f"{insurer} : {amount_fr(Decimal(str(insured)))}" in text
    assert "Espoir Avenir (SIRET" in dict(
        (r.cells[0].text, r.cells[1].text)
        for t in Document(BytesIO(files["06_DUME/Handelice_resume.docx"])).tables
        for r in t.rows
    ).get("Entités aux capacités desquelles il a recours", "")


async def test_a_member_missing_its_last_turnover_gets_a_pre_flight_point_and_no_dume(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.clock import utcnow
    from tenders.members.tables import Turnover
    from tenders.packages.context import load_package_data
    from tenders.packages.preflight import preflight
    from tests.bids import make_fixed_bid

    bid = await make_fixed_bid(make_account, make_organisation)
    espoir = next(org for org, name in bid.members.items() if name == "Espoir Avenir")
    last = max(r["year"] for r in await Turnover.select().where(Turnover.organisation == espoir))
    await Turnover.delete().where((Turnover.organisation == espoir) & (Turnover.year == last))
    blocking = [i for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    assert [i.text for i in blocking] == [
        f"Espoir Avenir — chiffre d'affaires de l'exercice du 1er janvier {last} au 31 "
        f"décembre {last} manquant pour le DUME (dernier exercice clos)."
    ]
    assert blocking[0].link == f"/structures/{espoir}/modifier"
    data = await load_package_data(bid.consortium_id, utcnow())
    assert [d.name for d in data.dumes if d.data is None] == ["Espoir Avenir"]


def test_with_libreoffice_each_summary_has_its_pdf_copy_saying_the_same() -> None:
    import shutil
    import subprocess
    from datetime import UTC, datetime

    from tenders.packages.build import build_package
    from tenders.packages.context import PackageData
    from tenders.packages.demo import demo_facts
    from tenders.packages.dume import add_dumes
    from tenders.packages.dume_package import dume_files
    from tests.conftest import service_missing

    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        service_missing("LibreOffice (soffice) and pdftotext (poppler-utils)")
    facts = demo_facts()
    model = build_package(facts)
    issued = datetime(2027, 3, 12, 11, 0, tzinfo=UTC)
    data = PackageData(model=model, dumes=add_dumes(model, facts, None, issued))
    files = {f.name: f.data for f in dume_files(data, issued, with_pdf=True)}
    pdfs = sorted(n for n in files if n.startswith("pdf/"))
    assert pdfs == [
        "pdf/06_DUME_A.C.I.A.E_resume.pdf",
        "pdf/06_DUME_Capep_resume.pdf",
        "pdf/06_DUME_La_Maison_du_velo_resume.pdf",
        "pdf/06_DUME_Poinfor_resume.pdf",
    ]
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=files["pdf/06_DUME_Capep_resume.pdf"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())  # lines wrapped in table cells joined
    capep = next(m.org for m in facts.members if m.org.name == "Capep")
    assert "DUME de Capep" in text and capep.siret in text
    assert "Participation à une organisation criminelle" in text


async def test_the_dume_page_says_what_each_member_still_lacks(
    client: Any, log_in_as: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia.tables import Consortium
    from tenders.members.tables import Turnover
    from tests.bids import make_fixed_bid
    from tests.support import text

    bid = await make_fixed_bid(make_account, make_organisation)
    tender_id = (await Consortium.select(Consortium.tender).first())["tender"]
    await log_in_as("coordinator")
    ready = text(await client.get(f"/consultations/{tender_id}/dume"))
    assert "Ce que les membres doivent encore fournir" in ready
    assert ready.count("DUME prêt") == 4 and "DUME en attente" not in ready

    espoir = next(org for org, name in bid.members.items() if name == "Espoir Avenir")
    last = max(r["year"] for r in await Turnover.select().where(Turnover.organisation == espoir))
    await Turnover.delete().where((Turnover.organisation == espoir) & (Turnover.year == last))
    page = text(await client.get(f"/consultations/{tender_id}/dume"))
    assert page.count("DUME en attente") == 1 and page.count("DUME prêt") == 3
    assert f"31 décembre {last} manquant pour le DUME" in page
    assert (
        f'href="/structures/{espoir}/modifier"'
        in (await client.get(f"/consultations/{tender_id}/dume")).text
    )
