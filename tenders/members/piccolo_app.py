"""The Piccolo app of tenders.members: its tables and migrations."""

from tenders.db import app_config
from tenders.members import tables

APP_CONFIG = app_config(tables)
