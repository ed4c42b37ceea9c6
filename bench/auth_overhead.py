"""What authentication costs on every request.

Runs the real app in-process on the embedded default (an SQLite file in a temporary folder,
unless TENDERS_DATABASE_URL says otherwise) and times, in the same process:
- a bare Litestar endpoint (baseline),
- GET /api/session with a logged-in session (cookie → session row → user, guard, JSON),
- GET /tableau-de-bord, the page a member sees first (17 organisations, French template).
Also times one login (argon2 verification plus the session row).
Last line: ``auth_overhead_ratio: <authenticated API req/s ÷ bare endpoint req/s>``.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from _collective import migrate

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(tempfile.mkdtemp(prefix="cordee-bench-"))
os.environ.setdefault("TENDERS_DATA_DIR", str(DATA))
os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")
os.environ["TENDERS_BASE_URL"] = "http://bench.local"
os.environ["TENDERS_ALLOWED_HOSTS"] = "bench.local"
os.environ.setdefault("TENDERS_DB_POOL_SIZE", "0")

REQUESTS = 400


async def timed(client, path: str, n: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    latencies = []
    start = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        response = await client.get(path)
        latencies.append(time.perf_counter() - t0)
        assert response.status_code == 200, (path, response.status_code)
    elapsed = time.perf_counter() - start
    return n / elapsed, statistics.quantiles(latencies, n=100)[98] * 1000


async def main() -> None:
    import httpx
    from litestar import Litestar, get

    from tenders.app import create_app
    from tenders.demo.data import DEMO_PASSWORD
    from tenders.demo.loader import load_demo
    from tenders.jobs import RecordingJobQueue

    await load_demo()

    @get("/bare", sync_to_thread=False)
    def bare() -> dict[str, str]:
        return {"status": "ok"}

    bare_app = Litestar([bare])
    app = create_app(jobs=RecordingJobQueue())
    base = "http://bench.local"
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=bare_app), base_url=base) as b,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base) as c,
    ):
        await c.get("/connexion")
        token = c.cookies.get("cordee_csrf")
        t0 = time.perf_counter()
        response = await c.post(
            "/api/session",
            json={"email": "direction@poinfor.example", "password": DEMO_PASSWORD},
            headers={"x-csrftoken": token or ""},
        )
        login_ms = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, response.text

        await timed(b, "/bare", 50)
        await timed(c, "/api/session", 50)
        bare_rps, bare_p99 = await timed(b, "/bare", REQUESTS)
        api_rps, api_p99 = await timed(c, "/api/session", REQUESTS)
        page_rps, page_p99 = await timed(c, "/tableau-de-bord", REQUESTS // 4)

    engine = "sqlite" if "postgres" not in os.environ.get("TENDERS_DATABASE_URL", "") else "pg"
    print(f"engine: {engine}, {REQUESTS} sequential requests each, in-process ASGI")
    print(f"login (argon2 + session row): {login_ms:.1f} ms")
    print(f"bare endpoint:        {bare_rps:8.0f} req/s  p99 {bare_p99:6.2f} ms")
    print(f"GET /api/session:     {api_rps:8.0f} req/s  p99 {api_p99:6.2f} ms")
    print(f"GET /tableau-de-bord: {page_rps:8.0f} req/s  p99 {page_p99:6.2f} ms")
    print(f"auth_overhead_ratio: {api_rps / bare_rps:.3f}")


if __name__ == "__main__":
    migrate()
    asyncio.run(main())
