"""The Piccolo app of tenders.dume: its table and migrations."""

from tenders.db import app_config
from tenders.dume import tables

APP_CONFIG = app_config(tables, after=["procurement", "storage"])
