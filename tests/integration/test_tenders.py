"""Tenders: manual entry, deadlines in Paris time, pipeline, go / no-go, lots."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tenders.procurement.tables import Tender
from tests.support import api, csrf, post_form, text

TENDER = {
    "title": "Entretien des espaces verts de la ville",
    "buyer_name": "Ville de Valenciennes",
    "procedure": "mapa",
    "kind": "services",
    "offers_deadline": "2027-03-26T12:00:00+01:00",
    "questions_deadline": "2027-03-19T12:00:00+01:00",
    "departements": ["59"],
    "lots": [
        {
            "key": "1",
            "title": "Parcs et jardins",
            "cpv_codes": ["77310000-6"],
            "estimated_value": "80000",
        },
        {
            "key": "2",
            "title": "Cimetières",
            "cpv_codes": ["77313000"],
            "estimated_value": "40000",
            "reserved": "insertion",
        },
    ],
}


async def test_a_tender_is_entered_with_lots_and_milestones(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    response = await api(client, "POST", "/api/tenders", TENDER)
    assert response.status_code == 201, response.text
    tender = response.json()
    assert tender["status"] == "veille"
    assert [lot["key"] for lot in tender["lots"]] == ["1", "2"]
    assert tender["estimated_value"] == "120000.00"
    assert [m["kind"] for m in tender["milestones"]] == [
        "go_no_go",
        "contributions",
        "compilation",
        "final_check",
    ]
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert "26 mars 2027 à 12 h 00" in page
    assert "Réservé aux structures d'insertion par l'activité économique" in page
    assert "77310000-6 — Services de plantation et d'entretien" in page
    home = text(await client.get("/tableau-de-bord"))
    assert "Prochaines remises d'offres" in home
    assert "Entretien des espaces verts de la ville" in home


async def test_deadlines_keep_the_buyers_time_across_the_change_of_time(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    summer = {**TENDER, "offers_deadline": "2027-04-02T12:00:00+02:00", "questions_deadline": None}
    tender = (await api(client, "POST", "/api/tenders", summer)).json()
    assert "2 avril 2027 à 12 h 00" in text(await client.get(f"/consultations/{tender['id']}"))
    # Typed in the form in Paris time, the day after the change to summer time.
    response = await post_form(
        client,
        "/consultations/nouvelle",
        {
            "title": "Nettoyage des écoles",
            "offers_date": "2027-03-29",
            "offers_time": "12:00",
            "lot_cpv_codes": "90910000",
            "reserved": "none",
            "lot_reserved": "none",
        },
    )
    assert response.status_code == 200, text(response)
    assert "29 mars 2027 à 12 h 00" in text(response)
    created = await Tender.select(Tender.offers_deadline).where(
        Tender.title == "Nettoyage des écoles"
    )
    # Noon in Paris on 29 March 2027 is 10:00 UTC (summer time, UTC+2).
    assert created[0]["offers_deadline"] == datetime(2027, 3, 29, 10, 0, tzinfo=UTC)


async def test_a_deadline_without_time_is_refused_in_the_form(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    response = await post_form(
        client,
        "/consultations/nouvelle",
        {
            "title": "Sans heure",
            "offers_date": "2027-03-29",
            "offers_time": "",
            "reserved": "none",
            "lot_reserved": "none",
        },
    )
    assert response.status_code == 422
    assert "Indiquez aussi l'heure limite" in text(response)
    assert await Tender.count().where(Tender.title == "Sans heure") == 0


@pytest.fixture
async def tender(client: Any, log_in_as: Any) -> dict[str, Any]:
    """TENDER, created over the API by a coordinator whose session ``client`` keeps."""
    await log_in_as("coordinator")
    return dict((await api(client, "POST", "/api/tenders", TENDER)).json())


async def test_pipeline_moves_only_along_allowed_steps(client: Any, tender: dict[str, Any]) -> None:
    url = f"/api/tenders/{tender['id']}"
    jump = await api(client, "POST", f"{url}/status", {"status": "deposee"})
    assert jump.status_code == 409
    assert "ne peut pas passer à « Déposée »" in jump.json()["detail"]
    no_reason = await api(client, "POST", f"{url}/decision", {"decision": "go", "reasons": ""})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reasons"
    go = await api(
        client,
        "POST",
        f"{url}/decision",
        {
            "decision": "go",
            "reasons": "Cœur de métier de trois structures",
            "fit": 5,
            "capacity": 4,
            "chances": 3,
            "strategic": 5,
        },
    )
    assert go.status_code == 200
    assert go.json()["status"] == "go"
    assert [h["to_status"] for h in go.json()["history"]] == ["go", "a_qualifier"]
    for step in ("en_preparation", "deposee", "gagnee"):
        assert (await api(client, "POST", f"{url}/status", {"status": step})).status_code == 200
    done = await api(client, "POST", f"{url}/status", {"status": "perdue"})
    assert done.status_code == 409
    board = text(await client.get("/consultations?statut=gagnee"))
    assert "Entretien des espaces verts de la ville" in board


async def test_lots_are_added_changed_and_removed_from_the_pages(
    client: Any, tender: dict[str, Any]
) -> None:
    base = f"/consultations/{tender['id']}"

    def lot_form(cpv_codes: str, **fields: str) -> dict[str, str]:
        """Lot 3, « Élagage », of ``cpv_codes``, open to every company."""
        named = {"lot_key": "3", "lot_title": "Élagage", "lot_cpv_codes": cpv_codes}
        return {**named, "lot_reserved": "none", **fields}

    bad = await post_form(client, f"{base}/lots/nouveau", lot_form("77211400-5"))
    assert bad.status_code == 422
    assert "clé de contrôle incorrecte" in text(bad)
    added = await post_form(
        client, f"{base}/lots/nouveau", lot_form("77211400", lot_estimated_value="15 000")
    )
    assert "Lot enregistré." in text(added)
    lots = (await client.get(f"/api/tenders/{tender['id']}")).json()["lots"]
    assert [lot["key"] for lot in lots] == ["1", "2", "3"]
    await post_form(client, f"{base}/lots/{lots[1]['id']}/supprimer", {})
    lots = (await client.get(f"/api/tenders/{tender['id']}")).json()["lots"]
    assert [lot["key"] for lot in lots] == ["1", "3"]


def _zip(entries: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


async def test_consultation_documents_are_attached_checked_and_downloaded(
    client: Any, tender: dict[str, Any]
) -> None:
    from tenders.storage.tables import StoredFile

    url = f"/api/tenders/{tender['id']}/files"

    async def send(name: str, content: bytes) -> Any:
        return await client.post(
            url,
            files={"file": (name, content, "application/pdf")},
            headers={"x-csrftoken": await csrf(client)},
        )

    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    ok = await send("Règlement de la consultation.docx", docx)
    assert ok.status_code == 201, ok.text
    assert ok.json()["filename"] == "Reglement_de_la_consultation.docx"
    dce = await send("DCE.zip", _zip({"RC.pdf": b"%PDF-1.4", "CCTP.pdf": b"%PDF-1.4"}))
    assert dce.json()["content_type"] == "application/zip"
    stored = await StoredFile.count()
    macro = await send(
        "piege.docx", _zip({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\x00"})
    )
    assert macro.status_code == 422 and "macros" in macro.json()["detail"]
    exe = await send("dce.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert exe.status_code == 422
    assert await StoredFile.count() == stored
    listed = (await client.get(url)).json()
    assert [f["filename"] for f in listed] == ["Reglement_de_la_consultation.docx", "DCE.zip"]
    download = await client.get(f"{url}/{listed[0]['id']}")
    assert download.content == docx
    assert download.headers["content-disposition"].startswith("attachment;")
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert "Reglement_de_la_consultation.docx" in page


async def test_the_list_counts_lots_sums_values_and_puts_the_soonest_first(
    make_account: Any,
) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from tenders.procurement import service
    from tenders.procurement.schemas import LotIn, TenderIn
    from tests.support import as_actor

    actor = as_actor(await make_account("coordinator"))
    later = await service.create_tender(
        actor,
        TenderIn(
            title="Plus tard",
            offers_deadline=datetime(2027, 6, 1, 10, tzinfo=UTC),
            lots=[
                LotIn(key="1", title="A", estimated_value=Decimal("1000.10")),
                LotIn(key="2", title="B", estimated_value=Decimal("2000.20")),
                LotIn(key="3", title="C"),
            ],
        ),
    )
    undated = await service.create_tender(actor, TenderIn(title="Sans date"))
    sooner = await service.create_tender(
        actor,
        TenderIn(
            title="Bientôt",
            offers_deadline=datetime(2027, 3, 1, 10, tzinfo=UTC),
            lots=[LotIn(key="1", title="Unique")],
        ),
    )

    listed = await service.tender_page(None, 0, 100)

    assert [t.id for t in listed] == [sooner.id, later.id, undated.id]
    assert [(t.lots, t.estimated_value) for t in listed] == [
        (1, None),
        (3, Decimal("3000.30")),
        (1, None),  # a tender always has at least its single lot
    ]
    assert [t.id for t in await service.tender_page(["veille"], 0, 100)] == [
        sooner.id,
        later.id,
        undated.id,
    ]


async def test_a_tender_in_another_currency_is_shown_in_it_everywhere(
    client: Any, log_in_as: Any
) -> None:
    from decimal import Decimal

    from tenders.formatting import amount_fr

    await log_in_as("coordinator")
    swiss = {
        **TENDER,
        "title": "Entretien des parcs de Genève",
        "currency": "chf",
        "lots": [{**lot, "currency": ""} for lot in TENDER["lots"]],  # the tender's
    }
    response = await api(client, "POST", "/api/tenders", swiss)
    assert response.status_code == 201, response.text
    tender = response.json()
    assert tender["currency"] == "CHF"
    assert [lot["currency"] for lot in tender["lots"]] == ["CHF", "CHF"]
    assert tender["estimated_value"] == "120000.00"  # the sum of the lots, in francs
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert amount_fr(Decimal("120000"), "CHF") + " HT (somme des lots)" in page
    assert amount_fr(Decimal("80000"), "CHF") in page
    plain = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "120 000,00 €" not in plain and "80 000,00 €" not in plain
    listing = text(await client.get("/consultations")).replace("\u202f", " ").replace("\xa0", " ")
    assert "120 000,00 CHF" in listing and "120 000,00 €" not in listing

    # Francs and euros are never added up.
    mixed = {**swiss, "lots": [{**TENDER["lots"][0], "currency": "EUR"}, TENDER["lots"][1]]}
    response = await api(client, "PUT", f"/api/tenders/{tender['id']}", mixed)
    assert response.status_code == 200, response.text
    assert response.json()["estimated_value"] is None
    listed = (await client.get("/api/tenders")).json()
    assert [t["estimated_value"] for t in listed] == [None]

    wrong = await api(client, "PUT", f"/api/tenders/{tender['id']}", {**swiss, "currency": "XYZ"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "currency"


async def test_the_stated_total_and_its_currency_survive_the_edit_form(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    stated = {**TENDER, "estimated_value": "150000", "currency": "GBP"}
    tender = (await api(client, "POST", "/api/tenders", stated)).json()
    assert (tender["estimated_value"], tender["estimated_total"]) == ("150000.00", "150000.00")
    edit = await client.get(f"/consultations/{tender['id']}/modifier")
    assert 'value="150000.00"' in edit.text and 'value="GBP"' in edit.text
    response = await post_form(
        client,
        f"/consultations/{tender['id']}/modifier",
        {
            "title": tender["title"],
            "offers_date": "2027-03-26",
            "offers_time": "12:00",
            "reserved": "none",
            "estimated_value": "150 000",
            "currency": "GBP",
        },
    )
    assert response.status_code == 200, text(response)
    again = (await client.get(f"/api/tenders/{tender['id']}")).json()
    assert (again["estimated_value"], again["currency"]) == ("150000.00", "GBP")
    # A lot edited from its page keeps the currency it had.
    lot = again["lots"][0]
    form = await post_form(
        client,
        f"/consultations/{tender['id']}/lots/{lot['id']}/modifier",
        {
            "lot_key": "1",
            "lot_title": "Parcs",
            "lot_estimated_value": "90 000",
            "lot_currency": lot["currency"],
            "lot_reserved": "none",
        },
    )
    assert form.status_code == 200, text(form)
    lots = (await client.get(f"/api/tenders/{tender['id']}")).json()["lots"]
    assert (lots[0]["estimated_value"], lots[0]["currency"]) == ("90000.00", "GBP")


async def test_a_text_over_its_limit_is_refused_with_the_limit_not_cut(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    long = "Prestations d'entretien. " * 8000  # 200 000 characters
    response = await api(client, "POST", "/api/tenders", {**TENDER, "description": long})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "description",
            "message": "Ce texte compte 199\u202f999 caractères pour 10\u202f000 au plus : "
            "raccourcissez-le.",
        }
    ]
    lot = {**TENDER["lots"][0], "title": "L" * 501}  # type: ignore[dict-item]
    response = await api(client, "POST", "/api/tenders", {**TENDER, "lots": [lot]})
    assert [e["field"] for e in response.json()["errors"]] == ["lots[0].title"]
    page = await post_form(
        client,
        "/consultations/nouvelle",
        {"title": "Entretien", "reserved": "none", "social_clause": "Clause. " * 1000},
    )
    assert page.status_code == 422
    assert "pour 5\u202f000 au plus : raccourcissez-le." in text(page)
    assert await Tender.count() == 0

    created = (await api(client, "POST", "/api/tenders", TENDER)).json()
    url = f"/api/tenders/{created['id']}"
    decision = await api(
        client, "POST", f"{url}/decision", {"decision": "go", "reasons": "x" * 5001}
    )
    assert decision.status_code == 422
    assert decision.json()["errors"][0]["field"] == "reasons"
    assert (await api(client, "GET", url)).json()["status"] == "veille"


async def test_an_imported_notice_keeps_a_long_text_up_to_its_limit_and_says_so(
    client: Any, log_in_as: Any
) -> None:
    import json
    from pathlib import Path

    await log_in_as("coordinator")
    notice = json.loads(
        (Path(__file__).parents[1] / "fixtures/notices/ocds_release_fournitures.json").read_text()
    )
    notice["tender"]["description"] = "Mobilier scolaire. " * 10_000  # 190 000 characters
    response = await client.post(
        "/api/tenders/import",
        files={"file": ("release.json", json.dumps(notice).encode(), "application/json")},
        headers={"x-csrftoken": await csrf(client)},
    )
    assert response.status_code == 201, response.text
    tender = response.json()["tender"]
    assert tender["description"].startswith("Mobilier scolaire. Mobilier scolaire.")
    assert 9_900 < len(tender["description"]) <= 10_000
    warning = (
        "« Mobilier scolaire. Mobilier scolaire. Mo… » : le texte de l'avis compte "
        "189\u202f999 caractères ; seuls les 10\u202f000 premiers ont été repris, "
        "complétez si besoin."
    )
    assert warning in tender["import_warnings"]
    assert "La description dépassait 10 000 caractères" not in " ".join(tender["import_warnings"])
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert "seuls les 10\u202f000 premiers ont été repris" in page
