"""The HTTP side of the watch: one polite client for BOAMP and TED.

Timeouts, retries with an exponential backoff on connection errors and 5xx answers,
``Retry-After`` honoured (and capped) on 429 and 503, a size cap per answer read as a
stream, and a User-Agent naming Cordée. Every failure ends as a ``SourceError`` in French.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from tenders import __version__
from tenders.watch.results import SourceError

USER_AGENT = f"Cordee/{__version__} (veille des marches publics)"  # headers are ASCII

UNREACHABLE = (
    "La source {source} est injoignable ({detail}) : vérifiez la connexion à internet du serveur."
)
# Why a source could not be reached, in words (not the library's class names).
CONNECT_TIMEOUT = "délai de connexion dépassé"
CONNECT_REFUSED = "adresse introuvable ou connexion refusée"
TIMED_OUT = "La source {source} n'a pas répondu à temps."
HTTP_ERROR = "La source {source} a répondu par une erreur (HTTP {status})."
TOO_LARGE = (
    "La réponse de la source {source} dépasse la taille maximale de {limit} Mo : lecture arrêtée."
)
TRUNCATED = "La réponse de la source {source} est incomplète (coupée en cours de transfert)."
NOT_JSON = "La réponse de la source {source} n'est pas du JSON lisible : la source semble en panne."


def _why(error: Exception) -> str:
    return CONNECT_TIMEOUT if isinstance(error, httpx.ConnectTimeout) else CONNECT_REFUSED


RETRIED_STATUSES = frozenset({500, 502, 503, 504, 429})


@dataclass(frozen=True)
class Policy:
    """How patient the client is with a source."""

    timeout: float = 30.0
    attempts: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    max_bytes: int = 20 * 1024 * 1024


def retry_after(value: str | None, cap: float) -> float | None:
    """Seconds asked by a ``Retry-After`` header (seconds or HTTP date), capped; None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), cap))


def parse_json(body: bytes, source: str) -> Any:
    """The JSON document of an answer, or a ``SourceError`` saying it is garbage."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(NOT_JSON.format(source=source)) from error


class Unreachable(SourceError):
    """The source could not be reached at all (no connection, no DNS, nothing listening)."""


class AnswerError(SourceError):
    """The source answered, with an HTTP error status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SourceClient:
    """An async client for one source; use as ``async with SourceClient(...) as client``."""

    def __init__(self, source: str, policy: Policy | None = None) -> None:
        self.source = source
        self.policy = policy or Policy()
        self._http = httpx.AsyncClient(
            timeout=self.policy.timeout,
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )

    async def __aenter__(self) -> SourceClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    async def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        return parse_json(await self.fetch("GET", url, params=params), self.source)

    async def post_json(self, url: str, body: dict[str, Any]) -> Any:
        return parse_json(await self.fetch("POST", url, json=body), self.source)

    async def fetch(self, method: str, url: str, **kwargs: Any) -> bytes:
        """The body of a successful answer, after the retries the policy allows."""
        policy = self.policy
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            wait = policy.backoff * 2 ** (attempt - 1)
            try:
                status, headers, body = await self._once(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                if last:
                    raise Unreachable(self._say(UNREACHABLE, detail=_why(error))) from error
            except httpx.TimeoutException as error:
                if last:
                    raise SourceError(self._say(TIMED_OUT)) from error
            else:
                if status < 400:
                    return body
                if status not in RETRIED_STATUSES or last:
                    raise AnswerError(self._say(HTTP_ERROR, status=status), status)
                asked = retry_after(headers.get("retry-after"), policy.max_wait)
                if asked is not None and status in (429, 503):
                    wait = asked
            await asyncio.sleep(min(wait, policy.max_wait))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, method: str, url: str, **kwargs: Any) -> tuple[int, httpx.Headers, bytes]:
        limit = self.policy.max_bytes
        try:
            async with self._http.stream(method, url, **kwargs) as answer:
                if answer.status_code >= 400:
                    return answer.status_code, answer.headers, b""
                chunks: list[bytes] = []
                size = 0
                async for chunk in answer.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        mb = limit / (1024 * 1024)
                        raise SourceError(self._say(TOO_LARGE, limit=f"{mb:g}"))
                    chunks.append(chunk)
                return answer.status_code, answer.headers, b"".join(chunks)
        except (httpx.RemoteProtocolError, httpx.ReadError) as error:
            raise SourceError(self._say(TRUNCATED)) from error

    def _say(self, template: str, **values: Any) -> str:
        return template.format(source=self.source, **values)
