"""Runs of the watch: each source read for the publication days since its last good run,
what it sent taken in (``intake``), ranked (``ranking``) and told (``alerts``), and the run
recorded with its counts or its error in French."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tenders import db
from tenders.clock import utcnow
from tenders.formatting import PARIS
from tenders.notices.nuts import NUTS3_2021
from tenders.settings import Settings
from tenders.watch import alerts, boamp, intake, ranking, ted
from tenders.watch.http import Policy, Unreachable
from tenders.watch.intake import Intake
from tenders.watch.results import FetchResult, SourceError
from tenders.watch.tables import WatchProfile, WatchRun

log = logging.getLogger(__name__)

SOURCES = ("boamp", "ted")
STALE = timedelta(hours=1)  # a run "running" for longer was left by a worker that died
FIRST_DAYS = 2  # the first run reads the publication days since today minus this
BOAMP_KINDS = {"works": "TRAVAUX", "services": "SERVICES", "supplies": "FOURNITURES"}
ALL_FRANCE = ("FRA",)

OFFLINE = "Pas de connexion : {message} Le prochain passage reprendra à la même date."
FAILED = "{message} Le prochain passage reprendra à la même date."
DEAD = (
    "Passage interrompu : le processus qui le menait s'est arrêté avant la fin. "
    "Le passage suivant a repris à la même date."
)
INTERRUPTED = (
    "Passage interrompu avant la fin (durée maximale dépassée ou arrêt du service). "
    "Le prochain passage reprendra à la même date."
)
BROKEN = (
    "Le passage s'est arrêté sur une erreur inattendue (détails dans le journal du serveur). "
    "Le prochain passage reprendra à la même date."
)
UNWRITTEN = (
    "{count} avis n'{verb} pas pu être enregistré{s} (voir ci-dessous) : le prochain passage "
    "relira les mêmes jours ; les autres avis sont importés."
)
UNRANKED = (
    "Les avis sont importés, mais leur classement auprès des structures a échoué "
    "(détails dans le journal du serveur)."
)


@dataclass
class Claim:
    """The run this call owns (``fresh``), or the one already going."""

    id: int
    fresh: bool
    since: date | None = None
    until: date | None = None


@dataclass
class Outcome:
    run_id: int
    created: list[int] = field(default_factory=list)


def paris_today() -> date:
    return utcnow().astimezone(PARIS).date()


async def run_all(
    settings: Settings,
    trigger: str = "schedule",
    requested_by: int | None = None,
    *,
    today: date | None = None,
    policy: Policy | None = None,
) -> list[int]:
    """Run every source once; returns the ids of the mails written for directors."""
    created: list[int] = []
    for source in SOURCES:
        outcome = await _run(source, settings, trigger, requested_by, today, policy)
        created.extend(outcome.created)
    if not created:
        return []
    try:
        return await alerts.alert_directors(created, settings)
    except Exception:
        log.exception("watch: the directors' alerts of tenders %s failed", created)
        return []


async def run_source(
    source: str,
    settings: Settings,
    trigger: str = "schedule",
    requested_by: int | None = None,
    today: date | None = None,
    policy: Policy | None = None,
) -> int:
    """One run of ``source`` (its id); the id of the run already going when there is one."""
    return (await _run(source, settings, trigger, requested_by, today, policy)).run_id


async def _run(
    source: str,
    settings: Settings,
    trigger: str,
    requested_by: int | None,
    today: date | None,
    policy: Policy | None,
) -> Outcome:
    claim = await _claim(source, trigger, requested_by, today or paris_today())
    if not claim.fresh or claim.since is None or claim.until is None:
        return Outcome(claim.id)
    try:
        fetched = await _fetch(source, settings, claim.since, claim.until, policy)
        taken = await intake.take_in(source, fetched.records, claim.id) if fetched.records else None
    except SourceError as error:
        await _stop(claim.id, *_said(error))
        return Outcome(claim.id)
    except asyncio.CancelledError:  # the task's time limit, or the worker stopping
        await _stop(claim.id, "failed", INTERRUPTED)
        raise
    except Exception:
        log.exception("watch: the run %s of %s failed", claim.id, source)
        await _stop(claim.id, "failed", BROKEN)
        return Outcome(claim.id)
    taken = taken or Intake()
    # Ranked before the run says « Terminé »: the notices then show with their scores.
    try:
        ranked = await _rank(claim.id, [*taken.created, *taken.changed])
    finally:  # stopped while ranking: what was taken in stays taken in
        await _finish(claim.id, fetched, taken, _unwritten(taken))
    if not ranked:
        await WatchRun.update({WatchRun.error: UNRANKED}).where(WatchRun.id == claim.id)
    return Outcome(claim.id, taken.created)


async def _claim(source: str, trigger: str, requested_by: int | None, today: date) -> Claim:
    """Start a run of ``source`` unless one is going; a run left "running" for over an hour
    is a dead worker's: it is marked failed and this one starts."""
    now = utcnow()
    async with db.transaction():
        if db.is_postgres():  # two beats at once: one claims, the other sees its run
            await WatchRun.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"watch:{source}")
        running = await WatchRun.select(WatchRun.id, WatchRun.started_at).where(
            (WatchRun.source == source) & (WatchRun.status == "running")
        )
        going = [row["id"] for row in running if now - _aware(row["started_at"]) < STALE]
        if going:
            return Claim(max(going), fresh=False)
        if running:
            await WatchRun.update(
                {WatchRun.status: "failed", WatchRun.error: DEAD, WatchRun.ended_at: now}
            ).where(WatchRun.id.is_in([row["id"] for row in running]))
        since = await last_good_until(source) or today - timedelta(days=FIRST_DAYS)
        since = min(since, today)
        rows = await WatchRun.insert(
            WatchRun(
                source=source,
                trigger=trigger,
                requested_by=requested_by,
                status="running",
                started_at=now,
                since=since,
                until=today,
            )
        ).returning(WatchRun.id)
    return Claim(rows[0]["id"], True, since, today)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _said(error: SourceError) -> tuple[str, str]:
    """The status and the French error of a run a source stopped."""
    if isinstance(error, Unreachable):
        return "offline", OFFLINE.format(message=error.message[:1].lower() + error.message[1:])
    return "failed", FAILED.format(message=error.message)


