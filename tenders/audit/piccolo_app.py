"""The Piccolo app of tenders.audit: its tables and migrations."""

from tenders.audit import tables
from tenders.db import app_config

APP_CONFIG = app_config(tables, after=["accounts"])
