"""« Une consultation correspond à votre structure »: the mails of directors who asked.

A director (a member account with a structure) opts in or out; the coordination has nothing to
opt in, it gets the daily digest. A mail goes when the director's structure is among the
structures a new tender's ranking kept with a score of ``THRESHOLD`` at least; it names the
tender, why it fits that structure (its own reasons and score only: no other structure is
named, no other score given), its deadline and the public notice's link (a director does not
see the collective's tender pages). ``WatchAlert`` keeps one row per tender and director:
never sent twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tenders import db
from tenders.accounts.tables import User
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import Forbidden
from tenders.mail.service import queue_mail
from tenders.members.access import Person
from tenders.settings import Settings
from tenders.watch.news import sources_of
from tenders.watch.news_schemas import AlertsOut, WatchSource
from tenders.watch.tables import WatchAlert, WatchedTender, WatchSubscription
from tenders.watch.told import tenders_told

THRESHOLD = 50  # the score from which a consultation is said to fit a structure
KIND = "watch_alert"
NOT_A_DIRECTOR = (
    "Les alertes de la veille sont pour les directeur·rices de structure : "
    "la coordination reçoit chaque matin le résumé de la veille."
)


def _is_director(user: Person) -> bool:
    return user.role == "member" and user.organisation_id is not None


async def get_alerts(user: Person) -> AlertsOut:
    if not _is_director(user):
        raise Forbidden(NOT_A_DIRECTOR)
    enabled = await WatchSubscription.exists().where(WatchSubscription.account == user.actor_id)
    return AlertsOut(enabled=bool(enabled), threshold=THRESHOLD)


async def set_alerts(user: Person, enabled: bool) -> AlertsOut:
    """A director asks to be told (or no longer) when a consultation fits their structure."""
    if not _is_director(user):
        raise Forbidden(NOT_A_DIRECTOR)
    async with db.transaction():
        if enabled:
            await WatchSubscription.insert(
                WatchSubscription(account=user.actor_id, created_at=utcnow())
            ).on_conflict(target=WatchSubscription.account, action="DO NOTHING")
        else:
            await WatchSubscription.delete().where(WatchSubscription.account == user.actor_id)
        action = "watch.alerts_enabled" if enabled else "watch.alerts_disabled"
        await audit.record(user, action, ("user", user.actor_id))
    return AlertsOut(enabled=enabled, threshold=THRESHOLD)


async def _directors() -> dict[int, list[dict[str, Any]]]:
    """The active directors who asked, by their structure."""
    accounts = [r["account"] for r in await WatchSubscription.select(WatchSubscription.account)]
    if not accounts:
        return {}
    rows = await User.select(User.id, User.email, User.full_name, User.organisation).where(
        User.id.is_in(accounts)
        & (User.role == "member")
        & (User.is_active == True)  # noqa: E712 (a SQL comparison)
        & User.organisation.is_not_null()
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["organisation"]].append(row)
    return found


async def _tenders(tender_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The tenders still « en veille » and not dismissed, with the structures that fit."""
    return await tenders_told(
        sorted(set(tender_ids)),
        WatchedTender.dismissed_at.is_null() & (WatchedTender.tender.status == "veille"),
    )


def _notice_label(source: WatchSource) -> str:
    corrective = " rectificatif" if source.kind == "rectificatif" else ""
    return f"Avis {source.source_label}{corrective}"


def _context(
    tender: dict[str, Any],
    match: dict[str, Any],
    director: dict[str, Any],
    sources: list[WatchSource],
) -> dict[str, Any]:
    """What the mail says: this tender, and this structure's fit only. The links are the
    public notices (a director does not see the collective's tender pages)."""
    return {
        "full_name": director["full_name"],
        "organisation": match["name"],
        "title": tender["title"],
        "buyer_name": tender["buyer_name"],
        "offers_deadline": tender["offers_deadline"],
        "offers_time_unknown": bool(tender["offers_time_unknown"]),
        "score": match["score"],
        "reasons": list(match["reasons"]),
        "lots": list(match["lots"]),
        "notices": [
            {
                "label": f"Avis {s.source_label}"
                + (" rectificatif" if s.kind == "rectificatif" else ""),
                "url": s.url,
            }
            for s in sources
            if s.url
        ],
    }


async def alert_directors(
    tender_ids: list[int], settings: Settings, now: datetime | None = None
) -> list[int]:
    """Write one mail per director who asked and whose structure fits; returns mail ids."""
    if not tender_ids:
        return []
    directors = await _directors()
    if not directors:
        return []
    now = now or utcnow()
    planned = [
        (tender, match, director)
        for tender in await _tenders(tender_ids)
        for match in tender["matches"] or []
        if match["score"] >= THRESHOLD
        for director in directors.get(match["organisation_id"], [])
    ]
    sources = await sources_of(sorted({tender["tender"] for tender, _, _ in planned}))
    written: list[int] = []
    async with db.transaction():
        for tender, match, director in planned:
            key = f"{tender['tender']}:{director['id']}"
            kept = (
                await WatchAlert.insert(
                    WatchAlert(
                        tender=tender["tender"], account=director["id"], key=key, sent_at=now
                    )
                )
                .on_conflict(target=WatchAlert.key, action="DO NOTHING")
                .returning(WatchAlert.id)
            )
            if kept:
                context = _context(tender, match, director, sources.get(tender["tender"], []))
                written.append(
                    await queue_mail(KIND, director["email"], "watch_alert", context, settings)
                )
    return written
