"""Database engine built from the settings, the transaction used for every write, and the
Piccolo app of each package."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from inspect import isclass
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit

from piccolo.conf.apps import AppConfig
from piccolo.engine.base import Engine
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from tenders.cache import WriteTrackingPostgresEngine, WriteTrackingSQLiteEngine
from tenders.settings import Settings
from tenders.sqlite_connections import ReusedConnectionsSQLiteEngine

SQLITE_BUSY_TIMEOUT_SECONDS = 30


class CordeeSQLiteEngine(WriteTrackingSQLiteEngine, ReusedConnectionsSQLiteEngine):
    """SQLite telling of its writes, whose queries outside a transaction reuse connections."""


def postgres_config(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    config: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "database": (parts.path or "/").lstrip("/") or "postgres",
        "user": unquote(parts.username) if parts.username else "postgres",
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    return config


def make_engine(settings: Settings) -> Engine:
    """The engine of the settings, which tells every process of each write it commits
    (``tenders.cache``: what is cached across processes is dropped after a change)."""
    if settings.is_sqlite:
        return CordeeSQLiteEngine(
            path=str(settings.sqlite_path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS
        )
    if settings.database_url.startswith(("postgres://", "postgresql://")):
        return WriteTrackingPostgresEngine(config=postgres_config(settings.database_url))
    raise ValueError(
        "TENDERS_DATABASE_URL doit commencer par sqlite:/// ou postgresql:// "
        f"(reçu : {settings.database_url!r})."
    )


def app_config(tables: ModuleType, after: Sequence[str] = ()) -> AppConfig:
    """A package's Piccolo app: named as its folder, with every table its ``tables`` module
    declares, its migrations beside it, run after those of the packages named in ``after``."""
    folder = os.path.dirname(os.path.abspath(str(tables.__file__)))
    declared = [
        value
        for value in vars(tables).values()
        if isclass(value) and issubclass(value, Table) and value.__module__ == tables.__name__
    ]
    return AppConfig(
        app_name=os.path.basename(folder),
        migrations_folder_path=os.path.join(folder, "migrations"),
        table_classes=declared,
        migration_dependencies=[f"tenders.{name}.piccolo_app" for name in after],
        commands=[],
    )


def prepare_sqlite_file(settings: Settings) -> None:
    """Create the folder and switch the file to WAL (a lasting property of the file)."""
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(settings.sqlite_path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")


def engine() -> Engine:
    found = engine_finder()
    if found is None:
        raise RuntimeError("Aucune base configurée (PICCOLO_CONF).")
    return found


def is_postgres() -> bool:
    return isinstance(engine(), PostgresEngine)


@asynccontextmanager
async def pooled(max_size: int = 2) -> AsyncIterator[None]:
    """A small PostgreSQL pool for a worker's task (its own event loop); nothing on SQLite.
    Without it every query of the task opens a connection."""
    db = engine()
    if not isinstance(db, PostgresEngine) or db.pool is not None:
        yield
        return
    await db.start_connection_pool(min_size=1, max_size=max_size)
    try:
        yield
    finally:
        await db.close_connection_pool()


def transaction() -> Any:
    """A write transaction: IMMEDIATE on SQLite so concurrent writers queue instead of failing."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


async def ping() -> bool:
    try:
        await engine().run_ddl("SELECT 1")
    except Exception:
        return False
    return True


def is_unique_violation(exc: BaseException) -> bool:
    """A write refused by a unique constraint (two people doing the same thing at once)."""
    import asyncpg

    if isinstance(exc, asyncpg.exceptions.UniqueViolationError):
        return True
    return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc).upper()
