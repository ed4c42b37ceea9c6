"""The coordination's daily mail of the new notices that fit the collective, best first.

Every notice the watch kept fits the profile; the mail lists those not told yet (still « en
veille », not dismissed), the best score first. One mail per active coordination account
(administrators and coordinators). A coordinator who turned off every reminder that can be
turned off (« Mes rappels »: they want the legal deadlines only) does not get it.

The notices are claimed (``notified_at``) in the transaction that writes the mails: run twice,
or twice at once, the second run finds nothing to tell and writes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tenders import db
from tenders.accounts.tables import User
from tenders.clock import utcnow
from tenders.mail.service import queue_mail
from tenders.reminders.rules import RULES
from tenders.reminders.sweep import preferences
from tenders.settings import Settings
from tenders.watch.news import tender_path
from tenders.watch.tables import WatchedTender
from tenders.watch.told import tenders_told

KIND = "watch_digest"
LISTED = 50  # notices written out in the mail; the others are counted
STRUCTURES = 3  # best structures named per notice
CHUNK = 500
# What a person may turn off; a coordinator who turned all of it off wants no news mail.
CHOOSABLE = frozenset(key for key, rule in RULES.items() if not rule.legal)


async def _recipients() -> list[dict[str, Any]]:
    rows = await User.select(User.id, User.email, User.full_name).where(
        User.role.is_in(["admin", "coordinator"]) & (User.is_active == True)  # noqa: E712
    )
    chosen = await preferences([r["id"] for r in rows])
    return [r for r in rows if not chosen.get(r["id"], {"muted": set()})["muted"] >= CHOOSABLE]


async def _claim(now: datetime) -> list[int]:
    """The notices not told yet, marked told; inside the transaction that writes the mails."""
    waiting = await WatchedTender.select(WatchedTender.tender).where(
        WatchedTender.notified_at.is_null()
        & WatchedTender.dismissed_at.is_null()
        & (WatchedTender.tender.status == "veille")
    )
    ids = [r["tender"] for r in waiting]
    claimed: list[int] = []
    for start in range(0, len(ids), CHUNK):
        rows = (
            await WatchedTender.update({WatchedTender.notified_at: now})
            .where(
                WatchedTender.tender.is_in(ids[start : start + CHUNK])
                & WatchedTender.notified_at.is_null()
            )
            .returning(WatchedTender.tender)
        )
        claimed += [r["tender"] for r in rows]
    return claimed


async def _items(tender_ids: list[int], settings: Settings) -> list[dict[str, Any]]:
    """The notices as the mail lists them, the best score first, then the soonest deadline."""
    rows = await tenders_told(tender_ids)
    far = datetime.max.replace(tzinfo=utcnow().tzinfo)
    rows.sort(
        key=lambda r: (-(r["score"] or 0), r["offers_deadline"] or far, r["title"], r["tender"])
    )
    return [
        {
            "title": r["title"],
            "buyer_name": r["buyer_name"],
            "offers_deadline": r["offers_deadline"],
            "offers_time_unknown": bool(r["offers_time_unknown"]),
            "score": r["score"],
            "structures": [
                {"name": m["name"], "score": m["score"]} for m in (r["matches"] or [])[:STRUCTURES]
            ],
            "link": settings.base_url + tender_path(r["tender"]),
        }
        for r in rows
    ]


async def send_digest(settings: Settings, now: datetime | None = None) -> list[int]:
    """Write the mail of the notices not yet told; returns the mail ids to deliver."""
    now = now or utcnow()
    recipients = await _recipients()
    written: list[int] = []
    async with db.transaction():
        claimed = await _claim(now)
        if not claimed or not recipients:
            return []
        items = await _items(claimed, settings)
        context = {"count": len(items), "items": items[:LISTED], "more": len(items) - LISTED}
        for person in recipients:
            written.append(
                await queue_mail(
                    KIND,
                    person["email"],
                    "watch_digest",
                    {**context, "full_name": person["full_name"]},
                    settings,
                )
            )
    return written
