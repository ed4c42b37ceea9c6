"""The BOAMP and TED clients against a local HTTP server answering in the sources' shapes."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tenders.notices.reader import read_notice
from tenders.watch import boamp, ted
from tenders.watch.http import USER_AGENT, Policy, SourceClient
from tenders.watch.results import SourceError
from tests.conftest import shared_data
from tests.watch_support import (
    Reply,
    Request,
    Route,
    Server,
    as_json,
    boamp_pages,
    boamp_record,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
EFORMS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "eforms"
FAST = Policy(timeout=0.5, attempts=3, backoff=0.01, max_wait=0.2, max_bytes=200_000)
SINCE, UNTIL = date(2026, 12, 1), date(2026, 12, 4)
NOTICE_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2">'
    b"</ContractNotice>"
)


async def fetch_boamp(server: Server, policy: Policy = FAST) -> Any:
    return await boamp.watch(server.url, SINCE, UNTIL, policy=policy)


async def test_boamp_pages_to_the_end_with_a_user_agent(server: Server) -> None:
    records = [boamp_record(n) for n in range(250)]
    server.route = boamp_pages(records)
    result = await fetch_boamp(server)
    assert [r["idweb"] for r in result.records] == [r["idweb"] for r in records]
    assert result.summary.seen == 250 and result.summary.refused == []
    hits = server.hits(boamp.RECORDS_PATH)
    assert [h.query["offset"] for h in hits] == ["0", "100", "200"]
    assert hits[0].query["where"] == (
        "dateparution >= date'2026-12-01' and dateparution <= date'2026-12-04'"
    )
    assert all(h.user_agent == USER_AGENT and "Cordee" in h.user_agent for h in hits)


async def test_a_record_the_reader_takes(server: Server) -> None:
    fixture = json.loads((FIXTURES / "boamp_mapa_espaces_verts.json").read_text("utf-8"))
    server.route = boamp_pages(fixture["results"])
    result = await fetch_boamp(server)
    draft = read_notice(json.dumps(result.records[0]).encode())
    assert draft.title


async def test_a_malformed_donnees_is_refused_the_others_kept(server: Server) -> None:
    records = [boamp_record(n) for n in range(3)]
    records[1]["donnees"] = '{"FNSimple": {"initial": '
    server.route = boamp_pages(records)
    result = await fetch_boamp(server)
    assert [r["idweb"] for r in result.records] == ["26-00000", "26-00002"]
    assert result.summary.seen == 3
    assert [(r.record_id, r.reason) for r in result.summary.refused] == [
        ("26-00001", boamp.DONNEES_BROKEN)
    ]


async def test_over_ten_thousand_the_window_is_narrowed(server: Server) -> None:
    def route(request: Request) -> Reply:
        where = request.query["where"]
        if "date'2026-12-01'" in where and "date'2026-12-04'" in where:
            return as_json({"total_count": 12_000, "results": []})
        day = where.split("date'")[1][:10]
        return as_json({"total_count": 1, "results": [boamp_record(int(day[-2:]))]})

    server.route = route
    result = await fetch_boamp(server)
    assert [r["idweb"] for r in result.records] == ["26-00001", "26-00003"]
    wheres = [h.query["where"] for h in server.hits(boamp.RECORDS_PATH)]
    assert "date'2026-12-02'" in wheres[1] and "date'2026-12-03'" in wheres[2]


async def test_a_429_waits_as_asked_then_reads(server: Server) -> None:
    empty = as_json({"total_count": 0, "results": []})
    replies = iter([Reply(429, headers={"Retry-After": "1"}), empty])
    server.route = lambda request: next(replies)
    started = time.monotonic()
    result = await fetch_boamp(server, Policy(backoff=0.01, max_wait=0.3))
    assert result.records == [] and len(server.requests) == 2
    assert time.monotonic() - started >= 0.3  # the asked second, capped, not the 0.01 backoff


async def test_retry_after_is_capped(server: Server) -> None:
    replies = iter(
        [Reply(503, headers={"Retry-After": "3600"}), as_json({"total_count": 0, "results": []})]
    )
    server.route = lambda request: next(replies)
    started = time.monotonic()
    await fetch_boamp(server)
    assert time.monotonic() - started < 2


async def test_a_500_then_success(server: Server) -> None:
    replies = iter(
        [Reply(500), Reply(502), as_json({"total_count": 1, "results": [boamp_record(1)]})]
    )
    server.route = lambda request: next(replies)
    result = await fetch_boamp(server)
    assert len(result.records) == 1 and len(server.requests) == 3


async def test_a_source_that_keeps_failing_stops_in_french(server: Server) -> None:
    server.route = lambda request: Reply(500)
    with pytest.raises(SourceError, match=r"BOAMP a répondu par une erreur \(HTTP 500\)"):
        await fetch_boamp(server)
    assert len(server.requests) == FAST.attempts


async def test_a_timeout_stops_in_french(server: Server) -> None:
    server.route = lambda request: Reply(delay=0.8, body=b"{}")
    policy = Policy(timeout=0.2, attempts=2, backoff=0.01, max_wait=0.1)
    with pytest.raises(SourceError, match="n'a pas répondu à temps"):
        await fetch_boamp(server, policy)


async def test_an_unreachable_source_stops_in_french() -> None:
    policy = Policy(timeout=0.5, attempts=2, backoff=0.01)
    with pytest.raises(SourceError, match="injoignable"):
        await boamp.watch("http://127.0.0.1:9", SINCE, UNTIL, policy=policy)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(body=b'{"total_count": 3, "results": [', cut=True), "incomplète"),
        (Reply(body=b"x" * 300_000), "dépasse la taille maximale"),
        (Reply(body=b"<html>Maintenance</html>"), "n'est pas du JSON"),
        (Reply(body=b'{"total_count": 3}'), "« results » manque"),
    ],
)
async def test_garbage_stops_in_french(server: Server, reply: Reply, message: str) -> None:
    server.route = lambda request: reply
    with pytest.raises(SourceError, match=message):
        await fetch_boamp(server)


def ted_route(server: Server, numbers: list[str], page: int = 2) -> Route:
    """The search endpoint in iteration mode, and each notice's XML."""

    def route(request: Request) -> Reply:
        if request.path == ted.SEARCH_PATH:
            start = int(request.body.get("iterationNextToken") or 0)
            chunk = numbers[start : start + page]
            token = str(start + page) if start + page < len(numbers) else None
            notices = [
                {"publication-number": n, "links": {"xml": {"MUL": f"{server.url}/xml/{n}"}}}
                for n in chunk
            ]
            return as_json(
                {"notices": notices, "totalNoticeCount": len(numbers), "iterationNextToken": token}
            )
        number = request.path.rsplit("/", 1)[1]
        if number == "404-2026":
            return Reply(404)
        return Reply(body=b"<ContractNotice" if number == "3-2026" else NOTICE_XML)

    return route


