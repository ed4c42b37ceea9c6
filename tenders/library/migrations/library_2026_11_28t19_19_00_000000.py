"""On PostgreSQL, the French full-text index of the passages (SQLite searches without one)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

ID = "2026-11-28T19:19:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "full-text index"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="library", description=DESCRIPTION)

    async def create_index():
        if isinstance(RawTable._meta.db, PostgresEngine):
            await RawTable.raw(
                "CREATE INDEX IF NOT EXISTS library_passage_fts ON library_passage "
                "USING GIN (to_tsvector('french', title || ' ' || body))"
            )

    async def drop_index():
        if isinstance(RawTable._meta.db, PostgresEngine):
            await RawTable.raw("DROP INDEX IF EXISTS library_passage_fts")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
