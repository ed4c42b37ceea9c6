"""The Piccolo app of tenders.watch: its tables and migrations."""

from tenders.db import app_config
from tenders.watch import tables

APP_CONFIG = app_config(tables, after=["procurement"])
