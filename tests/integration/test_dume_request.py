"""The buyer's ESPD Request of a tender: the coordination uploads the XML found in the tender
documents (API and tender page), Cordée reads the criteria it asks and lists them by kind with
their French titles; a hostile or wrong file is refused in French, with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.espd_support import espd_file
from tests.support import api, csrf, text

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<QualificationApplicationRequest>&lol4;</QualificationApplicationRequest>"""
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]><QualificationApplicationRequest>'
    + b"&a;" * 2_000
    + b"</QualificationApplicationRequest>"
)
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<QualificationApplicationRequest>&secret;</QualificationApplicationRequest>"""


@pytest.fixture
def example() -> bytes:
    return espd_file("xml-examples/ESPD-Request.xml").read_bytes()


@pytest.fixture
async def tender_id(log_in_as: Any) -> int:
    from tests.builders import make_tender
    from tests.support import as_actor

    coordinator = await log_in_as("coordinator")
    tender = await make_tender(as_actor(coordinator), "Maintenance des espaces verts")
    return int(tender.id)


async def _put(client: Any, tender_id: int, name: str, content: bytes) -> Any:
    return await client.put(
        f"/api/tenders/{tender_id}/espd-request",
        files={"file": (name, content, "application/xml")},
        headers={"x-csrftoken": await csrf(client)},
    )


async def _nothing_stored() -> None:
    from tenders.dume.tables import EspdRequestFile
    from tenders.storage.tables import StoredFile

    assert await EspdRequestFile.count() == 0
    assert await StoredFile.count() == 0


async def test_the_official_example_is_read_and_its_criteria_listed_by_kind(
    client: Any, tender_id: int, example: bytes
) -> None:
    from tenders.dume.service import request_for

    response = await _put(client, tender_id, "ESPD-Request.xml", example)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["request"]["filename"] == "ESPD-Request.xml"
    assert body["request"]["version"] == "4.1.0"
    assert body["request"]["reference"] == "PP.20170419.1024-9"
    assert body["request"]["criteria"] == 62
    kinds = [(s["kind"], s["title"], len(s["items"])) for s in body["sections"]]
    assert kinds == [
        ("exclusion", "Motifs d’exclusion", 24),
        ("selection", "Critères de sélection", 31),
        ("other", "Autres critères", 7),
    ]
    first = body["sections"][0]["items"][0]
    assert first["title"] == "Participation à une organisation criminelle"
    assert first["filled_by_cordee"] is True
    selection = {i["code"]: i for i in body["sections"][1]["items"]}
    assert selection["gen-year-to"]["title"] == "Chiffre d’affaires annuel général"
    assert selection["gen-year-to"]["filled_by_cordee"] is True
    assert {"description": "Minimum amount requirement", "value": "100000"} in selection[
        "gen-year-to"
    ]["requirements"]
    assert selection["finan-rat"]["filled_by_cordee"] is False
    assert body["by_hand"] == sum(
        not i["filled_by_cordee"] for s in body["sections"] for i in s["items"]
    )
    assert body["by_hand"] > 0

    read = await request_for(tender_id)
    assert read is not None and len(read.criteria) == 62
    assert read.criteria[0].code == "crime-org"
    assert (await client.get(f"/api/tenders/{tender_id}/espd-request")).json() == body


async def test_a_new_upload_replaces_the_request_and_deleting_it_brings_back_the_defaults(
    client: Any, tender_id: int, example: bytes
) -> None:
    from tenders.dume.checklist import FILLED
    from tenders.dume.service import request_for
    from tenders.dume.tables import EspdRequestFile
    from tenders.espd import criteria

    url = f"/api/tenders/{tender_id}/espd-request"
    without = (await client.get(url)).json()
    assert without["request"] is None
    codes = [i["code"] for s in without["sections"] for i in s["items"]]
    assert codes == [c for c in criteria.DEFAULT_CODES if c in FILLED]
    assert "gen-year-to" in codes and "crime-org" in codes
    assert without["by_hand"] == 0

    assert (await _put(client, tender_id, "premier.xml", example)).status_code == 200
    smaller = example.replace(b"PP.20170419.1024-9", b"REF-2027-004")
    again = await _put(client, tender_id, "second.xml", smaller)
    assert again.json()["request"]["reference"] == "REF-2027-004"
    assert await EspdRequestFile.count() == 1

    deleted = await api(client, "DELETE", url)
    assert deleted.status_code == 204
    assert await request_for(tender_id) is None
    assert (await client.get(url)).json()["request"] is None
    assert (await api(client, "DELETE", url)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("vide.xml", b"", "Le fichier est vide"),
        ("page.xml", b"<html><body/></html>", "Ce fichier n'est pas un DUME d'acheteur"),
        ("bombe.xml", BILLION_LAUGHS, "déclaration d'entité XML"),
        ("quadratique.xml", QUADRATIC, "déclaration d'entité XML"),
        ("externe.xml", EXTERNAL, "déclaration d'entité XML"),
        ("casse.xml", b"<QualificationApplicationRequest", "mal formé"),
    ],
)
async def test_a_wrong_or_hostile_file_is_refused_in_french_with_nothing_stored(
    client: Any, tender_id: int, name: str, content: bytes, says: str
) -> None:
    response = await _put(client, tender_id, name, content)
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "file"
    assert says in error["message"]
    await _nothing_stored()


async def test_a_response_another_version_or_an_oversized_file_is_refused(
    client: Any, tender_id: int, example: bytes
) -> None:
    from tenders.espd.errors import MAX_REQUEST_BYTES

    response_file = espd_file("xml-examples/ESPD-Response.xml").read_bytes()
    older = example.replace(b">4.1.0</cbc:VersionID>", b">3.3.0</cbc:VersionID>")
    oversized = example + b" " * (MAX_REQUEST_BYTES + 1 - len(example))
    for content, says in (
        (response_file, "est une réponse (ESPD Response)"),
        (older, "version « 3.3.0 »"),
        (oversized, "taille maximale de 5 Mo"),
    ):
        refused = await _put(client, tender_id, "dume.xml", content)
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "file"
        assert says in refused.json()["errors"][0]["message"]
    await _nothing_stored()


async def test_the_tender_page_uploads_the_request_and_the_dume_page_lists_its_criteria(
    client: Any, tender_id: int, example: bytes
) -> None:
    page = text(await client.get(f"/consultations/{tender_id}"))
    assert "DUME de l'acheteur" in page
    assert "Déposer le DUME de l'acheteur (XML)" in page
    empty = text(await client.get(f"/consultations/{tender_id}/dume"))
    assert "le DUME de chaque membre répond aux critères par défaut" in empty
    assert "Inscription sur un registre du commerce" in empty
    assert "Ratio financier" not in empty

    sent = await client.post(
        f"/consultations/{tender_id}/dume",
        files={"file": ("ESPD-Request.xml", example, "application/xml")},
        data={"_csrf_token": await csrf(client)},
    )
    assert sent.status_code == 200, sent.text
    listed = text(sent)
    assert "DUME de l'acheteur lu : 62 critères demandés." in listed
    for title in (
        "Participation à une organisation criminelle",
        "Chiffre d’affaires annuel général",
        "Ratio financier",
        "Opérateur économique participant avec d’autres",
    ):
        assert title in listed
    assert "À fournir par le membre" in listed
    assert "ESPD-Request.xml" in text(await client.get(f"/consultations/{tender_id}"))


async def test_the_page_shows_why_a_file_is_refused_next_to_the_field(
    client: Any, tender_id: int
) -> None:
    refused = await client.post(
        f"/consultations/{tender_id}/dume",
        files={"file": ("bombe.xml", BILLION_LAUGHS, "application/xml")},
        data={"_csrf_token": await csrf(client)},
    )
    assert refused.status_code == 422
    shown = text(refused)
    assert 'id="file-error"' in shown
    assert "déclaration d'entité XML : il est refusé par sécurité" in shown
    await _nothing_stored()


async def test_the_api_documents_the_three_operations(client: Any) -> None:
    schema = (await client.get("/api/schema/openapi.json")).json()
    operations = schema["paths"]["/api/tenders/{tender_id}/espd-request"]
    assert {op["operationId"] for op in operations.values() if isinstance(op, dict)} == {
        "getEspdChecklist",
        "uploadEspdRequest",
        "deleteEspdRequest",
    }
