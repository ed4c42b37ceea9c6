"""Matching in a large collective learns that a savoir-faire or a reference changed (and so
its words) from their last change, read through an index (``tenders.members.meaning_index``)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-06T08:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "capability and reference last change indexes"

INDEXES = (
    ("capability_updated_at", "capability"),
    ("contract_reference_updated_at", "contract_reference"),
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)

    async def create_indexes():
        for name, table in INDEXES:
            await RawTable.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (updated_at)")

    async def drop_indexes():
        for name, _ in INDEXES:
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
