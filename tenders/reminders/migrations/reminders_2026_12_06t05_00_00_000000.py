"""« Mes échéances » counts a person's reminders to come through one index, however many
are planned for everyone."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-06T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "reminders by recipient index"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reminders", description=DESCRIPTION)

    async def create_index():
        await RawTable.raw(
            "CREATE INDEX IF NOT EXISTS scheduled_reminder_recipient "
            "ON scheduled_reminder (recipient, status)"
        )

    async def drop_index():
        await RawTable.raw("DROP INDEX IF EXISTS scheduled_reminder_recipient")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
