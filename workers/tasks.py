"""Thin tasks: each calls one service function with the ids it was given."""

from __future__ import annotations

import asyncio
import logging

from celery import Task

from tenders import db
from tenders.accounts import service as accounts
from tenders.jobs import (
    COMPILE_PACKAGE,
    DELIVER_MAIL,
    DIGEST_REMINDERS,
    PLAN_REMINDERS,
    PURGE_ACCOUNTS,
    SEND_RESET_LINK,
    SWEEP_MAIL,
    SWEEP_PACKAGES,
    SWEEP_REMINDERS,
    WATCH_DIGEST,
    WATCH_RUN,
    CeleryJobQueue,
)
from tenders.mail import service as mail
from tenders.mail.mailers import mailer_from_settings
from tenders.packages import service as packages
from tenders.reminders import planner as reminder_planner
from tenders.reminders import sweep as reminder_sweep
from tenders.settings import get_settings
from tenders.watch import digest as watch_digest
from tenders.watch import runs as watch_runs
from workers.celery_app import app

log = logging.getLogger(__name__)


# Delivery is acknowledged late and given back when a worker dies: ``celery_config`` says it
# once for every task. A failed attempt is retried after 10 s, 20 s, 40 s… (ten minutes at most).
@app.task(
    name=DELIVER_MAIL,
    bind=True,
    autoretry_for=(Exception,),
    max_retries=mail.MAX_ATTEMPTS,
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=False,
)
def deliver_mail(self: Task, mail_id: int) -> str:
    settings = get_settings()
    log.info("delivering mail %s (attempt %s)", mail_id, self.request.retries + 1)
    return asyncio.run(mail.deliver(mail_id, mailer_from_settings(settings), settings))


@app.task(name=SWEEP_MAIL)
def sweep_mail() -> int:
    """Deliver the messages whose job was lost (broker down, worker killed)."""
    settings = get_settings()
    mailer = mailer_from_settings(settings)

    async def run() -> int:
        sent = 0
        for mail_id in await mail.due_for_delivery():
            try:
                if await mail.deliver(mail_id, mailer, settings) == "sent":
                    sent += 1
            except Exception:
                log.warning("sweep: mail %s still not delivered", mail_id)
        return sent

    return asyncio.run(run())


@app.task(name=PURGE_ACCOUNTS)
def purge_accounts() -> dict[str, int]:
    """Forget ended sessions and old links and login attempts."""
    return asyncio.run(accounts.purge_expired())


@app.task(name=SEND_RESET_LINK)
def send_reset_link(email: str, ip: str = "") -> bool:
    """A password reset asked for on the site: the lookup and the mail happen here, so the
    answer to the form is the same, and as fast, whether the address has an account or not."""
    mail_id = asyncio.run(accounts.send_reset_link(email, ip, get_settings()))
    if mail_id is not None:
        _deliver_later([mail_id])
    return mail_id is not None


@app.task(
    name=COMPILE_PACKAGE,
    autoretry_for=(Exception,),
    max_retries=packages.MAX_ATTEMPTS,
    retry_backoff=5,
    retry_jitter=False,
    time_limit=600,
    soft_time_limit=540,
)
def compile_package(job_id: int) -> str:
    """Compile the bid package of one job; the job row says whether there is anything to do."""

    async def run() -> str:
        async with db.pooled():
            return await packages.run_job(job_id, get_settings())

    return asyncio.run(run())


@app.task(name=SWEEP_PACKAGES)
def sweep_packages() -> int:
    """Send again the compile jobs whose message was lost or whose worker died."""
    queue = CeleryJobQueue(get_settings())

    async def run() -> int:
        ids = await packages.stale_jobs()
        for job_id in ids:
            await queue.enqueue(COMPILE_PACKAGE, job_id)
        return len(ids)

    return asyncio.run(run())


@app.task(name=PLAN_REMINDERS)
def plan_reminders() -> int:
    """Plan the reminders the rules ask for (safe to run twice at once)."""
    return asyncio.run(reminder_planner.plan())


def _deliver_later(mail_ids: list[int]) -> None:
    queue = CeleryJobQueue(get_settings())

    async def send() -> None:
        for mail_id in mail_ids:
            await queue.enqueue(DELIVER_MAIL, mail_id)

    asyncio.run(send())


@app.task(name=SWEEP_REMINDERS)
def sweep_reminders() -> int:
    """Write the due reminders into the outbox, then ask for their delivery. A mail whose
    delivery job is lost is sent by ``mail.sweep``: the outbox, not the broker, decides."""
    written = asyncio.run(reminder_sweep.sweep(get_settings()))
    _deliver_later(written)
    return len(written)


@app.task(name=DIGEST_REMINDERS)
def digest_reminders() -> int:
    """The daily digest of those who chose it."""
    written = asyncio.run(reminder_sweep.digest(get_settings()))
    _deliver_later(written)
    return len(written)


@app.task(name=WATCH_RUN, time_limit=1800, soft_time_limit=1700)
def watch_run(trigger: str = "schedule", requested_by: int | None = None) -> list[int]:
    """Read the new notices of every source into tenders « en veille »; the mails it writes
    (the directors who asked to be told) are then delivered."""

    async def run() -> list[int]:
        async with db.pooled():
            return await watch_runs.run_all(get_settings(), trigger, requested_by)

    mail_ids = asyncio.run(run())
    _deliver_later(mail_ids)
    return mail_ids


@app.task(name=WATCH_DIGEST)
def watch_digest_mail() -> int:
    """The coordination's daily mail of the new notices that fit, best first."""
    written = asyncio.run(watch_digest.send_digest(get_settings()))
    _deliver_later(written)
    return len(written)
