"""Short-lived caches in each process, kept right across processes by epochs in Redis.

A cached value is tagged with the epoch of its kind (``sessions``, ``tenders``, ``data``) read
from Redis *before* the database was read; whoever changes that kind of data bumps the epoch
*after* committing. ``data`` is bumped by the database engine itself (the ``WriteTracking``
engines below) after every committed write, whoever makes it: a page, a worker's task, a command
or a test; what shows a bit of everything (the dashboard) is cached under it.

A process then serves a value from its cache only while the epoch it reads (one Redis round
trip, much cheaper than the queries it saves) is the one the value was tagged with, so a logout,
a deactivation or a new tender is seen by every process at its next request.
Without Redis (the embedded default), or when Redis does not answer, nothing is cached."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import time
import weakref
from collections import OrderedDict
from contextvars import ContextVar, Token
from typing import Any

from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType
from piccolo.querystring import QueryString

from tenders.settings import get_settings

log = logging.getLogger(__name__)

PREFIX = "cordee:epoch:"
# A safety net, not the mechanism: even an epoch never bumped cannot serve older data.
MAX_AGE_SECONDS = 30.0
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
# After Redis failed to answer, this process leaves it alone for a while: every write statement
# would otherwise wait for its timeout. Meanwhile nothing is cached here, and what other
# processes cached expires by age (MAX_AGE_SECONDS).
RETRY_AFTER_SECONDS = 5.0
_away_until = 0.0


def _redis_away() -> None:
    global _away_until
    _away_until = time.monotonic() + RETRY_AFTER_SECONDS


def _client() -> Any | None:
    url = get_settings().redis_url
    if not url or time.monotonic() < _away_until:
        return None
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        import redis.asyncio as aioredis

        client = aioredis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        _clients[loop] = client
    return client


def _key(kind: str) -> str:
    """The epoch's key: one per database, so that two services (or test runs) sharing a Redis
    never drop each other's entries nor see each other's writes."""
    return f"{PREFIX}{_database_tag(get_settings().database_url)}:{kind}"


@functools.lru_cache(maxsize=8)
def _database_tag(database_url: str) -> str:
    return hashlib.sha256(database_url.encode()).hexdigest()[:16]


KINDS = ("sessions", "tenders", "data")
# The epochs read during the current request: one Redis round trip for all kinds.
_READ: ContextVar[dict[str, int] | None] = ContextVar("cache_epochs", default=None)


def new_request() -> Token[dict[str, int] | None]:
    """Called when a request starts: its first ``epoch`` call reads them all."""
    return _READ.set(None)


def end_request(token: Token[dict[str, int] | None]) -> None:
    _READ.reset(token)


async def epoch(kind: str) -> int | None:
    """The current epoch of ``kind``; ``None`` means: do not use the cache."""
    if kind == "data" and not _tracked_engines:
        return None  # nobody here bumps it: the engine is not one of those below
    read = _READ.get()
    if read is not None and kind in read:
        return read[kind]
    client = _client()
    if client is None:
        return None
    try:
        values = await client.mget([_key(k) for k in KINDS])
    except Exception:  # Redis away: the database answers, uncached
        _redis_away()
        return None
    read = {k: int(v or 0) for k, v in zip(KINDS, values, strict=True)}
    _READ.set(read)
    return read.get(kind)


async def bump(*kinds: str) -> None:
    """Call after committing a change: every process drops what it cached of ``kinds``."""
    client = _client()
    if client is None:
        return
    try:
        for kind in kinds:
            value = await client.incr(_key(kind))
            read = _READ.get()
            if read is not None:  # the rest of this request sees its own change
                read[kind] = int(value)
    except Exception:
        # The entries then expire by age; say so, it is worth knowing.
        _redis_away()
        log.warning("could not bump the cache epoch of %s", ", ".join(kinds))


async def bump_all() -> bool:
    """Every epoch bumped, from a command (after the database was edited by hand), with a
    client of its own; False when Redis is not configured or did not answer."""
    import redis.asyncio as aioredis

    url = get_settings().redis_url
    if not url:
        return False
    client = aioredis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        for kind in KINDS:
            await client.incr(_key(kind))
    except Exception:
        return False
    finally:
        await client.aclose()
    return True


class EpochCache:
    """A small LRU of values tagged with the epoch they were read under."""

    def __init__(self, kind: str, size: int = 1000) -> None:
        self.kind = kind
        self.size = size
        self._items: OrderedDict[Any, tuple[int, float, Any]] = OrderedDict()

    def get(self, key: Any, current: int) -> Any | None:
        found = self._items.get(key)
        if found is None:
            return None
        tagged, stored_at, value = found
        if tagged != current or time.monotonic() - stored_at > MAX_AGE_SECONDS:
            self._items.pop(key, None)
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: Any, current: int, value: Any) -> None:
        self._items[key] = (current, time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


# --- the ``data`` epoch: bumped after every committed write --------------------------------

_READS = ("select", "pragma", "explain", "show")
# The write-tracking engines made in this process (they all are, through tenders.db).
_tracked_engines: weakref.WeakSet[Any] = weakref.WeakSet()


def _writes(sql: str) -> bool:
    """Anything but a read counts as a write: a needless bump only costs a cache miss."""
    return not sql.lstrip()[:7].lower().startswith(_READS)


async def _wrote(engine: SQLiteEngine | PostgresEngine) -> None:
    """After a write: at once when it was committed on its own, else when its transaction
    commits (a bump before the commit would let a reader cache the old data as new)."""
    transaction = engine.current_transaction.get()
    if transaction is None:
        await bump("data")
    elif isinstance(transaction, (_TrackedSQLiteTransaction, _TrackedPostgresTransaction)):
        transaction.wrote = True


class _TrackedSQLiteTransaction(SQLiteTransaction):
    wrote = False

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        done = await super().__aexit__(exception_type, exception, traceback)
        if self._parent is None and self._committed and self.wrote:
            await bump("data")
        return done


class _TrackedPostgresTransaction(PostgresTransaction):
    wrote = False

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        done = await super().__aexit__(exception_type, exception, traceback)
        if self._parent is None and self._committed and self.wrote:
            await bump("data")
        return done


class WriteTrackingSQLiteEngine(SQLiteEngine):
    """SQLite that bumps the ``data`` epoch after every committed write."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tracked_engines.add(self)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        response = await super().run_querystring(querystring, in_pool)
        if _writes(querystring.template):
            await _wrote(self)
        return response

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        response = await super().run_ddl(ddl, in_pool)
        if _writes(ddl):
            await _wrote(self)
        return response

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return _TrackedSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )


class WriteTrackingPostgresEngine(PostgresEngine):
    """PostgreSQL that bumps the ``data`` epoch after every committed write."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tracked_engines.add(self)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        response = await super().run_querystring(querystring, in_pool)
        if _writes(querystring.template):
            await _wrote(self)
        return response

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        response = await super().run_ddl(ddl, in_pool)
        if _writes(ddl):
            await _wrote(self)
        return response

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return _TrackedPostgresTransaction(engine=self, allow_nested=allow_nested)
