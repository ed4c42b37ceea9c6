import os

from piccolo.conf.apps import AppConfig

from tenders.reminders.tables import CalendarToken, ReminderPreference, ScheduledReminder

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="reminders",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "migrations"),
    table_classes=[ScheduledReminder, ReminderPreference, CalendarToken],
    migration_dependencies=[],
    commands=[],
)
