"""Fixtures: the database and its clean tables, the app with a recording job queue, SMTP,
accounts, services."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.conftest import (
    CELERY_QUEUE,
    DATABASE_URL,
    ENGINE,
    POSTGRES_ADMIN_URL,
    POSTGRES_DB,
    REDIS_URL,
    ROOT,
    SMTP_PORT,
    TMP,
    free_port,
    service_missing,
)
from tests.support import PASSWORD, Account, Mailbox, login

_counter = itertools.count(1)


def run_python(
    *args: str, env: dict[str, str] | None = None, timeout: float | None = 120, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (``-m tenders …``, ``-c …``) from the source tree, in the test
    environment unless ``env`` is given, its output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        env=os.environ.copy() if env is None else env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


# --- the database ----------------------------------------------------------------------


async def _create_postgres_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{POSTGRES_DB}"')
    finally:
        await conn.close()


async def _drop_postgres_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """The test database, created (PostgreSQL) and migrated by ``tenders migrate`` the first time
    a test needs it, dropped at the end. An unreachable PostgreSQL or a failed migration stops
    the whole run: every test after would fail the same way."""
    if ENGINE == "postgres":
        try:
            asyncio.run(_create_postgres_database())
        except OSError as exc:
            pytest.exit(
                f"PostgreSQL injoignable ({POSTGRES_ADMIN_URL}) : {exc}. "
                "Démarrez-le ou lancez les tests avec TENDERS_TEST_DB=sqlite.",
                returncode=pytest.ExitCode.USAGE_ERROR,
            )
    result = run_python("-m", "tenders", "migrate", timeout=None)
    if result.returncode != 0:
        pytest.exit(
            "tenders migrate a échoué :\n" + result.stdout + result.stderr,
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    yield DATABASE_URL
    if ENGINE == "postgres":
        with contextlib.suppress(OSError):
            asyncio.run(_drop_postgres_database())


@functools.cache
def table_names() -> tuple[str, ...]:
    """Every table Piccolo's app registry knows (``tenders/piccolo_conf.py``), the tables that
    point at others before those they point at: a new table is wiped with the others."""
    from piccolo.conf.apps import Finder
    from piccolo.table import sort_table_classes

    referenced_first = sort_table_classes(Finder().get_table_classes())
    return tuple(table._meta.tablename for table in reversed(referenced_first))


@functools.cache
def _wipe_statement() -> str:
    """One round trip that empties every table and restarts the sequences that moved.

    TRUNCATE of every table cost 0.3–1.4 s per test on PostgreSQL (each table gets new files);
    DELETE of tables that hold a few rows costs milliseconds."""
    deletes = " ".join(f"DELETE FROM {table};" for table in table_names())
    return (
        "DO $$DECLARE s record; BEGIN "
        + deletes
        + " FOR s IN SELECT schemaname, sequencename FROM pg_sequences"
        " WHERE last_value IS NOT NULL LOOP"
        " EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.schemaname, s.sequencename);"
        " END LOOP; END$$"
    )


async def wipe_tables() -> None:
    """Empty every table: on PostgreSQL in one statement (DELETE in foreign-key order, then the
    sequences restarted), on SQLite in one script on one connection."""
    if ENGINE == "postgres":
        from asyncpg.exceptions import DeadlockDetectedError

        from tenders.db import engine

        # A write the last test left running (a response's after-work, a worker finishing a
        # job) may lock the tables in another order: PostgreSQL then stops the wipe, which
        # wiped nothing and is run again once that write is done.
        for attempt in range(5):
            try:
                await engine().run_ddl(_wipe_statement())
                return
            except DeadlockDetectedError:
                if attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))
    else:
        import sqlite3

        path = DATABASE_URL.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection:
            connection.executescript(
                "BEGIN; " + " ".join(f"DELETE FROM {t};" for t in table_names()) + " COMMIT;"
            )


@pytest.fixture
async def clean_db(database: str) -> None:
    """Empty tables for the test (tests/integration and tests/browser ask for it for every
    test, in their conftest.py)."""
    from tenders import cache

    await wipe_tables()
    # Every process (this one, the live server) forgets what it cached of the old rows.
    await cache.bump("sessions", "tenders")


@pytest.fixture
def settings() -> Any:
    from tenders.settings import get_settings

    return get_settings()


@pytest.fixture
def jobs() -> Any:
    from tenders.jobs import RecordingJobQueue

    return RecordingJobQueue()


@pytest.fixture
def app(database: str, settings: Any, jobs: Any) -> Litestar:
    from tenders.app import create_app

    return create_app(settings, jobs=jobs)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


@pytest.fixture
async def other_client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


# --- SMTP ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.add(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.clear()
    return smtp_server


async def deliver_recorded(jobs: Any, settings: Any) -> list[str]:
    """Run the mail deliveries a request asked for, over real SMTP, as a worker would."""
    from tenders.jobs import DELIVER_MAIL
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer

    statuses = []
    for name, args in jobs.jobs:
        if name == DELIVER_MAIL:
            statuses.append(await mail.deliver(args[0], SMTPMailer(settings), settings))
    jobs.jobs.clear()
    return statuses


# --- accounts ------------------------------------------------------------------------


@pytest.fixture
def make_organisation(database: str) -> Any:
    async def make(name: str | None = None) -> int:
        from tenders.members.service import upsert_organisation

        n = next(_counter)
        name = name or f"Structure {n}"
        return await upsert_organisation(
            name, f"structure-{n}", "Valenciennes", "Valenciennois", "Structure de test"
        )

    return make


@pytest.fixture
def make_account(make_organisation: Any) -> Any:
    async def make(
        role: str = "member",
        organisation_id: int | None = None,
        email: str | None = None,
        password: str = PASSWORD,
    ) -> Account:
        from tenders.accounts.service import create_user

        n = next(_counter)
        if role == "member" and organisation_id is None:
            organisation_id = await make_organisation()
        email = email or f"{role}{n}@exemple.fr"
        user_id = await create_user(email, f"Personne {role} {n}", role, password, organisation_id)
        return Account(user_id, email, role, organisation_id, password)

    return make


@pytest.fixture
def ready_bid(make_account: Any, make_organisation: Any) -> Any:
    """``tests.bids.make_bid`` with this test's account and structure makers: a coordinator
    and a consortium of the structures named, ready to compile."""
    from tests.bids import make_bid

    return functools.partial(make_bid, make_account, make_organisation)


@pytest.fixture
def log_in_as(client: AsyncTestClient[Litestar], make_account: Any) -> Any:
    """Make an account (``make_account``'s arguments) and log ``client`` in with it, or the
    client given as ``on``."""

    async def log_in(role: str = "member", *, on: Any = None, **account: Any) -> Account:
        made: Account = await make_account(role, **account)
        await login(on or client, made.email, made.password)
        return made

    return log_in


@pytest.fixture
def deliver_mail(jobs: Any, settings: Any) -> Any:
    """Run the mail deliveries the requests asked for, over real SMTP, as a worker would;
    returns their statuses."""
    return functools.partial(deliver_recorded, jobs, settings)


# --- real services ---------------------------------------------------------------------


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _wait_for_line(
    log: Path, needle: str, process: subprocess.Popen[bytes], timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RuntimeError(f"process did not print {needle!r}:\n{log.read_text(errors='replace')}")


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "tenders", "worker", "--concurrency", "1"],
        env=env,
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_for_line(log, "ready.", process, timeout=60)
    return process


def stop_process(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def start_redis(port: int, folder: Path, append_only: bool = False) -> subprocess.Popen[bytes]:
    """A private redis-server (kill it with ``os.killpg``), persisting to an append-only file
    in ``folder`` when asked, as the compose file's Redis does."""
    import redis

    persistence = ["yes", "--appendfsync", "always"] if append_only else ["no"]
    where = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    process = subprocess.Popen(
        ["redis-server", *where, "--save", "", "--appendonly", *persistence],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = redis.Redis(port=port, socket_connect_timeout=0.2)
    for _ in range(100):
        try:
            if client.ping():
                return process
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


class PrivateBroker:
    """A redis-server of the test's own, which the test may kill and start again, and the
    worker it starts on it; ``private_broker`` stops both."""

    def __init__(self, append_only: bool) -> None:
        if shutil.which("redis-server") is None:
            service_missing("redis-server")
        self.port = free_port()
        self.folder = TMP / f"redis-{self.port}"
        self.folder.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.append_only = append_only
        self.process = start_redis(self.port, self.folder, append_only)
        self.worker: subprocess.Popen[bytes] | None = None

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def restart(self) -> None:
        """Killed, then started again: empty, or from its append-only file."""
        self.kill()
        self.process = start_redis(self.port, self.folder, self.append_only)

    def start_worker(self, log: str) -> None:
        self.worker = start_worker({**os.environ, "TENDERS_REDIS_URL": self.url}, TMP / log)


@contextlib.contextmanager
def private_broker(append_only: bool = False) -> Iterator[PrivateBroker]:
    broker = PrivateBroker(append_only)
    try:
        yield broker
    finally:
        if broker.worker is not None:
            stop_process(broker.worker)
        broker.kill()


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """The real ``tenders serve`` (no local worker) on ``port``, started when it says so."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tenders",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-local-worker",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_for_line(log, "Application startup complete", process, timeout=60)
    # uvicorn says so before it listens: wait for the port too.
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(
                    f"tenders serve does not listen on {port}:\n{log.read_text(errors='replace')}"
                ) from None
            time.sleep(0.05)


def drop_queue(url: str = REDIS_URL) -> None:
    """Remove what this run's queue left in the Redis database at ``url``: its lists and
    bindings, and the messages a killed worker left unacknowledged. The rest of the database
    belongs to whoever else uses it, another test run included."""
    import json

    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    with contextlib.suppress(redis.exceptions.ConnectionError):
        keys = list(client.scan_iter(match=f"*{CELERY_QUEUE}*"))
        if keys:
            client.delete(*keys)
        for tag, value in client.hgetall("unacked").items():
            _, exchange, routing_key = json.loads(value)
            if CELERY_QUEUE in (exchange, routing_key):
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)


@pytest.fixture(scope="session")
def own_queue() -> Iterator[str]:
    """This run's Celery queue (conftest's CELERY_QUEUE), dropped when the run ends."""
    yield CELERY_QUEUE
    drop_queue()


def _sources_env(sources: Any) -> dict[str, str]:
    return {"TENDERS_BOAMP_URL": sources.url, "TENDERS_TED_URL": sources.url}


@pytest.fixture(scope="session")
def celery_worker(
    database: str, smtp_server: Mailbox, own_queue: str, public_sources: Any
) -> Iterator[subprocess.Popen[bytes]]:
    """One real Celery worker on real Redis, reading this run's own queue, sharing the test
    database and SMTP server; its watch reads the local BOAMP and TED (``public_sources``)."""
    if not redis_reachable():
        service_missing(f"Redis ({REDIS_URL})")
    process = start_worker({**os.environ, **_sources_env(public_sources)}, TMP / "worker.log")
    yield process
    stop_process(process)


@pytest.fixture
async def worker_client(
    celery_worker: subprocess.Popen[bytes], settings: Any
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of an app whose jobs go to the real worker, through Redis."""
    from tenders.app import create_app
    from tenders.jobs import CeleryJobQueue

    app = create_app(settings, jobs=CeleryJobQueue(settings))
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("TENDERS_TEST_CHROMIUM") or shutil.which("chromium") or ""
    if not path:
        service_missing("Chromium (paquet Debian chromium)")
    return path


@pytest.fixture(scope="session")
def live_server(
    database: str, smtp_server: Mailbox, own_queue: str, public_sources: Any
) -> Iterator[str]:
    """The real ``tenders serve`` command on a free port (its jobs go to this run's queue,
    which only a test asking for ``celery_worker`` reads)."""
    port = free_port()
    env = {
        **os.environ,
        **_sources_env(public_sources),
        "TENDERS_BASE_URL": f"http://127.0.0.1:{port}",
        "TENDERS_DB_POOL_SIZE": "4",
    }
    process = start_server(env, port, TMP / "server.log")
    yield f"http://127.0.0.1:{port}"
    stop_process(process)
