"""Importing public notices: a draft per notice, updated on re-import, nothing on a bad file."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tenders.formatting import amount_fr
from tenders.procurement.tables import Lot, Tender
from tests.conftest import ROOT, shared_data
from tests.support import csrf, login, post_form, text

EFORMS = ROOT.parent / "shared" / "data" / "eforms"
FIXTURES = ROOT / "tests" / "fixtures" / "notices"


def _eforms(name: str) -> bytes:
    return shared_data(EFORMS / name)


async def _import(client: Any, content: bytes, name: str = "avis.xml") -> Any:
    return await client.post(
        "/api/tenders/import",
        files={"file": (name, content, "application/octet-stream")},
        headers={"x-csrftoken": await csrf(client)},
    )


async def _coordinator(client: Any, make_account: Any) -> None:
    await login(client, (await make_account("coordinator")).email)


async def test_an_eforms_notice_becomes_a_draft_and_a_second_import_updates_it(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    content = _eforms("cn_24_maximal.xml")
    first = await _import(client, content)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["created"] is True
    tender = body["tender"]
    assert tender["source"] == "eforms"
    assert tender["status"] == "veille"
    assert len(tender["lots"]) > 1
    assert all(lot["cpv_codes"] for lot in tender["lots"])
    again = await _import(client, content)
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["tender"]["id"] == tender["id"]
    assert await Tender.count() == 1
    assert await Lot.count() == len(tender["lots"])


@pytest.mark.parametrize(
    "name", ["cn_24_minimal.xml", "cn_24_open.xml", "cn_24_FRA_comments.xml", "cn-social_24.xml"]
)
async def test_each_real_eforms_notice_is_imported(
    client: Any, make_account: Any, name: str
) -> None:
    await _coordinator(client, make_account)
    response = await _import(client, _eforms(name))
    assert response.status_code == 201, response.text
    tender = response.json()["tender"]
    assert tender["title"]
    assert tender["lots"]
    page = await client.get(f"/consultations/{tender['id']}")
    assert page.status_code == 200


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.glob("*.json") if "attribution" not in p.name)
)
async def test_boamp_and_ocds_records_are_imported(
    client: Any, make_account: Any, name: str
) -> None:
    await _coordinator(client, make_account)
    response = await _import(client, (FIXTURES / name).read_bytes(), name)
    assert response.status_code == 201, response.text
    assert response.json()["tender"]["source"] in {"boamp", "ocds"}


BROKEN = {
    "truncated": None,  # built from a real notice below
    "xxe": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<ContractNotice>&e;</ContractNotice>"
    ),
    "bomb": (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">'
        b"]><ContractNotice>&c;</ContractNotice>"
    ),
    "garbage": b"\x00\x01\x02binary\xff\xfe",
    "other-json": b'{"hello": "world"}',
    "empty": b"",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
async def test_a_file_the_importer_cannot_read_creates_nothing(
    client: Any, make_account: Any, case: str
) -> None:
    await _coordinator(client, make_account)
    content = BROKEN[case]
    if content is None:
        full = _eforms("cn_24_open.xml")
        content = full[: len(full) // 2]
    response = await _import(client, content)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail and detail[0].isupper()  # a French sentence, not a stack trace
    assert "Traceback" not in detail and "/etc/passwd" not in response.text
    assert await Tender.count() == 0


async def test_an_award_notice_is_refused_with_its_reason(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    response = await _import(client, (FIXTURES / "boamp_attribution.json").read_bytes())
    assert response.status_code == 422
    assert "attribution" in response.json()["detail"].lower()
    assert await Tender.count() == 0


async def test_the_import_page_says_what_was_wrong(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    response = await client.post(
        "/consultations/importer",
        data={"pasted": '{"hello": "world"}', "_csrf_token": await csrf(client)},
    )
    assert response.status_code == 422
    assert "ni un avis eForms" in text(response)
    ok = await client.post(
        "/consultations/importer",
        data={
            "pasted": (FIXTURES / "boamp_mapa_espaces_verts.json").read_text(),
            "_csrf_token": await csrf(client),
        },
    )
    assert "Avis importé : relisez le brouillon" in text(ok)


def test_fixture_folder_exists() -> None:
    assert Path(FIXTURES).is_dir()


# --- what real notices taught: corrections by hand, totals, currencies, dates alone -------


class _Form(HTMLParser):
    """The values a browser would send for the form posting to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.values: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = found.get("action") == self.action
        if not self.inside:
            return
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in {"submit", "file"}:
            if found.get("type") in {"checkbox", "radio"} and "checked" not in found:
                return
            self.values[name] = found.get("value", "")
        elif tag == "textarea":
            self.textarea, self.values[name] = name, ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select:
            current = self.values.get(self.select)
            chosen = "selected" in found or current is None
            self.values[self.select] = found.get("value", "") if chosen else str(current)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data


