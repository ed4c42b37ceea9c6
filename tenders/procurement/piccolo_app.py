"""The Piccolo app of tenders.procurement: its tables and migrations."""

from tenders.db import app_config
from tenders.procurement import tables

APP_CONFIG = app_config(tables)
