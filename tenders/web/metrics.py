"""``GET /metrics`` for Prometheus: HTTP counters of this process, and the state of the jobs,
the outbox and the reminders read from the database (the same whichever process answers).

With several web processes, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder shared by them
so that the HTTP counters add up across processes (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import hmac
import os
from typing import Any

from litestar import Controller, Response, get
from piccolo.query.functions.aggregate import Count
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Gauge,
    generate_latest,
    multiprocess,
)

from tenders.clock import utcnow
from tenders.errors import NotFound
from tenders.mail.tables import OutgoingMail
from tenders.packages.tables import CompileJob
from tenders.reminders.tables import ScheduledReminder
from tenders.settings import Settings
from tenders.web.deps import Req

_STATE = CollectorRegistry()
COMPILE_JOBS = Gauge("cordee_compile_jobs", "Compile jobs by status", ["status"], registry=_STATE)
OUTBOX = Gauge("cordee_outbox_mails", "Mails in the outbox by status", ["status"], registry=_STATE)
REMINDERS_DUE = Gauge(
    "cordee_reminders_due", "Reminders due and not processed yet", registry=_STATE
)
REMINDERS = Gauge("cordee_reminders", "Planned reminders by status", ["status"], registry=_STATE)


async def _count_by(table: Any, column: Any) -> dict[str, int]:
    rows = await table.select(column, Count(alias="n")).group_by(column)
    return {str(r[column._meta.name]): int(r["n"]) for r in rows}


async def _refresh() -> None:
    for gauge, table, column, known in (
        (COMPILE_JOBS, CompileJob, CompileJob.status, ("queued", "running", "done", "failed")),
        (OUTBOX, OutgoingMail, OutgoingMail.status, ("pending", "sending", "sent", "failed")),
        (
            REMINDERS,
            ScheduledReminder,
            ScheduledReminder.status,
            ("scheduled", "sent", "digest", "skipped", "expired"),
        ),
    ):
        counts = await _count_by(table, column)
        for status in {*known, *counts}:
            gauge.labels(status).set(counts.get(status, 0))
    REMINDERS_DUE.set(
        await ScheduledReminder.count().where(
            (ScheduledReminder.status == "scheduled") & (ScheduledReminder.due_at <= utcnow())
        )
    )


def _allowed(request: Req, settings: Settings) -> bool:
    # The counters tell who is busy with which bid: without a token set, nobody reads them.
    if not settings.metrics_token:
        return False
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given, f"Bearer {settings.metrics_token}")


class MetricsController(Controller):
    path = "/metrics"
    include_in_schema = False

    @get("/", opt={"public": True, "sessionless": True})
    async def metrics(self, request: Req) -> Response[bytes]:
        settings: Settings = request.app.state.settings
        if not _allowed(request, settings):
            raise NotFound()
        await _refresh()
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            http = generate_latest(registry)
        else:
            http = generate_latest(REGISTRY)
        return Response(
            http + generate_latest(_STATE),
            media_type=CONTENT_TYPE_LATEST,
            headers={"Cache-Control": "no-store"},
        )
