"""The Piccolo app of tenders.cpv: its tables and migrations."""

from tenders.cpv import tables
from tenders.db import app_config

APP_CONFIG = app_config(tables)
