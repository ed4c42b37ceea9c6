import os

from piccolo.conf.apps import AppConfig

from tenders.library.tables import Passage, SectionSource

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="library",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[Passage, SectionSource],
    migration_dependencies=["tenders.consortia.piccolo_app", "tenders.members.piccolo_app"],
    commands=[],
)
