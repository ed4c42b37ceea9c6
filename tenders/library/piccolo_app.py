"""The Piccolo app of tenders.library: its tables and migrations."""

from tenders.db import app_config
from tenders.library import tables

APP_CONFIG = app_config(tables, after=["consortia", "members"])
