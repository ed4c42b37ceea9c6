"""Importing public notices: a draft per notice, updated on re-import, nothing on a bad file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenders.procurement.tables import Lot, Tender
from tests.conftest import ROOT, shared_data
from tests.support import csrf, login, text

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
