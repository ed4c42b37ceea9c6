"""The Piccolo app of tenders.storage: its tables and migrations."""

from tenders.db import app_config
from tenders.storage import tables

APP_CONFIG = app_config(tables)
