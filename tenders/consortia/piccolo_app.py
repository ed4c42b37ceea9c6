"""The Piccolo app of tenders.consortia: its tables and migrations."""

from tenders.consortia import tables
from tenders.db import app_config

APP_CONFIG = app_config(tables, after=["members", "procurement"])
