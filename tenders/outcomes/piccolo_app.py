import os

from piccolo.conf.apps import AppConfig

from tenders.outcomes.tables import BidOutcome, InsertionHours

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="outcomes",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[BidOutcome, InsertionHours],
    migration_dependencies=["tenders.consortia.piccolo_app", "tenders.members.piccolo_app"],
    commands=[],
)
