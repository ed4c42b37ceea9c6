"""The README's run command on a fresh data folder: SQLite, no Redis, no SMTP, demo loaded."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ENGINE, ROOT, TMP, free_port
from tests.fixtures import _wait_for_line, run_python, stop_process

pytestmark = pytest.mark.skipif(ENGINE != "sqlite", reason="the embedded default is SQLite")


def _embedded_env(data_dir: Path) -> dict[str, str]:
    """As the README's run command starts: no TENDERS_BASE_URL, no Redis, no SMTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENDERS_")}
    env.update({"TENDERS_DATA_DIR": str(data_dir), "TENDERS_PASSWORD_HASHING": "fast"})
    return env


def test_fresh_start_serves_french_login_and_the_demo_coordinator_logs_in() -> None:
    data_dir = TMP / "fresh-start"
    port = free_port()
    env = _embedded_env(data_dir)

    def tenders(*args: str) -> str:
        return run_python("-m", "tenders", *args, env=env, check=True).stdout

    tenders("migrate")
    printed = tenders("demo", "--if-empty")
    assert "17 structures" in printed
    assert "coordination@phare.example" in printed and "phare-demo-2026" in printed
    assert (data_dir / "cordee.sqlite3").exists()
    # A second start does not load the demo twice.
    assert "déjà des données" in tenders("demo", "--if-empty")

    log = TMP / "fresh-start-server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "tenders", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for_line(log, "Application startup complete", server, timeout=60)
        _wait_for_line(log, "ready.", server, timeout=60)  # the local worker
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            page = client.get("/connexion")
            assert page.status_code == 200
            assert "Connexion à Cordée" in page.text and 'lang="fr"' in page.text
            token = client.cookies["cordee_csrf"]
            response = client.post(
                "/connexion",
                data={
                    "email": "coordination@phare.example",
                    "password": "phare-demo-2026",
                    "_csrf_token": token,
                },
                follow_redirects=True,
            )
            assert response.url.path == "/tableau-de-bord"
            assert "Bonjour Coordination Phare" in response.text
            assert "Poinfor" in response.text
            assert client.get("/healthz").json() == {
                "status": "ok",
                "database": "ok",
                "broker": "local",
            }

            # A background job runs outside the request: the reset mail lands in var/mails.
            asked = client.post(
                "/mot-de-passe-oublie",
                data={
                    "email": "direction@poinfor.example",
                    "_csrf_token": client.cookies["cordee_csrf"],  # the logged-in session's
                },
            )
            assert asked.status_code < 400, asked.text
            # Without a base address, links point at the address served, its port included.
            feed = client.get("/echeances/mes-echeances.ics")
            assert feed.status_code == 200
            assert f"URL:http://127.0.0.1:{port}/" in feed.text.replace("\r\n ", "")
        deadline = time.monotonic() + 30
        mails: list[Path] = []
        while time.monotonic() < deadline and not mails:
            mails = list((data_dir / "mails").glob("*.eml"))
            time.sleep(0.2)
        assert mails, "the local worker delivered no mail:\n" + log.read_text()
        mail = email.message_from_bytes(mails[0].read_bytes(), policy=email.policy.default)
        assert mail["To"] == "direction@poinfor.example"
        assert "Cordée" in mail["Subject"]
        text = mail.get_body(preferencelist=("plain",))
        assert text is not None
        assert f"http://127.0.0.1:{port}/" in text.get_content()
    finally:
        stop_process(server)
