from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T22:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "What each member performs in each lot (DC1 rubric E, annex, ATTRI1)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="consortia", description=DESCRIPTION)
    manager.add_column(
        table_class_name="ConsortiumShare",
        tablename="consortium_share",
        column_name="services",
        db_column_name="services",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
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
