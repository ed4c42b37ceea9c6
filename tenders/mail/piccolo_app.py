import os

from piccolo.conf.apps import AppConfig

from tenders.mail.tables import OutgoingMail

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="mail",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[OutgoingMail],
    migration_dependencies=[],
    commands=[],
)
