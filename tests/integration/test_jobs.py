"""Background jobs on real parts: a Celery worker on Redis, and the embedded folder queue."""

from __future__ import annotations

import dataclasses
import os
from datetime import timedelta
from typing import Any

import pytest

from tenders.clock import utcnow
from tenders.jobs import DELIVER_MAIL, SWEEP_MAIL, CeleryJobQueue
from tenders.mail.tables import OutgoingMail
from tests.conftest import TMP
from tests.fixtures import run_python, start_worker, stop_process
from tests.support import api, invitation, link_in, login, text_part


async def _wait_status(mail_id: int, status: str, timeout: float = 20.0) -> dict[str, Any]:
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = await OutgoingMail.select().where(OutgoingMail.id == mail_id)
        if rows and rows[0]["status"] == status:
            return rows[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"mail {mail_id} never reached {status!r}")


async def _reset_mail(address: str, settings: Any) -> int:
    """A password-reset mail to ``address`` in the outbox, its delivery not asked for yet."""
    from tenders.mail.service import queue_mail

    context = {"full_name": "X", "link": "http://x/r", "minutes": 60, "expires_at": utcnow()}
    return await queue_mail("test", address, "password_reset", context, settings)


@pytest.mark.worker
async def test_invitation_mail_is_sent_by_a_real_celery_worker(
    worker_client: Any, make_account: Any, mailbox: Any
) -> None:
    coordinator = await make_account("coordinator")
    await login(worker_client, coordinator.email)
    camille = invitation("camille@aciae.example", "coordinator", "Camille Roux")
    response = await api(worker_client, "POST", "/api/users", camille)
    assert response.status_code == 201
    [message] = await mailbox.await_for("camille@aciae.example")
    assert "/invitation/" in link_in(message, "/invitation/")
    assert "Bonjour Camille Roux" in text_part(message)
    [row] = await OutgoingMail.select().where(OutgoingMail.recipient == "camille@aciae.example")
    row = await _wait_status(row["id"], "sent")
    assert row["attempts"] == 1
    assert message["Message-ID"] == row["message_id"]


@pytest.mark.worker
async def test_a_delivery_asked_twice_sends_one_mail(
    celery_worker: Any, settings: Any, mailbox: Any
) -> None:
    mail_id = await _reset_mail("twice@exemple.fr", settings)
    queue = CeleryJobQueue(settings)
    await queue.enqueue(DELIVER_MAIL, mail_id)
    await queue.enqueue(DELIVER_MAIL, mail_id)
    await _wait_status(mail_id, "sent")
    await queue.enqueue(DELIVER_MAIL, mail_id)
    import asyncio

    await asyncio.sleep(1.0)
    assert len(mailbox.to("twice@exemple.fr")) == 1


@pytest.mark.worker
async def test_the_sweep_delivers_mail_whose_job_was_lost(
    celery_worker: Any, settings: Any, mailbox: Any
) -> None:
    mail_id = await _reset_mail("lost@exemple.fr", settings)
    # No job was enqueued (say the broker was down); the row is old enough to be swept.
    await OutgoingMail.update({OutgoingMail.created_at: utcnow() - timedelta(minutes=5)}).where(
        OutgoingMail.id == mail_id
    )
    await CeleryJobQueue(settings).enqueue(SWEEP_MAIL)
    await _wait_status(mail_id, "sent")
    assert len(await mailbox.await_for("lost@exemple.fr")) == 1


@pytest.mark.worker
async def test_embedded_default_runs_jobs_in_a_local_worker_without_redis(
    smtp_server: Any, settings: Any, mailbox: Any
) -> None:
    """No TENDERS_REDIS_URL: the queue is a folder under the data dir, read by a local worker."""
    data_dir = TMP / "embedded"
    env = {**os.environ, "TENDERS_REDIS_URL": "", "TENDERS_DATA_DIR": str(data_dir)}
    local = dataclasses.replace(settings, redis_url="", data_dir=data_dir)
    process = start_worker(env, TMP / "embedded-worker.log")
    try:
        mail_id = await _reset_mail("local@exemple.fr", settings)
        await CeleryJobQueue(local).enqueue(DELIVER_MAIL, mail_id)
        await _wait_status(mail_id, "sent", timeout=30)
    finally:
        stop_process(process)
    assert len(mailbox.to("local@exemple.fr")) == 1


def test_web_process_enqueues_without_importing_worker_code() -> None:
    script = (
        "import sys, asyncio\n"
        "from tenders.app import create_app\n"
        "from tenders.jobs import CeleryJobQueue\n"
        "from tenders.settings import get_settings\n"
        "create_app()\n"
        "s = get_settings()\n"
        "import dataclasses\n"
        "q = CeleryJobQueue(dataclasses.replace(s, redis_url=''))\n"
        "asyncio.run(q.enqueue('mail.deliver', 0))\n"
        "assert not [m for m in sys.modules if m.startswith('workers')], 'workers imported'\n"
        "print('ok')\n"
    )
    env = {**os.environ, "TENDERS_DATA_DIR": str(TMP / "seam")}
    result = run_python("-c", script, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
