"""The sweep reads the due reminders through one index, whatever the number planned."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T19:07:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "due reminders index"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reminders", description=DESCRIPTION)

    async def create_index():
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS scheduled_reminder_due "
            "ON scheduled_reminder (status, due_at)"
        )

    async def drop_index():
        await RawTable.raw("DROP INDEX IF EXISTS scheduled_reminder_due")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
