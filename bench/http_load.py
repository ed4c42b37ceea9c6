"""HTTP load on a production-like deployment: PostgreSQL, Redis, uvicorn with several workers.

What it does, in one run (under a minute):
1. a fresh PostgreSQL database (``cordee_http_bench``, or ``<name>_http_bench`` on the server
   of TENDERS_DATABASE_URL), migrated, the demo collective loaded, then tenders added
   through the API until there are 50 (the demo has 3), so the JSON list is realistic;
2. the app (``tenders.asgi:app``) and a bare Litestar endpoint (``bench/_bare_app.py``),
   each under ``uvicorn --workers N --no-access-log`` (N = CPUs, at least 2), the app in
   production mode (TENDERS_PRODUCTION, a random secret, TENDERS_ALLOWED_HOSTS=127.0.0.1)
   with Redis as broker (TENDERS_REDIS_URL, else redis://127.0.0.1:6379/13);
3. a login as the demo coordinator (GET /connexion for the CSRF cookie, POST /api/session),
   one checked request per target, then ``wrk -t2 -c32 --latency`` with a fixed
   ``Cookie: cordee_session=…; cordee_csrf=…`` header (a browser sends both), 2 s of warm-up
   then 8 s measured, on: the bare endpoint, GET /tableau-de-bord, GET /api/tenders.

Production mode marks the cookies ``Secure``; that does not matter here because wrk sends a
fixed Cookie header and the login helper reads Set-Cookie itself.

Bars: the JSON list at >= 25 % of the bare endpoint's requests/s, its p99 under 50 ms; the
dashboard (a whole page: the coordination's to-do list, the tenders to come, the journal, the
collective) at >= 15 %, its p99 under 100 ms.
Last two lines: ``http_load_ratio: <GET /api/tenders req/s ÷ bare endpoint req/s>``, then
``dashboard_ratio: <GET /tableau-de-bord req/s ÷ bare endpoint req/s>``.
Needs ``wrk`` (Debian/Ubuntu: ``apt-get install -y wrk``; macOS: ``brew install wrk``).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = max(2, os.cpu_count() or 2)
THREADS = 2
CONNECTIONS = 32
TENDERS = 50
ACCOUNT = "coordination@phare.example"  # staff: the JSON list is for staff only
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/cordee_http_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
BAR_RATIO = 0.25
BAR_P99_MS = 50.0
DASHBOARD_BAR_RATIO = 0.15
DASHBOARD_BAR_P99_MS = 100.0
CPV = ["77310000", "90910000", "34430000", "50000000", "45000000", "55520000"]


# --- preconditions -------------------------------------------------------------------------


def find_wrk() -> str:
    path = shutil.which("wrk")
    if not path:
        sys.exit(
            "wrk is not installed: this benchmark drives the server with it.\n"
            "  Debian/Ubuntu: sudo apt-get install -y wrk\n"
            "  macOS:         brew install wrk"
        )
    return path


def bench_database_url() -> str:
    """The bench's own database, on the server of TENDERS_DATABASE_URL when that is PostgreSQL."""
    url = os.environ.get("TENDERS_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        base, _, name = url.rpartition("/")
        return f"{base}/{(name.split('?')[0] or 'cordee')}_http_bench"
    return DEFAULT_PG


async def _admin(url: str, *statements: str) -> None:
    import asyncpg

    base, _, _name = url.rpartition("/")
    conn = await asyncpg.connect(f"{base}/postgres", timeout=5)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def recreate_database(url: str) -> None:
    import asyncpg

    name = url.rpartition("/")[2]
    drop, create = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    try:
        asyncio.run(_admin(url, drop, create))
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        sys.exit(f"Cannot create the database {name} at {url.rpartition('/')[0]}: {exc}")


def drop_database(url: str) -> None:
    name = url.rpartition("/")[2]
    asyncio.run(_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis is not answering at {url}: {exc}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def run_cli(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tenders", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"tenders {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - start


# --- servers -------------------------------------------------------------------------------


class Server:
    """``uvicorn --workers N`` in its own process group, its output in a log file."""

    def __init__(self, name: str, app: str, env: dict[str, str], app_dir: Path) -> None:
        self.name = name
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix=f"cordee-http-{name}-", suffix=".log")[1])
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    app,
                    "--app-dir",
                    str(app_dir),
                    "--host",
                    HOST,
                    "--port",
                    str(self.port),
                    "--workers",
                    str(WORKERS),
                    "--no-access-log",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def wait_ready(self, path: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.fail(f"exited with code {self.process.returncode}")
            try:
                if request(self.port, "GET", path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.fail(f"not answering 200 on {path} after {timeout:.0f} s")

    def fail(self, why: str) -> None:
        tail = self.log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"{self.name} server {why}. Its log ({self.log}):\n{tail}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.unlink(missing_ok=True)


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        payload = None
        headers = dict(headers or {})
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def set_cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


# --- the session and the data --------------------------------------------------------------


def login(port: int) -> dict[str, str]:
    """The cookies a logged-in browser sends back: the session and the CSRF token."""
    from tenders.demo.data import DEMO_PASSWORD

    status, headers, _ = request(port, "GET", "/connexion")
    csrf = set_cookies(headers).get("cordee_csrf")
    if status != 200 or not csrf:
        sys.exit(f"GET /connexion: {status}, no cordee_csrf cookie")
    status, headers, body = request(
        port,
        "POST",
        "/api/session",
        headers={"x-csrftoken": csrf, "Cookie": f"cordee_csrf={csrf}"},
        body={"email": ACCOUNT, "password": DEMO_PASSWORD},
    )
    answered = set_cookies(headers)
    session, csrf = answered.get("cordee_session"), answered.get("cordee_csrf")
    if status != 200 or not session or not csrf:
        sys.exit(f"POST /api/session: {status} {body[:300]!r}")
    # The CSRF token is tied to the session: the login answer gives the one to use now.
    return {"cordee_session": session, "cordee_csrf": csrf}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def tender_payload(i: int) -> dict[str, Any]:
    deadline = datetime.now(UTC).replace(hour=11, minute=0, second=0, microsecond=0) + timedelta(
        days=10 + (i * 7) % 90
    )
    return {
        "title": f"Marché de services n° {i} : entretien, nettoyage et logistique",
        "reference": f"BENCH-2026-{i:03d}",
        "buyer_name": f"Collectivité de démonstration {i % 9 + 1}",
        "procedure": ("mapa", "ouvert", "restreint")[i % 3],
        "kind": "services",
        "departements": [("59", "62", "80")[i % 3]],
        "description": "Consultation ajoutée par le banc de charge.",
        "offers_deadline": deadline.isoformat(),
        "questions_deadline": (deadline - timedelta(days=7)).isoformat(),
        "lots": [
            {
                "key": str(n + 1),
                "title": f"Lot {n + 1}",
                "cpv_codes": [CPV[(i + n) % len(CPV)]],
                "estimated_value": str(20_000 + 5_000 * ((i + n) % 17)),
            }
            for n in range(1 + i % 3)
        ],
    }


def add_tenders(port: int, cookies: dict[str, str]) -> int:
    headers = {"Cookie": cookie_header(cookies), "x-csrftoken": cookies["cordee_csrf"]}
    status, _, body = request(port, "GET", "/api/tenders", headers=headers)
    existing = len(json.loads(body)) if status == 200 else 0
    for i in range(existing + 1, TENDERS + 1):
        status, _, body = request(port, "POST", "/api/tenders", headers, tender_payload(i))
        if status != 201:
            sys.exit(f"POST /api/tenders: {status} {body[:300]!r}")
    return TENDERS - existing


def check_target(port: int, path: str, cookie: str | None, kind: str) -> int:
    """One request before the load: 200 and the expected content type; returns body size."""
    status, headers, body = request(port, "GET", path, {"Cookie": cookie} if cookie else None)
    content_type = headers.get("Content-Type", "")
    if status != 200 or kind not in content_type:
        sys.exit(f"GET {path}: {status} {content_type} {body[:300]!r}")
    if kind == "json":
        json.loads(body)
    return len(body)


# --- wrk -----------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SOCKET_ERRORS = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # answers that are neither 2xx nor 3xx
    socket_errors: int


def latency_ms(out: str, percentile: int) -> float:
    found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m|h)\b", out, re.M)
    if not found:
        raise ValueError(f"no {percentile}% line")
    return float(found.group(1)) * UNITS[found.group(2)]


def wrk(binary: str, url: str, seconds: int, cookie: str | None) -> Load:
    command = [binary, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=False)
    out = done.stdout
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    total = re.search(r"^\s+(\d+) requests in", out, re.M)
    try:
        if done.returncode != 0 or not (rps and total):
            raise ValueError("no summary")
        p50, p99 = latency_ms(out, 50), latency_ms(out, 99)
    except ValueError:
        sys.exit(f"wrk on {url} failed:\n{out}{done.stderr}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(SOCKET_ERRORS, out)
    return Load(
        rps=float(rps.group(1)),
        p50_ms=p50,
        p99_ms=p99,
        requests=int(total.group(1)),
        bad=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(g) for g in sockets.groups()) if sockets else 0,
    )


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds measured per target")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per target")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args()

    started = time.perf_counter()
    binary = find_wrk()
    database_url = bench_database_url()
    redis_url = os.environ.get("TENDERS_REDIS_URL") or DEFAULT_REDIS
    check_redis(redis_url)
    recreate_database(database_url)

    data_dir = tempfile.mkdtemp(prefix="cordee-http-bench-")
    env = {
        **os.environ,
        "PICCOLO_CONF": "tenders.piccolo_conf",
        "TENDERS_DATABASE_URL": database_url,
        "TENDERS_REDIS_URL": redis_url,
        "TENDERS_DATA_DIR": data_dir,
        "TENDERS_PRODUCTION": "1",
        "TENDERS_SECRET_KEY": secrets.token_urlsafe(48),
        "TENDERS_ALLOWED_HOSTS": HOST,
        "TENDERS_BASE_URL": "https://cordee.example.org",
        "TENDERS_COMPILE_PDF": "no",
    }
    # For the in-process import of the demo password (no database access).
    os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")

    servers: list[Server] = []
    try:
        migrate_s = run_cli(env, "migrate")
        bare = Server("bare", "_bare_app:app", env, Path(__file__).resolve().parent)
        app = Server("app", "tenders.asgi:app", env, ROOT)
        servers += [bare, app]
        demo_s = run_cli(env, "demo")  # while the servers start
        bare.wait_ready("/")
        app.wait_ready("/healthz")

        cookies = login(app.port)
        cookie = cookie_header(cookies)
        added = add_tenders(app.port, cookies)
        setup_s = time.perf_counter() - started

        targets = [
            ("bare endpoint", bare, "/", None, "json"),
            ("GET /tableau-de-bord", app, "/tableau-de-bord", cookie, "html"),
            ("GET /api/tenders", app, "/api/tenders", cookie, "json"),
        ]
        sizes = [check_target(s.port, path, c, kind) for _, s, path, c, kind in targets]
        results = []
        for _label, server, path, c, _kind in targets:
            if args.warmup:
                wrk(binary, server.url(path), args.warmup, c)
            results.append(wrk(binary, server.url(path), args.duration, c))
        # The session must have stayed valid all along (wrk counts a redirect as a success).
        for _, server, path, c, kind in targets:
            check_target(server.port, path, c, kind)
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        if not args.keep_db:
            drop_database(database_url)

    print(
        f"uvicorn --workers {WORKERS} (CPUs: {os.cpu_count()}), production mode, "
        f"PostgreSQL + Redis; wrk -t{THREADS} -c{CONNECTIONS}, "
        f"{args.warmup} s warm-up + {args.duration} s per target"
    )
    print(
        f"setup {setup_s:.1f} s (migrate {migrate_s:.1f} s, demo {demo_s:.1f} s, "
        f"{added} tenders added, {TENDERS} in the list)"
    )
    print(
        f"{'target':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} "
        f"{'body B':>7} {'÷ bare':>7}"
    )
    bare_rps = results[0].rps
    clean = True
    for (label, *_), load, size in zip(targets, results, sizes, strict=True):
        print(
            f"{label:<22} {load.rps:>9.0f} {load.p50_ms:>8.2f} {load.p99_ms:>8.2f} "
            f"{load.requests:>9} {size:>7} {load.rps / bare_rps:>7.3f}"
        )
        if load.bad or load.socket_errors:
            clean = False
            print(f"  WARNING: {load.bad} answers not 2xx/3xx, {load.socket_errors} socket errors")
    page, api = results[1], results[2]
    ratio, page_ratio = api.rps / bare_rps, page.rps / bare_rps
    print(f"ratio JSON list / bare: {ratio:.3f}   dashboard / bare: {page_ratio:.3f}")
    met = ratio >= BAR_RATIO and api.p99_ms < BAR_P99_MS and clean
    print(
        f"bar (JSON list >= {BAR_RATIO:.0%} of the bare req/s, its p99 < {BAR_P99_MS:.0f} ms): "
        f"{'met' if met else 'NOT met'} ({ratio:.1%}, p99 {api.p99_ms:.1f} ms)"
    )
    page_met = page_ratio >= DASHBOARD_BAR_RATIO and page.p99_ms < DASHBOARD_BAR_P99_MS and clean
    print(
        f"bar (dashboard >= {DASHBOARD_BAR_RATIO:.0%} of the bare req/s, its p99 < "
        f"{DASHBOARD_BAR_P99_MS:.0f} ms): {'met' if page_met else 'NOT met'} "
        f"({page_ratio:.1%}, p99 {page.p99_ms:.1f} ms)"
    )
    print(f"total {time.perf_counter() - started:.1f} s")
    print(f"http_load_ratio: {ratio:.3f}")
    print(f"dashboard_ratio: {page_ratio:.3f}")


if __name__ == "__main__":
    main()
