"""Reminders reach people through failures: SMTP down or refusing, the broker restarted."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from datetime import timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest

from tests.conftest import free_port
from tests.fixtures import private_broker
from tests.integration.test_reminders import START, make_world, paris


class FlakySmtp:
    """An SMTP server whose answer to DATA the test chooses."""

    def __init__(self) -> None:
        self.answer = "250 Message accepted for delivery"
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.answer.startswith("250"):
            self.received.append(
                message_from_bytes(envelope.original_content, policy=policy.default)
            )
        return self.answer


@pytest.mark.fault
async def test_smtp_down_then_451_then_250_delivers_exactly_one_mail(
    settings: Any, make_account: Any, make_organisation: Any
) -> None:
    from aiosmtpd.controller import Controller

    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    world = await make_world(make_account, make_organisation)
    await plan(START)
    await sweep(settings, paris(2027, 3, 3, 11, 0))
    written = [
        r["id"]
        for r in await OutgoingMail.select(OutgoingMail.id).where(
            OutgoingMail.subject.like("Invitation sans réponse%")
        )
    ]
    assert len(written) == 1  # Capep's invitation reminder
    port = free_port()
    local = dataclasses.replace(settings, smtp_port=port, smtp_timeout=3.0)
    mailer = SMTPMailer(local)

    with pytest.raises(OSError):  # nobody listens yet
        await mail.deliver(written[0], mailer, local)
    handler = FlakySmtp()
    handler.answer = "451 4.3.0 Essayez plus tard"
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(Exception, match="451"):
            await mail.deliver(written[0], mailer, local)
        handler.answer = "250 OK"
        assert await mail.deliver(written[0], mailer, local) == "sent"
        assert await mail.deliver(written[0], mailer, local) == "sent"  # a late retry: nothing
    finally:
        controller.stop()

    assert len(handler.received) == 1
    (message,) = handler.received
    assert message["To"] == world.other.email
    assert message["Subject"] == "Invitation sans réponse : groupement « Nettoyage des écoles »"
    row = (await OutgoingMail.select().where(OutgoingMail.id == written[0]))[0]
    assert (row["status"], row["attempts"]) == ("sent", 3)  # refused, refused, sent


@pytest.mark.fault
@pytest.mark.worker
async def test_redis_restarted_between_sweep_and_delivery_loses_no_reminder(
    settings: Any, make_account: Any, make_organisation: Any, mailbox: Any
) -> None:
    """The delivery jobs vanish with a Redis that keeps nothing; the outbox still has the
    mails, and the periodic mail sweep sends each one, once."""
    from tenders.clock import utcnow
    from tenders.jobs import DELIVER_MAIL, SWEEP_MAIL, CeleryJobQueue
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    world = await make_world(make_account, make_organisation)
    with private_broker() as broker:
        queue = CeleryJobQueue(dataclasses.replace(settings, redis_url=broker.url))
        await plan(START)
        written = await sweep(settings, paris(2027, 3, 27, 9, 0))
        assert len(written) >= 5
        for mail_id in written:  # what the sweep task does: nobody consumes them yet
            await queue.enqueue(DELIVER_MAIL, mail_id)
        broker.restart()  # back, empty: the jobs are gone
        # A minute later (the mail sweep leaves young rows to their own jobs)…
        await OutgoingMail.update({OutgoingMail.created_at: utcnow() - timedelta(minutes=2)}).where(
            OutgoingMail.id.is_in(written)
        )
        broker.start_worker("sweep-worker.log")
        await queue.enqueue(SWEEP_MAIL)  # …beat runs the mail sweep
        expected = {
            r["recipient"]
            for r in await OutgoingMail.select(OutgoingMail.recipient).where(
                OutgoingMail.id.is_in(written)
            )
        }
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(mailbox.messages) < len(written):
            await asyncio.sleep(0.1)
        await queue.enqueue(SWEEP_MAIL)  # a second sweep finds nothing left
        await asyncio.sleep(1.0)

    assert len(mailbox.messages) == len(written)
    assert {str(m["To"]) for m in mailbox.messages} == expected
    assert world.lead.email in expected
    statuses = {r["status"] for r in await OutgoingMail.select(OutgoingMail.status)}
    assert statuses == {"sent"}
