"""The Piccolo app of tenders.packages: its tables and migrations."""

from tenders.db import app_config
from tenders.packages import tables

APP_CONFIG = app_config(tables, after=["consortia", "storage"])
