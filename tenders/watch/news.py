"""The notices the watch brought, for the coordination: the list of the « Veille » page with
what is new since the person's last visit, and one click to « à qualifier » or « écarter ».

Order: the day found (Paris time), newest first, then the best score, then the tender last
created. A run finds its notices over a few seconds: the day, not the second, says « newest ».

The visit is stamped when the page is shown (``record_visit``), not when a notice is opened:
what the page showed is no longer new on the next visit. A run under way when the page is
shown may still be writing notices found a moment before: the visit is then stamped at the
start of that run, so that those notices count as new next time."""

from __future__ import annotations

from datetime import datetime, timedelta
from math import ceil
from typing import Any

import msgspec

from tenders import cache, db, text
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import Conflict, Invalid, NotFound
from tenders.formatting import to_paris
from tenders.members.access import Person, ensure_staff
from tenders.procurement.service import change_status
from tenders.procurement.tables import Tender
from tenders.procurement.vocabulary import STATUSES
from tenders.watch.news_schemas import (
    PER_PAGE,
    WatchDecisionOut,
    WatchMatch,
    WatchNewsItem,
    WatchNewsPage,
    WatchSource,
)
from tenders.watch.tables import WatchedTender, WatchNotice, WatchRun, WatchVisit

SOURCES = {"boamp": "BOAMP", "ted": "TED"}
REASON_LIMIT = 1000
QUALIFIED = "Retenu depuis la veille"
# A run still « running » after this long died: it no longer holds visits back.
RUN_LIFETIME = timedelta(hours=1)


def tender_path(tender_id: int) -> str:
    return f"/consultations/{tender_id}"


async def last_visit(user: Person) -> datetime | None:
    rows = await WatchVisit.select(WatchVisit.seen_at).where(WatchVisit.account == user.actor_id)
    return rows[0]["seen_at"] if rows else None


async def _visit_stamp(now: datetime) -> datetime:
    """``now``, or the start of a run under way (its notices are not all written yet)."""
    running = await (
        WatchRun.select(WatchRun.started_at)
        .where((WatchRun.status == "running") & (WatchRun.started_at > now - RUN_LIFETIME))
        .order_by(WatchRun.started_at)
        .limit(1)
    )
    return min(now, running[0]["started_at"]) if running else now


async def record_visit(user: Person, now: datetime | None = None) -> None:
    """What the page showed is no longer new to ``user`` (see the module's doc)."""
    seen_at = await _visit_stamp(now or utcnow())
    async with db.transaction():
        await WatchVisit.insert(WatchVisit(account=user.actor_id, seen_at=seen_at)).on_conflict(
            target=WatchVisit.account, action="DO UPDATE", values=[WatchVisit.seen_at]
        )


async def _listed() -> list[dict[str, Any]]:
    """Every notice still « en veille » and not dismissed: what the page sorts and counts."""
    return list(
        await WatchedTender.select(
            WatchedTender.tender, WatchedTender.found_at, WatchedTender.score
        ).where(WatchedTender.dismissed_at.is_null() & (WatchedTender.tender.status == "veille"))
    )


def _order(row: dict[str, Any]) -> tuple[Any, ...]:
    score = row["score"] if row["score"] is not None else -1
    return (to_paris(row["found_at"]).date(), score, row["tender"])


async def sources_of(tender_ids: list[int]) -> dict[int, list[WatchSource]]:
    rows = await (
        WatchNotice.select(
            WatchNotice.tender,
            WatchNotice.source,
            WatchNotice.kind,
            WatchNotice.url,
            WatchNotice.published_on,
        )
        .where(WatchNotice.tender.is_in(tender_ids or [0]))
        .order_by(WatchNotice.id)
    )
    found: dict[int, list[WatchSource]] = {}
    for row in rows:
        found.setdefault(row["tender"], []).append(
            WatchSource(
                source=row["source"],
                source_label=SOURCES.get(row["source"], row["source"]),
                kind=row["kind"],
                url=row["url"],
                published_on=row["published_on"],
            )
        )
    return found


async def _items(tender_ids: list[int], since: datetime | None) -> list[WatchNewsItem]:
    """The page's notices, in the order of ``tender_ids``."""
    rows = await (
        WatchedTender.select(
            *WatchedTender.all_columns(),
            WatchedTender.tender.title.as_alias("title"),
            WatchedTender.tender.buyer_name.as_alias("buyer_name"),
            WatchedTender.tender.offers_deadline.as_alias("offers_deadline"),
            WatchedTender.tender.offers_time_unknown.as_alias("offers_time_unknown"),
        )
        .where(WatchedTender.tender.is_in(tender_ids or [0]))
        .output(load_json=True)
    )
    sources = await sources_of(tender_ids)
    by_tender = {row["tender"]: row for row in rows}
    items = []
    for tender_id in tender_ids:
        row = by_tender[tender_id]
        items.append(
            WatchNewsItem(
                tender_id=tender_id,
                title=row["title"],
                buyer_name=row["buyer_name"],
                path=tender_path(tender_id),
                offers_deadline=row["offers_deadline"],
                offers_time_unknown=bool(row["offers_time_unknown"]),
                found_at=row["found_at"],
                new=since is None or row["found_at"] > since,
                score=row["score"],
                matches=msgspec.convert(row["matches"] or [], list[WatchMatch]),
                keywords=list(row["keywords"] or []),
                sources=sources.get(tender_id, []),
                changes=list(row["changes"] or []),
                changed_at=row["changed_at"],
            )
        )
    return items


