"""The Piccolo app of tenders.outcomes: its tables and migrations."""

from tenders.db import app_config
from tenders.outcomes import tables

APP_CONFIG = app_config(tables, after=["consortia", "members"])
