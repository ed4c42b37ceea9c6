"""The Piccolo app of tenders.accounts: its tables and migrations."""

from tenders.accounts import tables
from tenders.db import app_config

APP_CONFIG = app_config(tables, after=["members"])
