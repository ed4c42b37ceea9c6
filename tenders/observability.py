"""Request ids and structured logs, for the web process and the workers alike.

Every request gets an id (the caller's ``X-Request-ID`` when it is a sane token, a new one
otherwise), sent back in the response, written in every log line of the request and carried
into the Celery tasks it enqueues, whose log lines then carry it too. Logs are text by default
and JSON lines with ``TENDERS_LOG_FORMAT=json`` (for a log collector). The ASGI middleware that
gives each request its id, and the HTTP metrics, are in ``tenders/web/observability.py``."""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")


def new_request_id(offered: str | None = None) -> str:
    return offered if offered and _SANE.match(offered) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (and the Celery ``task_id`` when there is one) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        if not hasattr(record, "task_id"):
            record.task_id = TASK_ID.get()
        return True


TASK_ID: ContextVar[str] = ContextVar("task_id", default="-")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        task = getattr(record, "task_id", "-")
        if task != "-":
            entry["task_id"] = task
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_dict(log_format: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the web process and the workers."""
    formatter = (
        {"()": "tenders.observability.JsonFormatter"}
        if log_format == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "tenders.observability.RequestIdFilter"}},
        "formatters": {"cordee": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "cordee",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "WARNING", "handlers": ["console"]},
        "loggers": {"tenders": {"level": "INFO"}, "workers": {"level": "INFO"}},
    }


def attach(handler: logging.Handler, log_format: str) -> None:
    """Give a handler somebody else configured (Celery's) our request id and format."""
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
