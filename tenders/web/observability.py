"""The request id middleware and the HTTP metrics (what ``tenders.observability`` sets up
for the logs, applied to every request the app answers)."""

from __future__ import annotations

import logging
import os
import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Histogram

from tenders import cache
from tenders.observability import REQUEST_ID, new_request_id

SLOW_SECONDS = 1.0
LOG_EVERY_REQUEST = os.environ.get("TENDERS_LOG_REQUESTS", "") in {"1", "true", "yes", "oui"}
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
