"""One package per version of a consortium and one template per version of a kind, enforced
by the database (the same SQL on SQLite and PostgreSQL)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-28T18:43:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique versions"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="packages", description=DESCRIPTION)

    async def create_indexes():
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS bid_package_version_unique "
            "ON bid_package (consortium, version)"
        )
        await RawTable.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS document_template_version_unique "
            "ON document_template (kind, version)"
        )

    async def drop_indexes():
        await RawTable.raw("DROP INDEX IF EXISTS bid_package_version_unique")
        await RawTable.raw("DROP INDEX IF EXISTS document_template_version_unique")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