async def test_ted_pages_to_the_end_and_fetches_each_xml(server: Server) -> None:
    numbers = ["1-2026", "2-2026", "3-2026", "404-2026", "5-2026"]
    server.route = ted_route(server, numbers)
    query = ted.expert_query(SINCE, UNTIL, cpv=["77310000"], nuts=["FRK"])
    result = await ted.watch(server.url, query, FAST)
    assert [n.publication_number for n in result.records] == ["1-2026", "2-2026", "5-2026"]
    assert result.records[0].xml == NOTICE_XML
    assert result.summary.seen == 5
    reasons = {r.record_id: r.reason for r in result.summary.refused}
    assert reasons["3-2026"] == ted.XML_BROKEN
    assert "HTTP 404" in reasons["404-2026"]
    searches = server.hits(ted.SEARCH_PATH)
    assert len(searches) == 3 and searches[0].body["query"] == query
    assert searches[0].body["paginationMode"] == "ITERATION"
    assert searches[1].body["iterationNextToken"] == "2"


async def test_a_ted_notice_goes_to_the_eforms_importer(server: Server) -> None:
    xml = shared_data(EFORMS / "cn_24_minimal.xml")
    server.route = lambda request: (
        Reply(body=xml)
        if request.path.startswith("/xml/")
        else ted_route(server, ["7-2026"])(request)
    )
    result = await ted.watch(server.url, "publication-date>=20261201", FAST)
    draft = read_notice(result.records[0].xml)
    assert draft.title


async def test_ted_answering_garbage_stops_in_french(server: Server) -> None:
    server.route = lambda request: as_json({"results": []})
    async with SourceClient(ted.SOURCE, FAST) as client:
        with pytest.raises(SourceError, match="TED n'a pas la forme attendue"):
            await ted.fetch(client, server.url, "publication-date>=20261201")
