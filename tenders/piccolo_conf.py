"""Piccolo's configuration module (``PICCOLO_CONF=tenders.piccolo_conf``)."""

from piccolo.conf.apps import AppRegistry

from tenders.db import make_engine
from tenders.settings import get_settings

DB = make_engine(get_settings())

APP_REGISTRY = AppRegistry(
    apps=[
        "tenders.members.piccolo_app",
        "tenders.accounts.piccolo_app",
        "tenders.audit.piccolo_app",
        "tenders.mail.piccolo_app",
        "tenders.storage.piccolo_app",
        "tenders.cpv.piccolo_app",
        "tenders.procurement.piccolo_app",
        "tenders.consortia.piccolo_app",
        "tenders.packages.piccolo_app",
        "tenders.reminders.piccolo_app",
        "tenders.library.piccolo_app",
        "tenders.outcomes.piccolo_app",
        "tenders.watch.piccolo_app",
        "tenders.dume.piccolo_app",
    ]
)
