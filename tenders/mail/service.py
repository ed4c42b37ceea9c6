"""Queueing mail in the outbox table and delivering it, at least once, with one Message-ID."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from tenders.clock import utcnow
from tenders.mail.compose import compose
from tenders.mail.mailers import Mailer
from tenders.mail.tables import OutgoingMail
from tenders.settings import Settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row left in "sending" this long (a worker died mid-send) may be claimed again.
STALE_CLAIM = timedelta(minutes=10)


async def queue_mail(
    kind: str, recipient: str, template: str, context: dict[str, Any], settings: Settings
) -> int:
    """Write one message to the outbox; call inside the transaction that causes it."""
    composed = compose(template, {**context, "base_url": settings.base_url})
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "cordee.invalid"
    rows = await OutgoingMail.insert(
        OutgoingMail(
            kind=kind,
            recipient=recipient,
            subject=composed.subject,
            body_text=composed.text,
            body_html=composed.html,
            message_id=f"<{uuid.uuid4().hex}@{domain}>",
            status="pending",
            created_at=utcnow(),
        )
    ).returning(OutgoingMail.id)
    return int(rows[0]["id"])


def build_message(row: dict[str, Any], settings: Settings) -> EmailMessage:
    message = EmailMessage()
    name, address = parseaddr(settings.mail_from)
    user, _, domain = address.partition("@")
    message["From"] = Address(display_name=name, username=user, domain=domain)
    message["To"] = row["recipient"]
    message["Subject"] = row["subject"]
    message["Message-ID"] = row["message_id"]
    message["Date"] = format_datetime(row["created_at"])
    message["Content-Language"] = "fr"
    message.set_content(row["body_text"])
    message.add_alternative(row["body_html"], subtype="html")
    return message


async def claim(mail_id: int, now: datetime | None = None) -> dict[str, Any] | None:
    """Take the row for sending; None if it is sent, failed, or being sent by someone else."""
    now = now or utcnow()
    claimable = (OutgoingMail.status == "pending") | (
        (OutgoingMail.status == "sending") & (OutgoingMail.claimed_at < now - STALE_CLAIM)
    )
    rows = (
        await OutgoingMail.update(
            {
                OutgoingMail.status: "sending",
                OutgoingMail.claimed_at: now,
                OutgoingMail.attempts: OutgoingMail.attempts + 1,
            }
        )
        .where((OutgoingMail.id == mail_id) & claimable)
        .returning(*OutgoingMail.all_columns())
    )
    return rows[0] if rows else None


async def deliver(mail_id: int, mailer: Mailer, settings: Settings) -> str:
    """Send one queued message. Returns its status; raises if a retry may succeed."""
    row = await claim(mail_id)
    if row is None:
        current = await OutgoingMail.select(OutgoingMail.status).where(OutgoingMail.id == mail_id)
        return current[0]["status"] if current else "missing"
    try:
        await asyncio.to_thread(mailer.send, build_message(row, settings))
    except Exception as exc:
        status = "failed" if row["attempts"] >= MAX_ATTEMPTS else "pending"
        await OutgoingMail.update(
            {OutgoingMail.status: status, OutgoingMail.last_error: f"{type(exc).__name__}: {exc}"}
        ).where(OutgoingMail.id == mail_id)
        log.warning("mail %s not sent (attempt %s): %s", mail_id, row["attempts"], exc)
        if status == "failed":
            return status
        raise
    await OutgoingMail.update(
        {OutgoingMail.status: "sent", OutgoingMail.sent_at: utcnow(), OutgoingMail.last_error: ""}
    ).where(OutgoingMail.id == mail_id)
    return "sent"


async def due_for_delivery(older_than: timedelta = timedelta(minutes=1)) -> list[int]:
    """Pending rows whose job may have been lost (broker down at enqueue time, say)."""
    now = utcnow()
    rows = await OutgoingMail.select(OutgoingMail.id).where(
        ((OutgoingMail.status == "pending") & (OutgoingMail.created_at < now - older_than))
        | ((OutgoingMail.status == "sending") & (OutgoingMail.claimed_at < now - STALE_CLAIM))
    )
    return [row["id"] for row in rows]