async def _edit_by_hand(client: Any, page: str, changes: dict[str, str]) -> None:
    """Opens ``page`` (an edit form), changes some fields and saves, as a person would."""
    form = _Form(page)
    form.feed((await client.get(page)).text)
    assert form.values, f"no form posting to {page}"
    response = await post_form(client, page, {**form.values, **changes})
    assert response.status_code == 200, text(response)
    assert "erreur" not in text(response).lower()


def _boamp_notice(**fields: Any) -> bytes:
    """A BOAMP record like the DILA's, with two lots and neither places nor social clause."""
    donnees = {
        "MAPA": {
            "initial": {
                "description": {"objet": "Entretien des espaces verts des écoles"},
                "lots": {
                    "lot": [
                        {"num": "1", "intitule": "Écoles du nord", "cpv": "77310000"},
                        {"num": "2", "intitule": "Écoles du sud", "cpv": "77313000"},
                    ]
                },
            }
        }
    }
    record: dict[str, Any] = {
        "idweb": "31-0042",
        "objet": "Entretien des espaces verts des écoles",
        "nomacheteur": "Ville de Denain",
        "datelimitereponse": "2031-05-14T12:00:00",
        "nature_libelle": "Avis de marché",
        "etat": "INITIAL",
        "type_marche": ["SERVICES"],
        "procedure_libelle": "Procédure adaptée",
        "donnees": json.dumps(donnees),
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False).encode()


