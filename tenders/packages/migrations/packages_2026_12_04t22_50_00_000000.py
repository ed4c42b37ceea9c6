from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T22:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The preview a template version produced when it was checked"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="packages", description=DESCRIPTION)
    manager.add_column(
        table_class_name="DocumentTemplate",
        tablename="document_template",
        column_name="preview_sha256",
        db_column_name="preview_sha256",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 64,
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
