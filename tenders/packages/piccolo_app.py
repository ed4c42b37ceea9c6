import os

from piccolo.conf.apps import AppConfig

from tenders.packages.tables import BidPackage, CompileJob, DocumentTemplate

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="packages",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[DocumentTemplate, CompileJob, BidPackage],
    migration_dependencies=["tenders.consortia.piccolo_app", "tenders.storage.piccolo_app"],
    commands=[],
)
