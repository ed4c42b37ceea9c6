"""TED's Search API v3, then each notice's eForms XML.

``POST {base}/v3/notices/search`` with an expert query (``publication-date``,
``classification-cpv``, ``place-of-performance``, ``notice-type``), the ``fields`` wanted and
``paginationMode: ITERATION`` (each answer's ``iterationNextToken`` asks for the next page);
answers ``{notices, totalNoticeCount, iterationNextToken}``. Each notice's ``links.xml.MUL``
(else ``https://ted.europa.eu/en/notice/{publication-number}/xml``) gives the eForms XML,
handed to ``tenders.notices.reader.read_notice``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tenders.watch import results
from tenders.watch.http import AnswerError, Policy, SourceClient
from tenders.watch.results import FetchResult, Page, Refusal
from tenders.xmlsafe import XmlRefused, parse_untrusted

SOURCE = "TED"
SEARCH_PATH = "/v3/notices/search"
XML_URL = "https://ted.europa.eu/en/notice/{number}/xml"
PAGE_SIZE = 100
FIELDS = ["publication-number", "publication-date", "notice-type", "links"]
CONTRACT_NOTICES = ("cn-standard", "cn-social", "cn-desg", "subco")
GONE = frozenset({404, 410})
PARALLEL_DOWNLOADS = 4

NO_NUMBER = "L'avis n'a pas de numéro de publication."
XML_BROKEN = "Le XML eForms de l'avis est incomplet ou mal formé."
XML_REFUSED = "Le XML de l'avis contient des déclarations refusées par sécurité."


@dataclass(frozen=True)
class TedNotice:
    """A notice found on TED: its publication number and its eForms XML."""

    publication_number: str
    xml: bytes


def _in(field: str, values: Iterable[str]) -> str | None:
    kept = [v.strip() for v in values if v.strip()]
    return f"{field} IN ({' '.join(kept)})" if kept else None


def expert_query(
    since: date,
    until: date,
    cpv: Iterable[str] = (),
    nuts: Iterable[str] = ("FRA",),
    notice_types: Iterable[str] = CONTRACT_NOTICES,
) -> str:
    """The expert query for contract notices published from ``since`` to ``until``."""
    parts = [
        f"publication-date>={since:%Y%m%d}",
        f"publication-date<={until:%Y%m%d}",
        _in("classification-cpv", cpv),
        _in("place-of-performance", nuts),
        _in("notice-type", notice_types),
    ]
    return " AND ".join(p for p in parts if p)


def search_body(query: str, token: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": query,
        "fields": FIELDS,
        "limit": PAGE_SIZE,
        "paginationMode": "ITERATION",
    }
    if token:
        body["iterationNextToken"] = token
    return body


def read_page(document: Any) -> Page:
    """An answer of the search: ``notices`` a list, ``totalNoticeCount`` a count, and the
    ``iterationNextToken`` of the next page (none on the last)."""
    page = results.read_page(document, SOURCE, "notices", "totalNoticeCount")
    token = document.get("iterationNextToken")
    return replace(page, next_token=token if isinstance(token, str) and token else None)


def xml_url(notice: dict[str, Any], number: str) -> str:
    """Where a notice's XML lives: its own link when given, else TED's usual address."""
    links = notice.get("links")
    xml = links.get("xml") if isinstance(links, dict) else None
    link = xml.get("MUL") if isinstance(xml, dict) else None
    if isinstance(link, str) and link.startswith(("https://", "http://")):
        return link
    return XML_URL.format(number=number)


def check_xml(data: bytes) -> str | None:
    """Why an eForms XML cannot be read, or None when it parses."""
    try:
        parse_untrusted(data)
    except XmlRefused as refused:
        return XML_BROKEN if refused.why == "broken" else XML_REFUSED
    return None


async def _xml(client: SourceClient, notice: Any) -> TedNotice | Refusal:
    """A found notice with its XML, or why it is refused."""
    number = notice.get("publication-number") if isinstance(notice, dict) else None
    if not isinstance(number, str) or not number.strip():
        return Refusal("?", NO_NUMBER)
    try:
        data = await client.fetch("GET", xml_url(notice, number))
    except AnswerError as error:
        if error.status not in GONE:
            raise
        return Refusal(number, error.message)
    reason = check_xml(data)
    return Refusal(number, reason) if reason else TedNotice(number, data)


async def _xmls(client: SourceClient, notices: list[Any], into: FetchResult) -> None:
    """The XML of a page's notices, a few at a time, kept in the page's order."""
    gate = asyncio.Semaphore(PARALLEL_DOWNLOADS)

    async def one(notice: Any) -> TedNotice | Refusal:
        async with gate:
            return await _xml(client, notice)

    for found in await asyncio.gather(*(one(n) for n in notices)):
        into.summary.seen += 1
        if isinstance(found, Refusal):
            into.summary.refused.append(found)
        else:
            into.records.append(found)


async def fetch(client: SourceClient, base_url: str, query: str) -> FetchResult:
    """Every notice the expert query finds, with its XML, paging to the end."""
    result = FetchResult()
    url = base_url.rstrip("/") + SEARCH_PATH
    token: str | None = None
    while True:
        page = read_page(await client.post_json(url, search_body(query, token)))
        await _xmls(client, page.items, result)
        token = page.next_token
        if not page.items or token is None:
            return result


async def watch(base_url: str, query: str, policy: Policy | None = None) -> FetchResult:
    """``fetch`` with a client of its own (for a Celery task's event loop)."""
    async with SourceClient(SOURCE, policy) as client:
        return await fetch(client, base_url, query)
