"""The Celery application (``celery -A workers.celery_app worker``)."""

from __future__ import annotations

import logging
import os

from celery import Celery, Task, signals
from celery.schedules import crontab

from tenders.jobs import (
    DIGEST_REMINDERS,
    PLAN_REMINDERS,
    PURGE_ACCOUNTS,
    SWEEP_MAIL,
    SWEEP_PACKAGES,
    SWEEP_REMINDERS,
    WATCH_DIGEST,
    WATCH_RUN,
    celery_config,
)
from tenders.observability import REQUEST_ID, TASK_ID, attach
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
        "plan-reminders": {"task": PLAN_REMINDERS, "schedule": 300.0},
        "sweep-reminders": {"task": SWEEP_REMINDERS, "schedule": 120.0},
        # Europe/Paris (the Celery time zone): the digest arrives before the working day.
        "digest-reminders": {"task": DIGEST_REMINDERS, "schedule": crontab(hour=7, minute=30)},
        # BOAMP's open data is refreshed at midnight and at 13:00: the watch reads it after each,
        # and the coordination's mail of the new notices follows the morning run.
        "watch-morning": {"task": WATCH_RUN, "schedule": crontab(hour=6, minute=45)},
        "watch-afternoon": {"task": WATCH_RUN, "schedule": crontab(hour=13, minute=45)},
        "watch-digest": {"task": WATCH_DIGEST, "schedule": crontab(hour=7, minute=40)},
    }
    celery.conf.beat_schedule_filename = str(settings.data_dir / "celerybeat-schedule")
    return celery


app = create_celery()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _log_with_request_id(logger: logging.Logger, **_: object) -> None:
    """Celery's log lines carry the request id of the request that enqueued the task."""
    for handler in logger.handlers:
        attach(handler, get_settings().log_format)


@signals.task_prerun.connect
def _take_request_id(task_id: str, task: Task, **_: object) -> None:
    REQUEST_ID.set(str(getattr(task.request, "request_id", None) or "-"))
    TASK_ID.set(task_id)
