import os

from piccolo.conf.apps import AppConfig

from tenders.accounts.tables import AccountToken, LoginAttempt, User, UserSession

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[User, UserSession, AccountToken, LoginAttempt],
    migration_dependencies=["tenders.members.piccolo_app"],
    commands=[],
)
