"""The watch's pure parts: queries built, answers checked, records sorted, waits read."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

import pytest

from tenders.settings import load_settings
from tenders.watch import boamp, ted
from tenders.watch.http import parse_json, retry_after
from tenders.watch.results import WRONG_SHAPE, FetchResult, SourceError


def test_boamp_where_clause_and_page_params() -> None:
    params = boamp.page_params(date(2026, 12, 1), date(2026, 12, 3), 200, "code_departement='69'")
    assert params == {
        "where": "dateparution >= date'2026-12-01' and dateparution <= date'2026-12-03'"
        " and (code_departement='69')",
        "order_by": "dateparution, idweb",
        "limit": 100,
        "offset": 200,
    }


def test_boamp_profile_filter() -> None:
    assert boamp.profile_filter() == ""
    assert boamp.profile_filter(["69", "2A"], ["SERVICES"]) == (
        '(code_departement = "69" or code_departement = "2A") and (type_marche = "SERVICES")'
    )
    assert boamp.profile_filter(['6"9) or (1=1']) == '(code_departement = "69) or (1=1")'


def test_boamp_windows_split_in_two_halves() -> None:
    assert boamp.split(date(2026, 12, 1), date(2026, 12, 4)) == (
        (date(2026, 12, 1), date(2026, 12, 2)),
        (date(2026, 12, 3), date(2026, 12, 4)),
    )
    assert boamp.split(date(2026, 12, 1), date(2026, 12, 2)) == (
        (date(2026, 12, 1), date(2026, 12, 1)),
        (date(2026, 12, 2), date(2026, 12, 2)),
    )


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ([], "un objet JSON était attendu"),
        ({"results": []}, "« total_count » manque"),
        ({"total_count": True, "results": []}, "« total_count » manque"),
        ({"total_count": 2, "results": {}}, "« results » manque"),
    ],
)
def test_boamp_answers_of_the_wrong_shape_are_refused(document: object, detail: str) -> None:
    with pytest.raises(SourceError) as caught:
        boamp.read_page(document)
    assert caught.value.message == WRONG_SHAPE.format(source="BOAMP", detail=detail)


def test_boamp_records_are_kept_or_refused_with_why() -> None:
    good = {"idweb": "26-1", "donnees": json.dumps({"MAPA": {}})}
    result = FetchResult()
    boamp.keep(
        [
            good,
            {"idweb": "26-2", "donnees": "{broken"},
            {"idweb": "26-3", "donnees": "[1, 2]"},
            {"idweb": "", "donnees": "{}"},
            "not a record",
            {"idweb": "26-6"},
        ],
        result,
        set(),
    )
    assert result.records == [good, {"idweb": "26-6"}]
    assert result.summary.seen == 6
    assert [(r.record_id, r.reason) for r in result.summary.refused] == [
        ("26-2", boamp.DONNEES_BROKEN),
        ("26-3", boamp.DONNEES_BROKEN),
        ("?", boamp.NO_IDWEB),
        ("?", boamp.NOT_A_RECORD),
    ]


def test_a_boamp_record_met_twice_is_kept_once() -> None:
    result = FetchResult()
    known: set[str] = set()
    boamp.keep([{"idweb": "26-1"}, {"idweb": "26-2"}], result, known)
    boamp.keep([{"idweb": "26-2"}, {"idweb": "26-3"}], result, known)
    assert [r["idweb"] for r in result.records] == ["26-1", "26-2", "26-3"]
    assert result.summary.seen == 3


def test_ted_expert_query() -> None:
    query = ted.expert_query(
        date(2026, 12, 1), date(2026, 12, 5), cpv=["77310000", " "], nuts=["FRK24", "FRL"]
    )
    assert query == (
        "publication-date>=20261201 AND publication-date<=20261205"
        " AND classification-cpv IN (77310000) AND place-of-performance IN (FRK24 FRL)"
        " AND notice-type IN (cn-standard cn-social cn-desg subco)"
    )
    assert "classification-cpv" not in ted.expert_query(date(2026, 12, 1), date(2026, 12, 1))


def test_ted_search_body_carries_the_token_after_the_first_page() -> None:
    assert "iterationNextToken" not in ted.search_body("q")
    body = ted.search_body("q", "abc")
    assert body["iterationNextToken"] == "abc" and body["paginationMode"] == "ITERATION"
    assert "links" in body["fields"] and body["limit"] <= 250


def test_ted_pages_are_checked() -> None:
    page = ted.read_page({"notices": [{}], "totalNoticeCount": 1, "iterationNextToken": ""})
    assert page.next_token is None and page.total == 1
    with pytest.raises(SourceError, match="« notices » manque"):
        ted.read_page({"totalNoticeCount": 1})
    with pytest.raises(SourceError, match="« totalNoticeCount » manque"):
        ted.read_page({"notices": []})


def test_ted_xml_address_and_check() -> None:
    own = {"links": {"xml": {"MUL": "https://ted.europa.eu/en/notice/1-2026/xml"}}}
    assert ted.xml_url(own, "1-2026") == "https://ted.europa.eu/en/notice/1-2026/xml"
    assert ted.xml_url({"links": {"xml": {"MUL": "file:///etc/passwd"}}}, "2-2026") == (
        "https://ted.europa.eu/en/notice/2-2026/xml"
    )
    assert ted.check_xml(b"<ContractNotice/>") is None
    assert ted.check_xml(b"<ContractNotice>") == ted.XML_BROKEN
    entity = b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    assert ted.check_xml(entity) == ted.XML_REFUSED


def test_retry_after_in_seconds_or_as_a_date_and_capped() -> None:
    assert retry_after(None, 60) is None
    assert retry_after("5", 60) == 5
    assert retry_after("3600", 60) == 60
    assert retry_after("soon", 60) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after(later, 60) or 0) <= 30
    assert retry_after(format_datetime(datetime(2000, 1, 1, tzinfo=UTC), usegmt=True), 60) == 0


def test_garbage_is_not_json() -> None:
    assert parse_json(b'{"a": 1}', "BOAMP") == {"a": 1}
    with pytest.raises(
        SourceError, match="La réponse de la source BOAMP n'est pas du JSON lisible"
    ):
        parse_json(b"\xff<html>", "BOAMP")


def test_the_sources_addresses_default_to_the_public_services(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TENDERS_BOAMP_URL", raising=False)
    monkeypatch.setenv("TENDERS_TED_URL", "http://127.0.0.1:8081/")
    settings = load_settings()
    assert settings.boamp_url == "https://boamp-datadila.opendatasoft.com"
    assert settings.ted_url == "http://127.0.0.1:8081"
