"""The job seam: the web process enqueues tasks by name, never importing worker code."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol, runtime_checkable

from celery import Celery

from tenders.observability import REQUEST_ID
from tenders.settings import Settings

log = logging.getLogger(__name__)

DELIVER_MAIL = "mail.deliver"
SWEEP_MAIL = "mail.sweep"
PURGE_ACCOUNTS = "accounts.purge"
SEND_RESET_LINK = "accounts.send_reset_link"
COMPILE_PACKAGE = "packages.compile"
SWEEP_PACKAGES = "packages.sweep"
PLAN_REMINDERS = "reminders.plan"
SWEEP_REMINDERS = "reminders.sweep"
DIGEST_REMINDERS = "reminders.digest"
WATCH_RUN = "watch.run"
WATCH_DIGEST = "watch.digest"


def celery_config(settings: Settings) -> dict[str, Any]:
    """Broker and reliability settings shared by the web client and the workers."""
    config: dict[str, Any] = {
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_time_limit": 300,
        "task_soft_time_limit": 240,
        "task_ignore_result": True,
        "broker_connection_retry_on_startup": True,
        "timezone": "Europe/Paris",
        "enable_utc": True,
        "task_default_queue": settings.celery_queue,
    }
    if settings.redis_url:
        config["broker_url"] = settings.redis_url
        # A task not acknowledged within the hour is handed to another worker.
        config["broker_transport_options"] = {"visibility_timeout": 3600}
    else:
        folder = settings.queue_dir
        for sub in ("in", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        config["broker_url"] = "filesystem://"
        config["broker_transport_options"] = {
            "data_folder_in": str(folder / "in"),
            "data_folder_out": str(folder / "in"),
            "processed_folder": str(folder / "processed"),
            # Kombu's default is ./control, in whatever folder the process was started from.
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
        config["worker_enable_remote_control"] = False
    return config


@runtime_checkable
class JobQueue(Protocol):
    async def enqueue(self, task_name: str, *args: Any) -> None: ...


class CeleryJobQueue:
    """Sends by task name through the broker, in a thread so the event loop never blocks."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client: Celery | None = None

    def _celery(self) -> Celery:
        if self._client is None:
            client = Celery("cordee-client", set_as_current=False)
            client.conf.update(celery_config(self._settings))
            self._client = client
        return self._client

    async def enqueue(self, task_name: str, *args: Any) -> None:
        # The database row the task works on is already committed; if the broker is
        # down the row stays pending and the periodic sweep picks it up later.
        try:
            await asyncio.to_thread(
                self._celery().send_task,
                task_name,
                args=list(args),
                headers={"request_id": REQUEST_ID.get()},
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
            )
        except Exception:
            log.exception("could not enqueue %s%r; the sweep will pick it up", task_name, args)


class RecordingJobQueue:
    """Keeps what was enqueued, for tests that check a job was asked for."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[Any, ...]]] = []

    async def enqueue(self, task_name: str, *args: Any) -> None:
        self.jobs.append((task_name, args))


async def broker_health(settings: Settings) -> str:
    """ "ok", "local" (folder queue of the embedded default) or "injoignable"."""
    if not settings.redis_url:
        return "local" if settings.queue_dir.is_dir() else "injoignable"
    import redis.asyncio as aioredis

    client = aioredis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=1)
    try:
        await client.ping()
    except Exception:
        return "injoignable"
    finally:
        await client.aclose()
    return "ok"
