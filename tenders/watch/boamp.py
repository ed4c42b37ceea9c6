"""BOAMP's open data: DILA's ``boamp`` dataset on Opendatasoft, Explore API v2.1.

``GET {base}/api/explore/v2.1/catalog/datasets/boamp/records`` with ``where`` (ODSQL),
``order_by``, ``limit`` (at most 100) and ``offset``; it answers ``{total_count, results}``
and refuses ``offset + limit`` past 10,000, so a window holding more is split in two by
publication date. The records go as they are to ``tenders.notices.boamp.read``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from tenders.watch import results
from tenders.watch.http import Policy, SourceClient
from tenders.watch.results import FetchResult, FetchSummary, Page, SourceError

SOURCE = "BOAMP"
RECORDS_PATH = "/api/explore/v2.1/catalog/datasets/boamp/records"
PAGE_SIZE = 100
MAX_WINDOW = 10_000

DAY_TOO_FULL = (
    "Le BOAMP annonce {count} avis pour le seul {day} : au-delà de 10 000 par jour, "
    "la recherche doit être restreinte."
)
NO_IDWEB = "L'avis n'a pas de numéro (idweb)."
NOT_A_RECORD = "L'élément reçu n'est pas un avis (objet JSON attendu)."
DONNEES_BROKEN = "Le détail de l'avis (champ « donnees ») n'est pas un JSON lisible."


def where_clause(since: date, until: date, extra: str = "") -> str:
    """The ODSQL filter for notices published from ``since`` to ``until`` (both included)."""
    clause = (
        f"dateparution >= date'{since.isoformat()}' and dateparution <= date'{until.isoformat()}'"
    )
    return f"{clause} and ({extra})" if extra else clause


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "").replace('"', "") + '"'


def profile_filter(departements: Iterable[str] = (), kinds: Iterable[str] = ()) -> str:
    """The ODSQL narrowing for ``where_clause``: any of the départements (``code_departement``,
    a multi-valued field) and any of the kinds of contract (``type_marche``: ``TRAVAUX``,
    ``SERVICES``, ``FOURNITURES``); empty lists narrow nothing."""
    groups = [
        " or ".join(f"{field} = {_quoted(v)}" for v in values if v.strip())
        for field, values in (("code_departement", departements), ("type_marche", kinds))
    ]
    return " and ".join(f"({g})" for g in groups if g)


def page_params(since: date, until: date, offset: int, extra: str = "") -> dict[str, Any]:
    return {
        "where": where_clause(since, until, extra),
        "order_by": "dateparution, idweb",
        "limit": PAGE_SIZE,
        "offset": offset,
    }


def read_page(document: Any) -> Page:
    """An answer of the records endpoint: ``total_count`` a count, ``results`` a list."""
    return results.read_page(document, SOURCE, "results", "total_count")


def check_record(record: Any) -> str | None:
    """Why a record cannot be imported, or None when it can."""
    if not isinstance(record, dict):
        return NOT_A_RECORD
    if not str(record.get("idweb") or "").strip():
        return NO_IDWEB
    donnees = record.get("donnees")
    if donnees in (None, ""):
        return None
    if isinstance(donnees, str):
        try:
            donnees = json.loads(donnees)
        except ValueError:
            return DONNEES_BROKEN
    return None if isinstance(donnees, dict) else DONNEES_BROKEN


def keep(records: list[Any], into: FetchResult, known: set[str]) -> None:
    """Sort a page's records into kept and refused; one already kept (the pages shifted
    while being read, as notices were published) is passed over."""
    for record in records:
        reason = check_record(record)
        if reason is None and record["idweb"] in known:
            continue
        into.summary.seen += 1
        if reason is None:
            known.add(record["idweb"])
            into.records.append(record)
        else:
            ident = str(record.get("idweb") or "?") if isinstance(record, dict) else "?"
            into.summary.refuse(ident, reason)


def split(since: date, until: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """Two halves of a window of at least two days."""
    middle = since + timedelta(days=(until - since).days // 2)
    return (since, middle), (middle + timedelta(days=1), until)


async def fetch(
    client: SourceClient, base_url: str, since: date, until: date, extra: str = ""
) -> FetchResult:
    """Every notice published from ``since`` to ``until``, paging to the end."""
    result = FetchResult(summary=FetchSummary())
    known: set[str] = set()
    windows = [(since, until)]
    url = base_url.rstrip("/") + RECORDS_PATH
    while windows:
        start, end = windows.pop(0)
        first = read_page(await client.get_json(url, page_params(start, end, 0, extra)))
        if first.total > MAX_WINDOW:
            if start == end:
                raise SourceError(DAY_TOO_FULL.format(count=first.total, day=start.isoformat()))
            windows[:0] = split(start, end)
            continue
        offset = 0
        page = first
        while True:
            keep(page.items, result, known)
            offset += len(page.items)
            if not page.items or offset >= page.total:
                break
            page = read_page(await client.get_json(url, page_params(start, end, offset, extra)))
    return result


async def watch(
    base_url: str, since: date, until: date, extra: str = "", policy: Policy | None = None
) -> FetchResult:
    """``fetch`` with a client of its own (for a Celery task's event loop)."""
    async with SourceClient(SOURCE, policy) as client:
        return await fetch(client, base_url, since, until, extra)
