"""SQLite queries outside a transaction reuse the connections already open.

Piccolo's ``SQLiteEngine`` opens a connection for each such query, on a thread started for it:
the file opened, the schema read, a thread started and stopped, then the query, which a page of
a dozen queries pays a dozen times. Here a query borrows an idle connection, runs on the one
thread that connection is used from, and hands it back once the statement is finished (so it
holds no read snapshot and no lock). With none idle a new one is opened: no query ever waits
for another's connection, as before. Transactions keep Piccolo's way, a connection of their own
for their lifetime; every connection is opened with the engine's settings (busy timeout), on a
file already in WAL mode (``tenders.db.prepare_sqlite_file``).

The threads are those of ``concurrent.futures``, stopped when the interpreter exits, and the
connections are not tied to an event loop: each ``asyncio.run`` of a command or a worker's task
finds them ready."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, convert_int_out
from piccolo.table import Table

# Enough for the queries a few requests run at once; more are opened when needed, then closed.
IDLE_CONNECTIONS = 4


def _integer(value: bytes) -> int:
    """Piccolo's converter of INTEGER columns, ``int(Decimal(text))`` (which also reads a
    ``1.0`` stored there), tried after ``int``, which reads every plain integer to the same
    value several times faster: every id and foreign key of every row read goes through it."""
    try:
        return int(value)
    except ValueError:
        return int(convert_int_out(value))


sqlite3.register_converter("INTEGER", _integer)


class _Connection:
    """An SQLite connection, opened and used on its own single thread."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = dict(settings)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cordee-sqlite")
        self._sqlite: sqlite3.Connection | None = None

    def _fetch(self, sql: str, args: list[Any]) -> list[dict[str, Any]]:
        if self._sqlite is None:
            opened = sqlite3.connect(**self.settings)
            try:
                opened.execute("PRAGMA foreign_keys = 1")
            except BaseException:
                opened.close()
                raise
            self._sqlite = opened
        try:
            cursor = self._sqlite.execute(sql, args)
            try:
                rows = cursor.fetchall()
                if not rows:
                    return []
                # Piccolo's dict_factory, the column names read once per query, not per row.
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in rows]
            finally:
                cursor.close()
        finally:
            if self._sqlite.in_transaction:
                # A BEGIN run outside ``db.transaction()`` ends with the connection, as when
                # each statement had its own: the next statement opens a fresh one.
                self._close()

    def submit(self, sql: str, args: list[Any]) -> Future[list[dict[str, Any]]]:
        return self._thread.submit(self._fetch, sql, args)

    def _close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    def close(self) -> None:
        self._thread.submit(self._close)
        self._thread.shutdown(wait=False)


class _Idle:
    """The idle connections of one engine, shared by every thread and event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[_Connection] = []
        self._pid = os.getpid()
        # Those of the parent of a forked process (a Celery worker's child): never used nor
        # closed there, as SQLite asks of a connection opened before a fork.
        self._inherited: list[_Connection] = []

    def take(self, settings: dict[str, Any]) -> _Connection:
        with self._lock:
            if self._pid != os.getpid():
                self._inherited += self._connections
                self._connections, self._pid = [], os.getpid()
            while self._connections:
                connection = self._connections.pop()
                if connection.settings == settings:
                    return connection
                connection.close()  # the engine's path changed since it was opened
        return _Connection(settings)

    def give_back(self, connection: _Connection) -> None:
        with self._lock:
            keep = self._pid == os.getpid() and len(self._connections) < IDLE_CONNECTIONS
            if keep:
                self._connections.append(connection)
        if not keep:
            connection.close()


class ReusedConnectionsSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine whose queries outside a transaction reuse idle connections."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle = _Idle()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        if query_type == "insert" and self.get_version_sync() < 3.35:
            # No RETURNING before SQLite 3.35: Piccolo's own way reads the new key.
            return await super()._run_in_new_connection(query, args, query_type, table)
        idle = self._idle
        connection = idle.take(self.connection_kwargs)
        done = connection.submit(query, list(args or []))
        # Handed back once the statement is over, even if the caller stopped waiting for it.
        done.add_done_callback(lambda _: idle.give_back(connection))
        return await asyncio.wrap_future(done)