async def list_news(
    user: Person,
    *,
    only_new: bool = False,
    min_score: int | None = None,
    page: int = 1,
    since: datetime | None = None,
    use_last_visit: bool = True,
) -> WatchNewsPage:
    """A page of the notices still « en veille » (the coordination only). New: found after
    ``since``, by default the person's last visit (none: everything is new)."""
    ensure_staff(user)
    if min_score is not None and not 0 <= min_score <= 100:
        raise Invalid({"min_score": "Le score minimum se compte de 0 à 100."})
    if page < 1:
        raise Invalid({"page": "Les pages se comptent à partir de 1."})
    if since is None and use_last_visit:
        since = await last_visit(user)
    rows = await _listed()
    fresh = [r for r in rows if since is None or r["found_at"] > since]
    kept = [
        r
        for r in (fresh if only_new else rows)
        if min_score is None or (r["score"] or 0) >= min_score
    ]
    kept.sort(key=_order, reverse=True)
    pages = max(1, ceil(len(kept) / PER_PAGE))
    shown = [r["tender"] for r in kept[(page - 1) * PER_PAGE : page * PER_PAGE]]
    return WatchNewsPage(
        items=await _items(shown, since),
        total=len(kept),
        new_count=len(fresh),
        since=since,
        page=page,
        pages=pages,
        per_page=PER_PAGE,
        only_new=only_new,
        min_score=min_score,
    )


async def _hold(tender_id: int) -> None:
    """Inside the transaction: the tender is a notice of the watch still « en veille »,
    its row held until the change is written (two clicks at once: one wins, one is told)."""
    watched = await WatchedTender.select(WatchedTender.dismissed_at).where(
        WatchedTender.tender == tender_id
    )
    if not watched:
        raise NotFound("Cet avis n'est pas dans la veille, ou n'existe plus.")
    held = (
        await Tender.update({Tender.updated_at: utcnow()})
        .where((Tender.id == tender_id) & (Tender.status == "veille"))
        .returning(Tender.id)
    )
    if held and watched[0]["dismissed_at"] is None:
        return
    rows = await Tender.select(Tender.status).where(Tender.id == tender_id)
    status = STATUSES.get(rows[0]["status"], rows[0]["status"]) if rows else "supprimée"
    raise Conflict(
        f"Cet avis n'est plus en veille : la consultation est « {status} ». "
        "Rechargez la page de la veille."
    )


async def qualify(user: CurrentUser, tender_id: int) -> WatchDecisionOut:
    """« À qualifier »: the coordination will look at it (status history and journal say so)."""
    ensure_staff(user)
    async with db.transaction():
        await _hold(tender_id)
        tender = await change_status(user, tender_id, "a_qualifier", QUALIFIED)
    await cache.bump("tenders")
    return WatchDecisionOut(tender_id, tender.status, tender.status_label)


def clean_reason(reason: str) -> str:
    errors: dict[str, str] = {}
    cleaned = text.block("reason", reason, REASON_LIMIT, errors)
    if not cleaned and not errors:
        errors["reason"] = (
            "Indiquez en quelques mots pourquoi cet avis est écarté : il ne reviendra plus."
        )
    if errors:
        raise Invalid(errors)
    return cleaned


async def dismiss(user: CurrentUser, tender_id: int, reason: str) -> WatchDecisionOut:
    """« Écarter »: the tender goes to « no go » with the reason, and never comes back."""
    ensure_staff(user)
    reason = clean_reason(reason)
    now = utcnow()
    async with db.transaction():
        await _hold(tender_id)
        await WatchedTender.update(
            {
                WatchedTender.dismissed_at: now,
                WatchedTender.dismissed_by: user.actor_id,
                WatchedTender.dismiss_reason: reason,
            }
        ).where(WatchedTender.tender == tender_id)
        tender = await change_status(user, tender_id, "no_go", f"Écarté de la veille : {reason}")
        await audit.record(
            user, "watch.dismissed", ("tender", tender_id), detail={"reason": reason}
        )
    await cache.bump("tenders")
    return WatchDecisionOut(tender_id, tender.status, tender.status_label, now, reason)
