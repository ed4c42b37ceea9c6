"""A run of the watch: 2,000 BOAMP records over 20 pages from a local server, read, kept once,
matched to the demo collective; then a second run where nothing is new.

Builds its own database (SQLite in a temporary folder, or a fresh "<name>_bench" PostgreSQL
database when TENDERS_DATABASE_URL names one) with the demo collective and a watch profile made
of the codes its members' capabilities propose, then times ``runs.run_all`` as the beat runs
it (TED answers that it has nothing). Prints both figures; last line ``watch_run_s: <first>``.
Bars: first run under 10 s on SQLite, second under 2 s.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import date

from _collective import _configure, _recreate_postgres, migrate, start_pool, stop_pool
from _sources import records, serving

RECORDS = 2_000


async def _prepare() -> None:
    from tenders.accounts.schemas import CurrentUser
    from tenders.demo.loader import load_demo
    from tenders.watch import service
    from tenders.watch.schemas import WatchProfileIn

    await load_demo()
    staff = CurrentUser(
        id=1,
        email="bench@cordee",
        full_name="Banc d'essai",
        role="admin",
        organisation_id=None,
        organisation_name=None,
    )
    proposed = await service.proposed_codes()
    await service.update_profile(
        staff,
        WatchProfileIn(
            cpv_codes=[code for code, _ in proposed],
            departements=["59", "62"],
            keywords=["insertion", "espaces verts", "nettoyage"],
        ),
    )


async def _run() -> tuple[float, dict[str, int]]:
    from tenders.settings import get_settings
    from tenders.watch import runs
    from tenders.watch.tables import WatchRun

    start = time.perf_counter()
    await runs.run_all(get_settings(), "manual", None)
    elapsed = time.perf_counter() - start
    last = (
        await WatchRun.select()
        .where(WatchRun.source == "boamp")
        .order_by(WatchRun.id, ascending=False)
        .first()
    )
    assert last is not None and last["status"] == "done", last
    return elapsed, {k: last[k] for k in ("seen", "new", "known", "outside", "updated")}


async def _measure(url: str) -> tuple[float, float, dict[str, int], dict[str, int]]:
    os.environ["TENDERS_BOAMP_URL"] = url
    os.environ["TENDERS_TED_URL"] = url
    await start_pool()
    try:
        await _prepare()
        first, counts = await _run()
        second, again = await _run()
    finally:
        await stop_pool()
    return first, second, counts, again


def main() -> None:
    pg_url = _configure()
    if pg_url:
        asyncio.run(_recreate_postgres(pg_url))
    migrate()
    served = records(RECORDS, date.today())
    with serving(served) as url:
        first, second, counts, again = asyncio.run(_measure(url))
    engine = "PostgreSQL" if pg_url else "SQLite"
    print(f"engine: {engine}; {RECORDS} BOAMP records over {RECORDS // 100} pages")
    print(f"first run: {counts}")
    print(f"second run: {again}")
    print(f"watch_run_again_s: {second:.2f}")
    print(f"watch_run_s: {first:.2f}")


if __name__ == "__main__":
    main()
