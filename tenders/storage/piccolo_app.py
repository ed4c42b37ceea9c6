import os

from piccolo.conf.apps import AppConfig

from tenders.storage.tables import StoredFile

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="storage",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[StoredFile],
    migration_dependencies=[],
    commands=[],
)
