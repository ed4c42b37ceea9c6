from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T21:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Legal representative, fiscal-year end and receivership of a structure (DC1, DC2)"


def _varchar(length: int) -> dict:
    return {
        "length": length,
        "default": "",
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="members", description=DESCRIPTION)
    for column, length in (
        ("representative_name", 200),
        ("representative_title", 120),
        ("fiscal_year_end", 5),
    ):
        manager.add_column(
            table_class_name="Organisation",
            tablename="organisation",
            column_name=column,
            db_column_name=column,
            column_class_name="Varchar",
            column_class=Varchar,
            params=_varchar(length),
            schema=None,
        )
    manager.add_column(
        table_class_name="Organisation",
        tablename="organisation",
        column_name="in_receivership",
        db_column_name="in_receivership",
        column_class_name="Boolean",
        column_class=Boolean,
        params={k: v for k, v in _varchar(0).items() if k != "length"} | {"default": False},
        schema=None,
    )
    return manager
