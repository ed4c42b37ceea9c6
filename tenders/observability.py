"""Request ids, structured logs and Prometheus metrics.

Every request gets an id (the caller's ``X-Request-ID`` when it is a sane token, a new one
otherwise), sent back in the response, written in every log line of the request and carried
into the Celery tasks it enqueues, whose log lines then carry it too. Logs are text by default
and JSON lines with ``TENDERS_LOG_FORMAT=json`` (for a log collector)."""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Histogram

from tenders import cache

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
SLOW_SECONDS = 1.0
LOG_EVERY_REQUEST = os.environ.get("TENDERS_LOG_REQUESTS", "") in {"1", "true", "yes", "oui"}
_SANE = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
log = logging.getLogger("tenders.http")

HTTP_REQUESTS = Counter(
    "cordee_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "cordee_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


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


class RequestIdMiddleware:
    """Request id in, request id out; one log line and the metrics for every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                offered = value.decode("latin-1")
        request_id = new_request_id(offered)
        token = REQUEST_ID.set(request_id)
        epochs = cache.new_request()
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = str(scope.get("path_template") or "other")
            method = str(scope.get("method", ""))
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_DURATION.labels(method, route).observe(elapsed)
            # Every request is counted above; a line is written for the slow and the failed
            # ones (all of them with TENDERS_LOG_REQUESTS=1, or the « tenders.http » logger at
            # DEBUG): at thousands of requests a second, a line each costs a fifth of the time.
            level = (
                logging.WARNING
                if status >= 500 or elapsed >= SLOW_SECONDS
                else logging.INFO
                if LOG_EVERY_REQUEST
                else logging.DEBUG
            )
            if log.isEnabledFor(level):
                log.log(
                    level,
                    "%s %s %s %.1f ms",
                    method,
                    scope.get("path", ""),
                    status,
                    elapsed * 1000,
                    extra={
                        "method": method,
                        "path": scope.get("path", ""),
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )
            cache.end_request(epochs)
            REQUEST_ID.reset(token)
