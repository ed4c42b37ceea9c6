"""Indexes that answer the directory's and the matching's searches on their own.

A search by CPV range then reads the organisation, the capability, the départements and the
capacity from the index instead of one table row per code (thousands for a CPV group), and a
search by département finds the capabilities covering it in the same way. Plain composite
indexes: the same statement on SQLite and PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-06T04:31:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "covering indexes of capability_cpv and capability_area"

INDEXES = {
    "capability_cpv_code_covering": (
        "capability_cpv (code, organisation, capability, departements, max_contract_value)"
    ),
    "capability_area_departement_covering": (
        "capability_area (departement, capability, organisation)"
    ),
}


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)

    async def create_indexes():
        for name, target in INDEXES.items():
            await RawTable.raw(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    async def drop_indexes():
        for name in INDEXES:
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
