"""The Piccolo app of tenders.mail: its tables and migrations."""

from tenders.db import app_config
from tenders.mail import tables

APP_CONFIG = app_config(tables)
