"""The Celery application (``celery -A workers.celery_app worker``)."""

from __future__ import annotations

import os

from celery import Celery

from tenders.jobs import PURGE_ACCOUNTS, SWEEP_MAIL, SWEEP_PACKAGES, celery_config
from tenders.settings import Settings, get_settings

os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")


def create_celery(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    celery = Celery("cordee", include=["workers.tasks"])
    celery.conf.update(celery_config(settings))
    celery.conf.beat_schedule = {
        "sweep-mail": {"task": SWEEP_MAIL, "schedule": 60.0},
        "purge-accounts": {"task": PURGE_ACCOUNTS, "schedule": 3600.0},
        "sweep-packages": {"task": SWEEP_PACKAGES, "schedule": 60.0},
    }
    celery.conf.beat_schedule_filename = str(settings.data_dir / "celerybeat-schedule")
    return celery


app = create_celery()
