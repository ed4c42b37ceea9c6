"""Faults on real parts: PostgreSQL restarted under a serving app; Redis killed while jobs
wait, then restarted from its append-only file. (Workers killed mid-compile and SMTP down:
tests/integration/test_package_worker.py and test_reminder_delivery.py, same marker.)"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import ROOT, TMP, free_port, service_missing
from tests.fixtures import private_broker, start_server, stop_process


def _pg_tool(name: str) -> str:
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    path = found[-1] if found else shutil.which(name)
    if not path:
        service_missing(f"PostgreSQL ({name})")
    return str(path)


class PrivateCluster:
    """A PostgreSQL server of the test's own, so that stopping it disturbs nobody else."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.data = folder / "data"
        folder.mkdir(parents=True)
        self.as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as « postgres »
            shutil.chown(folder.parent, "postgres", "postgres")
            shutil.chown(folder, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [
                *self.as_owner,
                _pg_tool("initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/cordee"

    def start(self) -> None:
        subprocess.run(
            [
                *self.as_owner,
                _pg_tool("pg_ctl"),
                "-D",
                str(self.data),
                "-w",
                "-l",
                str(self.folder / "server.log"),
                "-o",
                f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            [*self.as_owner, _pg_tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )


@pytest.fixture
def cluster() -> Iterator[PrivateCluster]:
    # Its own folder under /tmp: the test folder is private to this user, and the server may
    # have to run as « postgres ».
    folder = Path(tempfile.mkdtemp(prefix="cordee-pg-"))
    server = PrivateCluster(folder / "cluster")
    server.start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _run(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tenders", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.fault
async def test_postgresql_restarted_while_serving_answers_503_then_recovers(
    cluster: PrivateCluster,
) -> None:
    import asyncpg

    admin = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres")
    await admin.execute("CREATE DATABASE cordee")
    await admin.close()
    port = free_port()
    env = {
        **os.environ,
        "TENDERS_DATABASE_URL": cluster.url,
        "TENDERS_BASE_URL": f"http://127.0.0.1:{port}",
        "TENDERS_DB_POOL_SIZE": "4",
    }
    _run("migrate", env=env)
    _run(
        "create-user",
        "--email",
        "veille@exemple.fr",
        "--name",
        "Veille",
        "--role",
        "admin",
        "--password",
        "un mot de passe solide",
        env=env,
    )
    server = start_server(env, port, TMP / f"server-{port}.log")
    base = f"http://127.0.0.1:{port}"
    try:
        browser = requests.Session()
        browser.get(f"{base}/connexion", timeout=10)
        token = browser.cookies.get("cordee_csrf", "")
        assert browser.post(
            f"{base}/api/session",
            json={"email": "veille@exemple.fr", "password": "un mot de passe solide"},
            headers={"x-csrftoken": token},
            timeout=10,
        ).status_code in (200, 201)
        token = browser.cookies.get("cordee_csrf", "")  # login gave a token of the new session
        created = browser.post(
            f"{base}/api/organisations",
            json={"name": "Régie de quartier", "kind": "association"},
            headers={"x-csrftoken": token},
            timeout=10,
        )
        assert created.status_code == 201, created.text

        cluster.stop()  # the database goes away under the serving app
        page = browser.get(f"{base}/structures", timeout=10)
        assert page.status_code == 503
        assert "La base de données est momentanément indisponible" in page.text
        assert page.headers["retry-after"] == "10"
        api = browser.get(f"{base}/api/organisations", timeout=10)
        assert api.status_code == 503
        assert api.json()["detail"].startswith("La base de données est momentanément")
        health = requests.get(f"{base}/healthz", timeout=10)  # as a monitoring probe
        assert (health.status_code, health.json()["database"]) == (503, "injoignable")

        cluster.start()  # back: the same process serves again, the same session works
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline:
            answer = browser.get(f"{base}/api/organisations", timeout=10)
            if answer.status_code == 200:
                break
            await asyncio.sleep(0.5)
        assert answer is not None and answer.status_code == 200, answer.text if answer else ""
        assert [o["name"] for o in answer.json()["organisations"]] == ["Régie de quartier"]
        assert server.poll() is None  # never restarted
    finally:
        stop_process(server)


@pytest.mark.fault
@pytest.mark.worker
async def test_redis_killed_with_jobs_queued_keeps_them_with_append_only_persistence(
    settings: Any, mailbox: Any
) -> None:
    """As in docker-compose.yml: the queued delivery jobs are in Redis' append-only file, so a
    Redis killed and restarted still hands them to the worker — each mail sent once."""
    import dataclasses

    from tenders.jobs import DELIVER_MAIL, CeleryJobQueue
    from tenders.mail.service import queue_mail
    from tenders.mail.tables import OutgoingMail

    with private_broker(append_only=True) as broker:
        queue = CeleryJobQueue(dataclasses.replace(settings, redis_url=broker.url))
        ids = [
            await queue_mail(
                "test",
                f"aof{n}@exemple.fr",
                "password_reset",
                {"full_name": f"Personne {n}", "link": "http://x/y", "minutes": 60},
                settings,
            )
            for n in range(5)
        ]
        for mail_id in ids:
            await queue.enqueue(DELIVER_MAIL, mail_id)
        broker.restart()  # from its append-only file
        broker.start_worker("aof-worker.log")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(mailbox.messages) < len(ids):
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)

    assert sorted(str(m["To"]) for m in mailbox.messages) == [
        f"aof{n}@exemple.fr" for n in range(5)
    ]
    rows = await OutgoingMail.select(OutgoingMail.status, OutgoingMail.attempts)
    assert {(r["status"], r["attempts"]) for r in rows} == {("sent", 1)}
