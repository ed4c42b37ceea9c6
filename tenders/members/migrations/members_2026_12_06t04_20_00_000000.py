from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Bytea
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T04:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "What savoir-faire and references are about (word vectors for matching)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="members", description=DESCRIPTION
    )

    for table_class_name, tablename in (
        ("Capability", "capability"),
        ("Reference", "contract_reference"),
    ):
        manager.add_column(
            table_class_name=table_class_name,
            tablename=tablename,
            column_name="meaning",
            db_column_name="meaning",
            column_class_name="Bytea",
            column_class=Bytea,
            params={
                "default": b"",
                "null": False,
                "primary_key": False,
                "unique": False,
                "index": False,
                "index_method": IndexMethod.btree,
                "choices": None,
                "db_column_name": None,
                "secret": False,
            },
            schema=None,
        )

    return manager
