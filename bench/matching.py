"""Matching a 5-lot tender against a collective of 10,000 organisations (5 capabilities each).

Builds its own database (SQLite in a temporary folder, or a fresh "<name>_bench" PostgreSQL
database when TENDERS_DATABASE_URL names one), then times the whole matching of the tender
as the page does it: loading the candidates from the database, ranking every lot with its
reasons, and proposing a consortium. Last line: ``matching_median_ms: <median>``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from _collective import ORGANISATIONS, build_collective, start_pool, stop_pool

RUNS = 15
LOTS = (
    ("1", "Entretien des espaces verts", "77310000", "120000"),
    ("2", "Nettoyage des locaux", "90910000", "80000"),
    ("3", "Rénovation de logements", "45453000", "250000"),
    ("4", "Formation des agents", "80530000", "40000"),
    ("5", "Vélos de service", "34430000", "30000"),
)


async def _tender() -> int:
    from tenders.procurement.tables import Lot, Tender

    now = datetime.now(UTC)
    rows = await Tender.insert(
        Tender(
            title="Marché de services du Valenciennois (banc d'essai)",
            status="go",
            offers_deadline=now + timedelta(days=30),
            departements='["59"]',
            created_at=now,
            updated_at=now,
        )
    ).returning(Tender.id)
    tender_id = int(rows[0]["id"])
    await Lot.insert(
        *[
            Lot(
                tender=tender_id,
                key=key,
                position=i,
                title=title,
                cpv_codes=f'["{code}"]',
                departements='["59"]',
                estimated_value=Decimal(value),
                reserved="insertion" if key == "2" else "none",
            )
            for i, (key, title, code, value) in enumerate(LOTS)
        ]
    )
    return tender_id


async def _measure() -> tuple[list[float], list[float], int, int]:
    from tenders.consortia.matching import match_tender

    await start_pool()
    tender_id = await _tender()
    _, _, proposal, candidates = await match_tender(tender_id)  # warm-up
    timings, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        await match_tender(tender_id)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    await stop_pool()
    return timings, cpu, candidates, len(proposal.members)


def main() -> None:
    pg_url, _, load_s = build_collective()
    timings, cpu, candidates, members = asyncio.run(_measure())
    shutil.rmtree(os.environ["TENDERS_DATA_DIR"], ignore_errors=True)  # the SQLite copy
    engine = "PostgreSQL" if pg_url else "SQLite"
    print(
        f"engine: {engine}; {ORGANISATIONS} organisations loaded in {load_s:.1f} s; "
        f"5-lot tender, {candidates} candidate organisations, {members} proposed members"
    )
    print(f"{RUNS} runs: min {min(timings):.1f} ms, max {max(timings):.1f} ms")
    # The work itself (every thread of the process, SQLite's included), less sensitive than
    # the elapsed time to other processes sharing the machine.
    print(f"CPU time per run: median {statistics.median(cpu):.1f} ms")
    print(f"matching_median_ms: {statistics.median(timings):.2f}")


if __name__ == "__main__":
    main()
