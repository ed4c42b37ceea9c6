"""One membership per organisation and consortium, enforced by the database.

Piccolo columns cannot declare a unique pair, so the index is created in SQL (the same
statement works on SQLite and PostgreSQL)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T17:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique membership"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="consortia", description=DESCRIPTION)

    async def create_index():
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS consortium_member_unique "
            "ON consortium_member (consortium, organisation)"
        )

    async def drop_index():
        await RawTable.raw("DROP INDEX IF EXISTS consortium_member_unique")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
