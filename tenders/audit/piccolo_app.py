import os

from piccolo.conf.apps import AppConfig

from tenders.audit.tables import AuditEvent

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[AuditEvent],
    migration_dependencies=["tenders.accounts.piccolo_app"],
    commands=[],
)
