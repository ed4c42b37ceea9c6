import os

from piccolo.conf.apps import AppConfig

from tenders.cpv.tables import CpvLabel

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="cpv",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[CpvLabel],
    migration_dependencies=[],
    commands=[],
)
