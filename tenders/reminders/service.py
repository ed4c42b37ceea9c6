"""A person's reminder choices, their calendar feed's secret, and the reminders sent."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import msgspec
from piccolo.custom_types import Combinable

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.accounts.service import active_user
from tenders.clock import utcnow
from tenders.errors import Invalid, NotFound
from tenders.mail.tables import OutgoingMail
from tenders.reminders.rules import RULES
from tenders.reminders.sweep import DIGEST_KIND, KIND, muted_rules
from tenders.reminders.tables import CalendarToken, ReminderPreference, ScheduledReminder

STATUS_LABELS = {
    "pending": "En attente d'envoi",
    "sending": "En cours d'envoi",
    "sent": "Envoyé",
    "failed": "Échec de l'envoi",
}


class RuleChoice(msgspec.Struct):
    key: str
    label: str
    legal: bool
    muted: bool


class PreferencesOut(msgspec.Struct):
    digest: bool
    rules: list[RuleChoice]
    calendar_active: bool


class PreferencesIn(msgspec.Struct):
    digest: bool = False
    muted: list[str] = []


class SentReminder(msgspec.Struct):
    recipient: str
    subject: str
    status: str
    status_label: str
    created_at: datetime
    sent_at: datetime | None
    digest: bool


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def get_preferences(viewer: CurrentUser) -> PreferencesOut:
    rows = await ReminderPreference.select().where(ReminderPreference.user == viewer.id)
    digest = bool(rows[0]["digest"]) if rows else False
    muted = muted_rules(rows[0]["muted"]) if rows else set()
    active = await CalendarToken.exists().where(
        (CalendarToken.user == viewer.id) & CalendarToken.revoked_at.is_null()
    )
    return PreferencesOut(
        digest=digest,
        rules=[
            RuleChoice(key=r.key, label=r.label, legal=r.legal, muted=r.key in muted)
            for r in RULES.values()
            if viewer.is_staff or not r.staff_only
        ],
        calendar_active=bool(active),
    )


async def set_preferences(viewer: CurrentUser, data: PreferencesIn) -> PreferencesOut:
    unknown = [key for key in data.muted if key not in RULES]
    if unknown:
        raise Invalid({"muted": f"Rappel inconnu : {', '.join(unknown)}."})
    muted = sorted(set(data.muted))
    async with db.transaction():
        await ReminderPreference.insert(
            ReminderPreference(user=viewer.id, digest=data.digest, muted=muted, updated_at=utcnow())
        ).on_conflict(
            target=ReminderPreference.user,
            action="DO UPDATE",
            values=[
                ReminderPreference.digest,
                ReminderPreference.muted,
                ReminderPreference.updated_at,
            ],
        )
    return await get_preferences(viewer)


async def new_calendar_token(viewer: CurrentUser) -> str:
    """A new secret address for this person's calendar; the previous one stops working."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with db.transaction():
        await _revoke(viewer, now)
        await CalendarToken.insert(
            CalendarToken(user=viewer.id, token_sha256=token_sha256(token), created_at=now)
        )
    return token


async def revoke_calendar(viewer: CurrentUser) -> None:
    async with db.transaction():
        await _revoke(viewer, utcnow())


async def _revoke(viewer: CurrentUser, now: datetime) -> None:
    """The person's feed address stops working (call inside a transaction)."""
    await CalendarToken.update({CalendarToken.revoked_at: now}).where(
        (CalendarToken.user == viewer.id) & CalendarToken.revoked_at.is_null()
    )


async def calendar_owner(token: str) -> CurrentUser:
    """The active account behind a feed's secret; 404 for anything else, said the same way."""
    missing = NotFound("Ce calendrier n'existe pas ou son adresse a été renouvelée.")
    if not token or len(token) > 100:
        raise missing
    rows = await CalendarToken.select(CalendarToken.user).where(
        (CalendarToken.token_sha256 == token_sha256(token)) & CalendarToken.revoked_at.is_null()
    )
    if not rows:
        raise missing
    owner = await active_user(rows[0]["user"])
    if owner is None:
        raise missing
    return owner


def _sent_to(viewer: CurrentUser) -> Combinable:
    """The reminder mails ``viewer`` may see: all for the coordination, one's own otherwise."""
    reminders = OutgoingMail.kind.is_in([KIND, DIGEST_KIND])
    if viewer.is_staff:
        return reminders
    return reminders & (OutgoingMail.recipient == viewer.email)


async def count_sent(viewer: CurrentUser) -> int:
    return await OutgoingMail.count().where(_sent_to(viewer))


async def sent_reminders(viewer: CurrentUser, limit: int, offset: int = 0) -> list[SentReminder]:
    """What was sent to whom and when, the latest first, ``limit`` from ``offset``:
    everything for the coordination, one's own otherwise."""
    query = OutgoingMail.select(
        OutgoingMail.recipient,
        OutgoingMail.subject,
        OutgoingMail.status,
        OutgoingMail.kind,
        OutgoingMail.created_at,
        OutgoingMail.sent_at,
    ).where(_sent_to(viewer))
    rows = await query.order_by(OutgoingMail.id, ascending=False).limit(limit).offset(offset)
    return [
        msgspec.convert(
            r
            | {
                "status_label": STATUS_LABELS.get(r["status"], r["status"]),
                "digest": r["kind"] == DIGEST_KIND,
            },
            SentReminder,
        )
        for r in rows
    ]


async def planned_count(viewer: CurrentUser) -> int:
    """Reminders still to come for this person."""
    return await ScheduledReminder.count().where(
        (ScheduledReminder.recipient == viewer.id) & (ScheduledReminder.status == "scheduled")
    )
