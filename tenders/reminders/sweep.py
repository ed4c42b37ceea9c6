"""The sweep: due reminders become mails in the outbox, each exactly once.

Runs every few minutes (Celery beat). It reads the due rows through the ``(status, due_at)``
index, so its cost follows the number due, not the number planned. Each mail gets a Message-ID
derived from the reminder's key, and the outbox refuses a second row with the same one: two
sweeps at once, or a sweep run again after a crash, write each reminder once. Delivery is the
outbox's (``mail.deliver``: claimed, retried with backoff, at least once)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from email.utils import parseaddr
from typing import Any

import msgspec

from tenders import db
from tenders.clock import utcnow
from tenders.formatting import to_paris
from tenders.mail.compose import compose
from tenders.mail.tables import OutgoingMail
from tenders.reminders import skips
from tenders.reminders.content import Facts, Message, verdict
from tenders.reminders.rules import RULES
from tenders.reminders.tables import ReminderPreference, ScheduledReminder
from tenders.settings import Settings

BATCH = 2000
KIND = "reminder"
DIGEST_KIND = "reminder_digest"
STAFF = frozenset({"admin", "coordinator"})


def message_id(key: str, settings: Settings) -> str:
    """The same reminder always gets the same Message-ID (and so one outbox row)."""
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "cordee.invalid"
    return f"<rappel.{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def muted_rules(raw: Any) -> set[str]:
    return set(raw if isinstance(raw, list) else msgspec.json.decode(raw or "[]"))


async def preferences(user_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = await ReminderPreference.select().where(ReminderPreference.user.is_in(user_ids or [0]))
    return {
        r["user"]: {
            "digest": bool(r["digest"]),
            "muted": muted_rules(r["muted"]),
        }
        for r in rows
    }


def _mail_row(
    key: str, kind: str, user: dict[str, Any], message: Message, settings: Settings, now: datetime
) -> OutgoingMail:
    composed = compose(
        "reminder",
        {
            "full_name": user["full_name"],
            "subject": message.subject,
            "intro": message.intro,
            "lines": message.lines,
            "action": message.action,
            "link": settings.base_url + message.link,
            "base_url": settings.base_url,
        },
    )
    return OutgoingMail(
        kind=kind,
        recipient=user["email"],
        subject=composed.subject[:300],
        body_text=composed.text,
        body_html=composed.html,
        message_id=message_id(key, settings),
        status="pending",
        created_at=now,
    )


async def sweep(settings: Settings, now: datetime | None = None) -> list[int]:
    """Write the due reminders into the outbox; returns the ids of the mails written."""
    now = now or utcnow()
    rows = (
        await ScheduledReminder.select()
        .where((ScheduledReminder.status == "scheduled") & (ScheduledReminder.due_at <= now))
        .order_by(ScheduledReminder.due_at)
        .limit(BATCH)
    )
    if not rows:
        return []
    facts = await Facts.load(rows)
    prefs = await preferences(sorted({r["recipient"] for r in rows}))
    mails: list[OutgoingMail] = []
    outcome: dict[str, list[int]] = defaultdict(list)  # status → reminder ids
    skipped: dict[str, list[int]] = defaultdict(list)  # why (a code) → reminder ids
    for row in rows:
        result = verdict(row, facts, now)
        if result.message is None:
            skipped[result.skip].append(row["id"])
            continue
        user = facts.users[row["recipient"]]
        pref = prefs.get(row["recipient"], {"digest": False, "muted": set()})
        legal_for_staff = RULES[row["rule"]].legal and user["role"] in STAFF
        if row["rule"] in pref["muted"] and not legal_for_staff:
            skipped["muted"].append(row["id"])
            continue
        if pref["digest"]:
            outcome["digest"].append(row["id"])
            continue
        message = replace(result.message, link=facts.link_of(user, row["tender"], result.message))
        mails.append(_mail_row(row["key"], KIND, user, message, settings, now))
        outcome["sent"].append(row["id"])
    written: list[int] = []
    async with db.transaction():
        for start in range(0, len(mails), 500):
            inserted = (
                await OutgoingMail.insert(*mails[start : start + 500])
                .on_conflict(target=OutgoingMail.message_id, action="DO NOTHING")
                .returning(OutgoingMail.id)
            )
            written += [r["id"] for r in inserted]
        for status, ids in outcome.items():
            await _mark(ids, status, "", now)
        for code, ids in skipped.items():
            await _mark(ids, skips.status(code), code, now)
    return written


async def _mark(ids: list[int], status: str, code: str, now: datetime) -> None:
    for start in range(0, len(ids), 500):
        await ScheduledReminder.update(
            {
                ScheduledReminder.status: status,
                ScheduledReminder.reason_code: code,
                ScheduledReminder.reason: skips.REASONS[code] if code else "",
                ScheduledReminder.processed_at: now,
            }
        ).where(
            ScheduledReminder.id.is_in(ids[start : start + 500])
            & (ScheduledReminder.status == "scheduled")
        )


async def digest(settings: Settings, now: datetime | None = None) -> list[int]:
    """One mail per person who chose the daily digest, with the reminders of the day."""
    now = now or utcnow()
    rows = (
        await ScheduledReminder.select()
        .where(ScheduledReminder.status == "digest")
        .order_by(ScheduledReminder.due_at)
    )
    if not rows:
        return []
    facts = await Facts.load(rows)
    day: date = to_paris(now).date()
    mails = []
    done: list[int] = []
    by_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_user[row["recipient"]].append(row)
    for user_id, mine in by_user.items():
        user = facts.users.get(user_id)
        items = []
        for row in mine:
            result = verdict(row, facts, now)
            if result.message is not None and user is not None:
                items.append(
                    {
                        "subject": result.message.subject,
                        "intro": result.message.intro,
                        "link": settings.base_url
                        + facts.link_of(user, row["tender"], result.message),
                    }
                )
            done.append(row["id"])
        if not items or user is None:
            continue
        composed = compose(
            "reminder_digest",
            {
                "full_name": user["full_name"],
                "day": day,
                "items": items,
                "base_url": settings.base_url,
            },
        )
        mails.append(
            OutgoingMail(
                kind=DIGEST_KIND,
                recipient=user["email"],
                subject=composed.subject[:300],
                body_text=composed.text,
                body_html=composed.html,
                message_id=message_id(f"digest:{user_id}:{day.isoformat()}", settings),
                status="pending",
                created_at=now,
            )
        )
    written: list[int] = []
    async with db.transaction():
        if mails:
            inserted = (
                await OutgoingMail.insert(*mails)
                .on_conflict(target=OutgoingMail.message_id, action="DO NOTHING")
                .returning(OutgoingMail.id)
            )
            written = [r["id"] for r in inserted]
        for start in range(0, len(done), 500):
            await ScheduledReminder.update(
                {ScheduledReminder.status: "sent", ScheduledReminder.processed_at: now}
            ).where(
                ScheduledReminder.id.is_in(done[start : start + 500])
                & (ScheduledReminder.status == "digest")
            )
    return written
