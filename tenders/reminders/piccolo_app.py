"""The Piccolo app of tenders.reminders: its tables and migrations."""

from tenders.db import app_config
from tenders.reminders import tables

APP_CONFIG = app_config(tables)
