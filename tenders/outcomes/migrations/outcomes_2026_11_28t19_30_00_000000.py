"""One figure per member, contract and period: recording it again replaces it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique insertion hours per period"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="outcomes", description=DESCRIPTION)

    async def create_index():
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS outcome_insertion_hours_unique "
            "ON outcome_insertion_hours (outcome, organisation, period_end)"
        )

    async def drop_index():
        await RawTable.raw("DROP INDEX IF EXISTS outcome_insertion_hours_unique")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
