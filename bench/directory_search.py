"""Directory search at the scale of a large network: 10,000 organisations, 5 capabilities each.

Builds its own database (an SQLite file in a temporary folder, or, when TENDERS_DATABASE_URL
names PostgreSQL, a fresh database "<name>_bench" beside it), loads the data with the
driver's bulk insert, then times the real search service (``tenders.members.directory``) for
CPV prefix + département queries, with the organisations' page and total count.
Last line: ``directory_search_median_ms: <median over the queries>``.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import time

from _collective import (
    CAPABILITIES_PER_ORGANISATION,
    DEPARTEMENTS,
    ORGANISATIONS,
    build_collective,
    start_pool,
    stop_pool,
)

QUERIES = 40


async def _measure() -> tuple[list[float], list[float], list[int]]:
    from tenders.cpv.shipped import shipped_labels
    from tenders.members.directory import DirectoryQuery, search

    await start_pool()
    rng = random.Random(7)
    prefixes = sorted({code[:3].ljust(8, "0") for code in shipped_labels()})
    timings, cpu, totals = [], [], []
    await search(DirectoryQuery(cpv="45000000", departement="59"))  # warm-up
    for _ in range(QUERIES):
        query = DirectoryQuery(
            cpv=rng.choice(prefixes)[:2].ljust(8, "0")
            if rng.random() < 0.3
            else rng.choice(prefixes),
            departement=rng.choice(DEPARTEMENTS),
        )
        start, start_cpu = time.perf_counter(), time.process_time()
        page = await search(query)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        totals.append(page.total)
    await stop_pool()
    return timings, cpu, totals


def main() -> None:
    pg_url, data, load_s = build_collective()
    timings, cpu, totals = asyncio.run(_measure())
    shutil.rmtree(os.environ["TENDERS_DATA_DIR"], ignore_errors=True)  # the SQLite copy
    engine = "PostgreSQL" if pg_url else "SQLite"
    print(
        f"engine: {engine}; {ORGANISATIONS} organisations, "
        f"{ORGANISATIONS * CAPABILITIES_PER_ORGANISATION} capabilities, "
        f"{len(data[2])} CPV rows, {len(data[3])} area rows (loaded in {load_s:.1f} s)"
    )
    print(
        f"{QUERIES} searches by CPV prefix + département; matches per search: "
        f"median {statistics.median(totals):.0f}, max {max(totals)}"
    )
    print(f"p90 {statistics.quantiles(timings, n=10)[8]:.1f} ms, max {max(timings):.1f} ms")
    # The work itself (every thread of the process, SQLite's included), less sensitive than
    # the elapsed time to other processes sharing the machine.
    print(f"CPU time per search: median {statistics.median(cpu):.1f} ms")
    print(f"directory_search_median_ms: {statistics.median(timings):.2f}")


if __name__ == "__main__":
    main()
