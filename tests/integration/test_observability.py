"""Request ids from the request to the worker's log, structured logs, Prometheus metrics."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.conftest import TMP
from tests.support import api, csrf, invitation, login


async def test_every_answer_carries_a_request_id(client: Any) -> None:
    given = await client.get("/connexion", headers={"X-Request-ID": "support-ticket-4242"})
    assert given.headers["x-request-id"] == "support-ticket-4242"

    made = await client.get("/connexion")
    hostile = await client.get("/connexion", headers={"X-Request-ID": "<script>\n"})
    assert len(made.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] not in {"<script>\n", made.headers["x-request-id"]}


@pytest.mark.worker
async def test_the_request_id_is_carried_into_the_worker_log(
    worker_client: Any, make_account: Any, mailbox: Any
) -> None:
    coordinator = await make_account("coordinator")
    request_id = f"obs-{time.time_ns()}"
    await login(worker_client, coordinator.email)
    response = await worker_client.post(
        "/api/users",
        json=invitation("suivi@aciae.example", "coordinator", "Suivi"),
        headers={"x-csrftoken": await csrf(worker_client), "X-Request-ID": request_id},
    )
    assert response.status_code == 201
    await mailbox.await_for("suivi@aciae.example")
    deadline = time.monotonic() + 10
    lines: list[str] = []
    while time.monotonic() < deadline and not lines:
        log = (TMP / "worker.log").read_text(errors="replace")
        lines = [line for line in log.splitlines() if request_id in line]
        await asyncio.sleep(0.1)
    assert any("delivering mail" in line for line in lines), lines


def test_json_log_lines_carry_the_request_and_the_task() -> None:
    from tenders.observability import REQUEST_ID, TASK_ID, JsonFormatter, RequestIdFilter

    record = logging.LogRecord("tenders.x", logging.INFO, __file__, 1, "mail %s envoyé", (7,), None)
    token, task = REQUEST_ID.set("req-12345678"), TASK_ID.set("task-1")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
        TASK_ID.reset(task)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "mail 7 envoyé"
    assert (line["request_id"], line["task_id"], line["level"]) == (
        "req-12345678",
        "task-1",
        "INFO",
    )


METRICS_TOKEN = "jeton-de-supervision-0123456789"


async def test_metrics_count_requests_and_read_the_queues(settings: Any, make_account: Any) -> None:
    from tenders.app import create_app
    from tenders.jobs import RecordingJobQueue

    admin = await make_account("admin")
    scraped = dataclasses.replace(settings, metrics_token=METRICS_TOKEN)
    app = create_app(scraped, jobs=RecordingJobQueue())
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        await login(client, admin.email)
        await api(client, "GET", "/api/session")
        scrape = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        body = (await client.get("/metrics", headers=scrape)).text
    assert 'cordee_http_requests_total{method="GET",route="/api/session",status="200"}' in body
    assert 'cordee_compile_jobs{status="queued"} 0.0' in body
    assert 'cordee_outbox_mails{status="pending"}' in body
    assert "cordee_reminders_due 0.0" in body

    production = dataclasses.replace(settings, production=True, metrics_token=METRICS_TOKEN)
    app = create_app(production, jobs=RecordingJobQueue())
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        assert (await other.get("/metrics")).status_code == 404
        wrong = await other.get("/metrics", headers={"Authorization": "Bearer non"})
        assert wrong.status_code == 404
        right = await other.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert right.status_code == 200 and "cordee_outbox_mails" in right.text
