"""The watch's runs as the coordination sees them (the list, one run and what it refused),
and « Lancer maintenant »."""

from __future__ import annotations

from typing import Any

import msgspec

from tenders import db
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import Conflict, NotFound
from tenders.jobs import WATCH_RUN, JobQueue
from tenders.members.access import Person, ensure_staff
from tenders.watch.run_schemas import RunNotice, RunRequestOut, WatchRunDetail, WatchRunOut
from tenders.watch.runs import STALE
from tenders.watch.tables import WatchNotice, WatchRun

PAGE = 50
NOTICES_SHOWN = 500
KIND_LABELS = {"initial": "Avis", "rectificatif": "Rectificatif", "hors_profil": "Hors profil"}
SOURCE_LABELS = {"boamp": "BOAMP", "ted": "TED"}
STATUS_LABELS = {
    "running": "En cours",
    "done": "Terminé",
    "failed": "En échec",
    "offline": "Pas de connexion",
}
TRIGGER_LABELS = {"schedule": "Programmé", "manual": "Lancé à la main"}
QUEUED = "La veille est lancée : revenez dans quelques minutes."
ALREADY = "Un passage de la veille est déjà en cours : revenez dans quelques minutes."
NO_RUN = "Ce passage de la veille n'existe pas."


def _out(row: dict[str, Any], detail: bool = False) -> WatchRunOut:
    kept = row["refused"] or []  # the notices outside the profile are there too, marked
    refused = [r for r in kept if not r.get("outside")]
    ended = row["ended_at"]
    values = {
        **row,
        "source_label": SOURCE_LABELS.get(row["source"], row["source"]),
        "trigger_label": TRIGGER_LABELS.get(row["trigger"], row["trigger"]),
        "status_label": STATUS_LABELS.get(row["status"], row["status"]),
        "duration_seconds": int((ended - row["started_at"]).total_seconds()) if ended else None,
        "refused_count": len(refused),
        "refused": refused,
        "outside_reasons": [r for r in kept if r.get("outside")],
    }
    return msgspec.convert(values, WatchRunDetail if detail else WatchRunOut, from_attributes=True)


async def list_runs(
    user: Person, before: int | None = None, limit: int = PAGE
) -> list[WatchRunOut]:
    """The runs, the most recent first; ``before`` a run's id: the older ones."""
    ensure_staff(user)
    query = WatchRun.select().output(load_json=True)
    if before is not None:
        query = query.where(WatchRun.id < before)
    rows = await query.order_by(WatchRun.id, ascending=False).limit(limit)
    return [_out(row) for row in rows]


async def _notices(run_id: int) -> list[RunNotice]:
    """The notices the run read first (a notice read again later stays with its first run)."""
    rows = (
        await WatchNotice.select(
            WatchNotice.source,
            WatchNotice.notice_id,
            WatchNotice.kind,
            WatchNotice.url,
            WatchNotice.tender.as_alias("tender_id"),
            WatchNotice.tender.title.as_alias("tender_title"),
        )
        .where(WatchNotice.run == run_id)
        .order_by(WatchNotice.id)
        .limit(NOTICES_SHOWN)
    )
    return [RunNotice(**row, kind_label=KIND_LABELS.get(row["kind"], row["kind"])) for row in rows]


async def get_run(user: Person, run_id: int) -> WatchRunDetail:
    ensure_staff(user)
    row = await WatchRun.select().where(WatchRun.id == run_id).output(load_json=True).first()
    if row is None:
        raise NotFound(NO_RUN)
    run = _out({**row, "notices": await _notices(run_id)}, detail=True)
    assert isinstance(run, WatchRunDetail)
    return run


async def running() -> list[int]:
    """The runs going now (started within the hour: an older one was left by a dead worker)."""
    rows = await WatchRun.select(WatchRun.id).where(
        (WatchRun.status == "running") & (WatchRun.started_at > utcnow() - STALE)
    )
    return [row["id"] for row in rows]


async def request_run(user: Person, jobs: JobQueue) -> RunRequestOut:
    """« Lancer maintenant »: the watch asked of a worker; a Conflict while a run is going."""
    ensure_staff(user)
    if await running():
        raise Conflict(ALREADY)
    async with db.transaction():
        await audit.record(user, "watch.run_requested", detail={"trigger": "manual"})
    await jobs.enqueue(WATCH_RUN, "manual", user.actor_id)
    return RunRequestOut(queued=True, message=QUEUED)
