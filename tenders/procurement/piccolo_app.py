import os

from piccolo.conf.apps import AppConfig

from tenders.procurement.tables import Lot, Milestone, StatusChange, Tender, TenderFile

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="procurement",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[Tender, Lot, Milestone, StatusChange, TenderFile],
    migration_dependencies=[],
    commands=[],
)
