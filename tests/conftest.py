"""Test environment: one database engine per run (TENDERS_TEST_DB=sqlite|postgres), a real
SMTP server (aiosmtpd), and, for the tests that ask, a real Celery worker on Redis and a real
server driven by headless Chromium.

The environment is set here, before any ``tenders`` module is imported. The database itself is
created and migrated only when a test needs it (the ``database`` fixture, which the tests of
tests/integration and tests/browser get with empty tables): tests/unit never touches it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import tempfile
from pathlib import Path

ENGINE = os.environ.get("TENDERS_TEST_DB", "sqlite")
IN_CI = os.environ.get("CI", "").lower() == "true"
ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix=f"cordee-tests-{ENGINE}-"))
POSTGRES_ADMIN_URL = os.environ.get(
    "TENDERS_TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
POSTGRES_DB = f"cordee_test_{os.getpid()}"
REDIS_URL = os.environ.get("TENDERS_TEST_REDIS", "redis://127.0.0.1:6379/15")
# Runs at the same time on one machine share that Redis database: each sends its jobs to a
# queue of its own, so one run's worker never takes another run's jobs.
CELERY_QUEUE = f"cordee-test-{os.getpid()}-{secrets.token_hex(4)}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SMTP_PORT = free_port()

if ENGINE == "postgres":
    DATABASE_URL = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{POSTGRES_DB}"
elif ENGINE == "sqlite":
    DATABASE_URL = f"sqlite:///{TMP / 'cordee-test.sqlite3'}"
else:
    raise SystemExit(f"TENDERS_TEST_DB doit valoir sqlite ou postgres, pas {ENGINE!r}")

TEST_ENV = {
    "PICCOLO_CONF": "tenders.piccolo_conf",
    "TENDERS_DATABASE_URL": DATABASE_URL,
    "TENDERS_DATA_DIR": str(TMP / "data"),
    "TENDERS_REDIS_URL": REDIS_URL,
    "TENDERS_CELERY_QUEUE": CELERY_QUEUE,
    "TENDERS_BASE_URL": "http://testserver.local",
    "TENDERS_ALLOWED_HOSTS": "testserver.local,127.0.0.1,localhost",
    "TENDERS_SMTP_HOST": "127.0.0.1",
    "TENDERS_SMTP_PORT": str(SMTP_PORT),
    "TENDERS_SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "TENDERS_PRODUCTION": "",
    # The in-process test client runs the app on its own event loop, while the tests query
    # the database from theirs: no pool here (the live server and workers keep theirs).
    "TENDERS_DB_POOL_SIZE": "0",
    "TENDERS_PASSWORD_HASHING": "fast",
    # PDF copies take LibreOffice seconds per package: one test turns them on.
    "TENDERS_COMPILE_PDF": "no",
}
os.environ.update(TEST_ENV)

from collections.abc import AsyncIterator, Iterator  # noqa: E402

import pytest  # noqa: E402

pytest_plugins = ["tests.fixtures", "tests.watch_support"]


def service_missing(what: str) -> None:
    """Outside CI a missing service skips the tests that need it; in CI it fails them."""
    message = f"{what} n'est pas disponible"
    if IN_CI:
        pytest.fail(f"{message} (CI=true : un service manquant est une erreur)", pytrace=False)
    pytest.skip(message)


def shared_path(path: Path) -> Path:
    """A file of ../shared/data (real notices, the official ESPD schemas and rules). CI has
    them (missing → the test fails); a checkout without ../shared skips the tests that read
    them, saying so."""
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} manque : ../shared/data est attendu en CI", pytrace=False)
        pytest.skip(f"{path} absent : clonez le dépôt à côté de ../shared pour ces tests")
    return path


def shared_data(path: Path) -> bytes:
    return shared_path(path).read_bytes()


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(TMP, ignore_errors=True)


def pytest_report_header() -> list[str]:
    return [
        f"cordee: database engine {ENGINE} ({DATABASE_URL}), SMTP 127.0.0.1:{SMTP_PORT}, "
        f"Celery queue {CELERY_QUEUE} on {REDIS_URL}"
    ]


__all__ = ["AsyncIterator", "Iterator", "service_missing"]