async def last_good_until(source: str) -> date | None:
    """The last publication day the last successful run of ``source`` read: the next run
    reads it again (the intake keeps each notice once) and the days after."""
    row = (
        await WatchRun.select(WatchRun.until)
        .where((WatchRun.source == source) & (WatchRun.status == "done"))
        .order_by(WatchRun.id, ascending=False)
        .first()
    )
    return row["until"] if row else None


async def _profile() -> dict[str, Any]:
    row = await WatchProfile.select().output(load_json=True).first()
    return row or {"cpv_codes": [], "departements": [], "kinds": []}


def nuts_of(departements: list[str]) -> tuple[str, ...]:
    """TED's places of performance for the profile's départements: their NUTS 3 codes, or
    all of France when there are none or one has no code."""
    codes = {dep: nuts for nuts, dep in NUTS3_2021.items()}
    found = [codes.get(dep) for dep in departements]
    if not found or None in found:
        return ALL_FRANCE
    return tuple(sorted({code for code in found if code}))


async def _fetch(
    source: str, settings: Settings, since: date, until: date, policy: Policy | None
) -> FetchResult:
    profile = await _profile()
    if source == "boamp":
        kinds = [BOAMP_KINDS[kind] for kind in profile["kinds"] if kind in BOAMP_KINDS]
        extra = boamp.profile_filter(profile["departements"], kinds)
        return await boamp.watch(settings.boamp_url, since, until, extra, policy)
    query = ted.expert_query(
        since, until, cpv=profile["cpv_codes"], nuts=nuts_of(profile["departements"])
    )
    return await ted.watch(settings.ted_url, query, policy)


async def _stop(run_id: int, status: str, error: str) -> None:
    await WatchRun.update(
        {WatchRun.status: status, WatchRun.error: error, WatchRun.ended_at: utcnow()}
    ).where(WatchRun.id == run_id)


def _unwritten(taken: Intake) -> str:
    """The run's error when notices could not be written (to be taken in again): the run
    is then not a good one, and the next run reads its days again."""
    count = taken.unwritten
    if not count:
        return ""
    many = count > 1
    return UNWRITTEN.format(count=count, verb="ont" if many else "a", s="s" if many else "")


async def _finish(run_id: int, fetched: FetchResult, taken: Intake, error: str = "") -> None:
    refused = [
        *({"record_id": r.record_id, "reason": r.reason} for r in fetched.summary.refused),
        *({"record_id": r.record_id, "reason": r.reason} for r in taken.refused),
        # Why the notices outside the profile were left, for the run's page.
        *(
            {"record_id": r.record_id, "reason": r.reason, "outside": True}
            for r in getattr(taken, "outside_reasons", [])
        ),
    ]
    await WatchRun.update(
        {
            WatchRun.status: "failed" if error else "done",
            WatchRun.error: error,
            WatchRun.ended_at: utcnow(),
            WatchRun.seen: fetched.summary.seen,
            WatchRun.new: taken.new,
            WatchRun.updated: taken.updated,
            WatchRun.known: taken.known,
            WatchRun.outside: taken.outside,
            WatchRun.dismissed: taken.dismissed,
            WatchRun.refused: refused,
        }
    ).where(WatchRun.id == run_id)


async def _rank(run_id: int, tender_ids: list[int]) -> bool:
    """Rank what the run brought; ``False`` when that failed: the run is still done (nothing
    to fetch again), with a word saying so."""
    if not tender_ids:
        return True
    try:
        await ranking.rank_tenders(tender_ids)
    except Exception:
        log.exception("watch: ranking the tenders of run %s failed", run_id)
        return False
    return True