async def test_a_reimport_keeps_what_the_coordinator_corrected_by_hand(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    first = (await _import(client, _boamp_notice(), "avis.json")).json()["tender"]
    assert (first["social_clause"], first["departements"]) == ("", [])
    tender_id = first["id"]
    lot_one = next(lot for lot in first["lots"] if lot["key"] == "1")

    clause = "Clause sociale : 300 heures d'insertion par an."
    await _edit_by_hand(
        client,
        f"/consultations/{tender_id}/modifier",
        {"social_clause": clause, "departements": "59, 62"},
    )
    await _edit_by_hand(
        client,
        f"/consultations/{tender_id}/lots/{lot_one['id']}/modifier",
        {"lot_cpv_codes": "77310000-6, 77314000-4"},
    )

    # The buyer publishes a new version: new title, new deadline, lot 2 renamed.
    again = await _import(
        client,
        _boamp_notice(
            objet="Entretien des espaces verts des écoles et crèches",
            datelimitereponse="2031-05-21T12:00:00",
            etat="RECTIFICATIF",
        ),
        "avis.json",
    )
    assert again.status_code == 200, again.text
    body = again.json()
    tender = body["tender"]
    assert tender["social_clause"] == clause
    assert tender["departements"] == ["59", "62"]
    lots = {lot["key"]: lot for lot in tender["lots"]}
    assert lots["1"]["cpv_codes"] == ["77310000", "77314000"]
    # What was not corrected follows the notice.
    assert tender["title"] == "Entretien des espaces verts des écoles et crèches"
    assert tender["offers_deadline"].startswith("2031-05-21T1")
    assert lots["2"]["cpv_codes"] == ["77313000"]
    messages = [d["message"] for d in body["differences"]]
    assert messages == [
        "Clause sociale : l'avis dit « — », vous aviez corrigé en « " + clause + " ». "
        "Votre correction est gardée.",
        "Départements d'exécution : l'avis dit « — », vous aviez corrigé en « 59, 62 ». "
        "Votre correction est gardée.",
        "Lot 1 : codes CPV : l'avis dit « 77310000-6 », vous aviez corrigé en « 77310000-6, "
        "77314000-4 ». Votre correction est gardée.",
    ]
    assert body["differences"] == tender["import_differences"]
    page = text(await client.get(f"/consultations/{tender_id}"))
    assert "Vos corrections gardées au dernier import" in page
    assert all(message in page for message in messages)

    # A third import through the page: the corrections are still kept and still listed.
    response = await client.post(
        "/consultations/importer",
        data={"pasted": _boamp_notice().decode(), "_csrf_token": await csrf(client)},
    )
    page = text(response)
    assert "vos corrections sont gardées là où l'avis dit autre chose" in page
    assert clause in page and messages[1] in page
    again = (await client.get(f"/api/tenders/{tender_id}")).json()
    assert again["title"] == "Entretien des espaces verts des écoles"  # the notice's again


async def test_what_the_notice_catches_up_with_is_no_longer_a_correction(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    tender = (await _import(client, _boamp_notice(), "avis.json")).json()["tender"]
    await _edit_by_hand(client, f"/consultations/{tender['id']}/modifier", {"departements": "59"})
    body = (await _import(client, _boamp_notice(code_departement=["59"]), "avis.json")).json()
    assert body["differences"] == []
    # The notice says 59 as the coordinator did: the next change of the notice is taken.
    body = (await _import(client, _boamp_notice(code_departement=["62"]), "avis.json")).json()
    assert body["tender"]["departements"] == ["62"]


def _hundred_lots() -> bytes:
    """cn_24_maximal with 100 lots valued 9,999,999.99 € each, its procedure stating a total
    of 9,999,999.99 € (BT-27 of the procedure)."""
    data = _eforms("cn_24_maximal.xml")
    start = data.index(b'<cac:ProcurementProjectLot>\n\t\t<cbc:ID schemeName="Lot">LOT-0001')
    end = data.index(b"</cac:ProcurementProjectLot>", start) + len(b"</cac:ProcurementProjectLot>")
    second = data.index(b"<cac:ProcurementProjectLot>", end)
    second_end = data.index(b"</cac:ProcurementProjectLot>", second) + len(
        b"</cac:ProcurementProjectLot>"
    )
    lot = data[start:end]
    copies = b"\n\t".join(
        lot.replace(b">LOT-0001<", f">LOT-{n:04d}<".encode()) for n in range(1, 101)
    )
    return data[:start] + copies + data[end:second] + data[second_end:]


async def test_the_total_a_notice_states_is_shown_not_the_sum_of_its_lots(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    response = await _import(client, _hundred_lots())
    assert response.status_code == 201, response.text
    tender = response.json()["tender"]
    assert len(tender["lots"]) == 100
    stated = amount_fr(Decimal("9999999.99"))
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert "999 999 999" not in page.replace("\u202f", " ").replace("\xa0", " ")
    assert f"{stated} HT" in page
    assert tender["estimated_value"] == "9999999.99"
    assert tender["currency"] == "EUR"
    listed = (await client.get("/api/tenders")).json()
    assert [t["estimated_value"] for t in listed] == ["9999999.99"]
    assert stated in text(await client.get("/consultations"))


async def test_a_notice_in_pounds_stays_in_pounds(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    response = await _import(
        client, (FIXTURES / "ocds_uk_classification_gbp.json").read_bytes(), "release.json"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    tender = body["tender"]
    assert tender["currency"] == "GBP"
    assert [(lot["estimated_value"], lot["currency"]) for lot in tender["lots"]] == [
        ("150000.00", "GBP"),
        ("100000.00", "GBP"),
    ]
    assert tender["lots"][0]["cpv_codes"] == ["77314000"]
    assert not any("Aucun code CPV" in w for w in body["warnings"])
    assert any("exprimés en GBP (livre sterling), pas en euros" in w for w in body["warnings"])
    assert any("Cet avis semble étranger" in w for w in body["warnings"])
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert amount_fr(Decimal("250000"), "GBP") + " HT" in page
    assert amount_fr(Decimal("150000"), "GBP") in page
    for euros in ("250 000,00 €", "150 000,00 €", "100 000,00 €"):
        assert euros not in page.replace("\u202f", " ").replace("\xa0", " ")
    listing = text(await client.get("/consultations")).replace("\u202f", " ").replace("\xa0", " ")
    assert "250 000,00 £GB" in listing and "250 000,00 €" not in listing


async def test_a_deadline_known_by_its_date_only(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    response = await _import(
        client, _boamp_notice(datelimitereponse="2031-05-14T00:00:00+00:00"), "avis.json"
    )
    assert response.status_code == 201, response.text
    body = response.json()
    tender = body["tender"]
    page = text(await client.get(f"/consultations/{tender['id']}"))
    # Not « 14 mai 2031 à 2 h 00 » (midnight UTC), nor any hour the notice did not give.
    assert not re.search(r"14 mai 2031 à \d+ h", page)
    assert "14 mai 2031" in page and "Heure à vérifier" in page
    assert tender["offers_time_unknown"] is True
    assert any(
        "ne donne que la date de remise des offres (14 mai 2031)" in w for w in body["warnings"]
    )
    listing = text(await client.get("/consultations"))
    assert "14 mai 2031, heure à vérifier" in listing

    # Saving the form without an hour keeps the date alone; typing one makes it known.
    edit = f"/consultations/{tender['id']}/modifier"
    await _edit_by_hand(client, edit, {"description": "Relu."})
    kept = (await client.get(f"/api/tenders/{tender['id']}")).json()
    assert (kept["offers_deadline"], kept["offers_time_unknown"]) == (
        tender["offers_deadline"],
        True,
    )
    await _edit_by_hand(client, edit, {"offers_time": "16:00"})
    page = text(await client.get(f"/consultations/{tender['id']}"))
    assert "14 mai 2031 à 16 h 00" in page and "Heure à vérifier" not in page


async def test_a_past_or_foreign_notice_is_pointed_out(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    past = await _import(client, _boamp_notice(datelimitereponse="2020-01-10T12:00:00"), "a.json")
    assert (
        "La date limite de remise des offres (10 janvier 2020 à 12 h 00) est déjà passée : "
        "cet avis n'est peut-être plus d'actualité."
    ) in past.json()["warnings"]
    scottish = (await _import(client, _eforms("cn_24_open.xml"))).json()
    assert (
        "Cet avis semble étranger (lieu d'exécution : Royaume-Uni ; acheteur : Royaume-Uni) : "
        "vérifiez que le collectif peut y répondre."
    ) in scottish["warnings"]
    page = text(await client.get(f"/consultations/{scottish['tender']['id']}"))
    assert "Cet avis semble étranger" in page


async def test_a_date_only_deadline_is_reminded_the_morning_of_its_day(
    client: Any, make_account: Any, settings: Any
) -> None:
    from zoneinfo import ZoneInfo

    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep
    from tenders.reminders.tables import ScheduledReminder

    paris = ZoneInfo("Europe/Paris")
    await _coordinator(client, make_account)
    notice = _boamp_notice(datelimitereponse="2031-05-14T00:00:00+00:00")
    tender = (await _import(client, notice, "avis.json")).json()["tender"]
    await Tender.update({Tender.status: "go"}).where(Tender.id == tender["id"])

    await plan(datetime(2031, 5, 1, 9, 0, tzinfo=paris))
    offers = await ScheduledReminder.select().where(ScheduledReminder.rule == "offers")
    due = {r["occurrence"].partition("@")[0]: r["due_at"].astimezone(paris) for r in offers}
    assert due["J-1"] == datetime(2031, 5, 13, 8, 0, tzinfo=paris)
    assert due["jour-J"] == datetime(2031, 5, 14, 8, 0, tzinfo=paris)

    await sweep(settings, datetime(2031, 5, 14, 8, 5, tzinfo=paris))
    [mail] = await OutgoingMail.select().where(
        OutgoingMail.subject.like("Remise des offres aujourd'hui%")
    )
    assert "au plus tard le 14 mai 2031 (heure à vérifier)" in mail["body_text"]
    assert " h 00" not in mail["body_text"]


async def test_lots_and_long_texts_changed_by_hand_survive_a_reimport(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    tender = (await _import(client, _boamp_notice(), "avis.json")).json()["tender"]
    base = f"/consultations/{tender['id']}"
    description = "Entretien des pelouses, haies et massifs des écoles. " * 8  # 400 characters
    await _edit_by_hand(client, f"{base}/modifier", {"description": description})
    lot_two = next(lot for lot in tender["lots"] if lot["key"] == "2")
    await post_form(client, f"{base}/lots/{lot_two['id']}/supprimer", {})
    await post_form(
        client,
        f"{base}/lots/nouveau",
        {
            "lot_key": "3",
            "lot_title": "Crèches",
            "lot_cpv_codes": "77310000",
            "lot_reserved": "none",
        },
    )

    body = (await _import(client, _boamp_notice(), "avis.json")).json()
    again = body["tender"]
    assert again["description"] == description.strip()
    # Lot 2 stays deleted, lot 3 added by hand stays.
    assert [lot["key"] for lot in again["lots"]] == ["1", "3"]
    messages = [d["message"] for d in body["differences"]]
    assert "Lot 2 : l'avis le compte toujours, vous l'aviez supprimé. Il reste supprimé." in (
        messages
    )
    assert any(m.startswith("Description : l'avis dit « ") for m in messages)


def _boamp_with_address(street: str, **fields: Any) -> bytes:
    record = json.loads(_boamp_notice(**fields))
    donnees = json.loads(record["donnees"])
    donnees["MAPA"]["initial"]["organisme"] = {
        "nom": "Ville de Denain",
        "adr": {"voie": street, "cp": "59220", "ville": "Denain"},
    }
    record["donnees"] = json.dumps(donnees, ensure_ascii=False)
    return json.dumps(record, ensure_ascii=False).encode()


async def test_the_buyer_address_is_read_and_a_hand_correction_survives_a_reimport(
    client: Any, make_account: Any
) -> None:
    await _coordinator(client, make_account)
    first = (await _import(client, _boamp_with_address("Place Baudin"), "avis.json")).json()
    tender_id = first["tender"]["id"]
    assert first["tender"]["buyer_address"] == "Place Baudin, 59220 Denain"
    assert "Place Baudin, 59220 Denain" in text(await client.get(f"/consultations/{tender_id}"))

    corrected = "Hôtel de ville, place Baudin, BP 129, 59220 Denain"
    await _edit_by_hand(
        client, f"/consultations/{tender_id}/modifier", {"buyer_address": corrected}
    )
    body = (
        await _import(
            client, _boamp_with_address("1 place Baudin", etat="RECTIFICATIF"), "avis.json"
        )
    ).json()
    assert body["tender"]["buyer_address"] == corrected
    assert [d["message"] for d in body["differences"]] == [
        "Adresse de l'acheteur : l'avis dit « 1 place Baudin, 59220 Denain », vous aviez "
        f"corrigé en « {corrected} ». Votre correction est gardée."
    ]
    page = text(await client.get(f"/consultations/{tender_id}"))
    assert corrected in page


async def test_an_address_not_corrected_follows_the_notice(client: Any, make_account: Any) -> None:
    await _coordinator(client, make_account)
    await _import(client, _boamp_with_address("Place Baudin"), "avis.json")
    body = (await _import(client, _boamp_with_address("1 place Baudin"), "avis.json")).json()
    assert body["tender"]["buyer_address"] == "1 place Baudin, 59220 Denain"
    assert body["differences"] == []
