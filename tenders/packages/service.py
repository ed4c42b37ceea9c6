"""Compile jobs and bid packages.

A job row is the source of truth; the Celery message only carries its id. A worker claims the
job with a conditional UPDATE and holds a lease it renews after every document; a delivery
that finds the job done does nothing, and one that finds it running under a live lease leaves
it alone. The package and the job's completion are written in one transaction, and the
database refuses a second package for the same job: a job delivered twice, or taken over after
a worker died, yields one package version."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta
from typing import Any

import msgspec

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia.tables import Consortium
from tenders.consortia.workspace import ensure_can_see
from tenders.errors import Conflict, DomainError, NotFound
from tenders.jobs import COMPILE_PACKAGE, JobQueue
from tenders.members.access import ensure_staff
from tenders.packages import pdf
from tenders.packages.assemble import (
    PackedFile,
    build_zip,
    certificate_names,
    file_stem,
    finish,
    plan_documents,
    readme,
)
from tenders.packages.context import load_package_data
from tenders.packages.dume_package import dume_files
from tenders.packages.latest import latest, next_version
from tenders.packages.preflight import preflight
from tenders.packages.rendering import compile_limits, render_planned, renderer_for_thread
from tenders.packages.tables import BidPackage, CompileJob
from tenders.packages.templates import templates_in_use
from tenders.settings import Settings
from tenders.storage import load, load_many, store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PROGRESS_EVERY = 0.4  # seconds between two writes of the progress of a running job
# A queued job nobody took within this delay lost its message (broker down): sent again.
LOST_AFTER = timedelta(minutes=2)
STATUS_LABELS = {
    "queued": "En file d'attente",
    "running": "Compilation en cours",
    "done": "Terminée",
    "failed": "Échec",
}
FAILED_UNEXPECTEDLY = (
    "La compilation a échoué plusieurs fois pour une raison technique. Relancez-la ; si "
    "l'échec se répète, prévenez l'équipe Cordée."
)
ZIP_TYPE = "application/zip"
# The worker acts for the coordination that asked: it sees every member's file.
SYSTEM = CurrentUser(
    id=0,
    email="compilation@cordee",
    full_name="Cordée (compilation)",
    role="admin",
    organisation_id=None,
    organisation_name=None,
)


class JobOut(msgspec.Struct):
    id: int
    consortium_id: int
    status: str
    status_label: str
    done: int
    total: int
    attempts: int
    error: str
    requested_by_label: str
    created_at: datetime
    finished_at: datetime | None
    package_version: int | None
    download_url: str | None


class ManifestEntry(msgspec.Struct):
    name: str
    sha256: str
    size: int


class PreflightEntry(msgspec.Struct):
    blocking: bool
    text: str


class PackageOut(msgspec.Struct):
    consortium_id: int
    version: int
    size: int
    zip_sha256: str
    created_at: datetime
    blocking: int
    files: list[ManifestEntry]
    preflight: list[PreflightEntry]
    download_url: str


def zip_url(consortium_id: int, version: int) -> str:
    return f"/groupements/{consortium_id}/dossiers/{version}/zip"


async def ensure_may_compile(viewer: CurrentUser, consortium_id: int) -> None:
    """The coordination compiles and downloads: the package holds every member's DC2 figures."""
    await ensure_can_see(viewer, consortium_id)
    ensure_staff(viewer)


async def _job_out(row: dict[str, Any]) -> JobOut:
    package = await BidPackage.select(BidPackage.version).where(BidPackage.job == row["id"])
    version = package[0]["version"] if package else None
    # The other fields are the row's columns of the same names.
    return msgspec.convert(
        {
            **row,
            "consortium_id": row["consortium"],
            "status_label": STATUS_LABELS.get(row["status"], row["status"]),
            "package_version": version,
            "download_url": zip_url(row["consortium"], version) if version else None,
        },
        JobOut,
    )


async def _job_row(job_id: int) -> dict[str, Any]:
    rows = await CompileJob.select().where(CompileJob.id == job_id)
    if not rows:
        raise NotFound("Cette compilation n'existe pas.")
    return rows[0]


async def get_job(viewer: CurrentUser, job_id: int) -> JobOut:
    row = await _job_row(job_id)
    await ensure_may_compile(viewer, row["consortium"])
    return await _job_out(row)


async def latest_job(viewer: CurrentUser, consortium_id: int) -> JobOut | None:
    await ensure_may_compile(viewer, consortium_id)
    row = await latest(CompileJob.id, CompileJob.consortium == consortium_id)
    return await _job_out(row) if row else None


async def request_compile(actor: CurrentUser, consortium_id: int, queue: JobQueue) -> JobOut:
    """A new job for this consortium, or the one already waiting or running."""
    await ensure_may_compile(actor, consortium_id)
    async with db.transaction():
        active = await latest(
            CompileJob.id,
            (CompileJob.consortium == consortium_id)
            & CompileJob.status.is_in(["queued", "running"]),
        )
        if active:
            return await _job_out(active)
        rows = await CompileJob.insert(
            CompileJob(
                consortium=consortium_id,
                status="queued",
                requested_by=actor.id,
                requested_by_label=actor.full_name or actor.email,
                created_at=utcnow(),
            )
        ).returning(*CompileJob.all_columns())
        job = rows[0]
        await audit.record(
            actor,
            "package.requested",
            ("consortium", consortium_id),
            detail={"job": job["id"]},
        )
    await queue.enqueue(COMPILE_PACKAGE, job["id"])
    return await _job_out(job)


async def retry(actor: CurrentUser, job_id: int, queue: JobQueue) -> JobOut:
    """Run a failed job again, from the start."""
    row = await _job_row(job_id)
    await ensure_may_compile(actor, row["consortium"])
    async with db.transaction():
        updated = (
            await CompileJob.update(
                {
                    CompileJob.status: "queued",
                    CompileJob.attempts: 0,
                    CompileJob.error: "",
                    CompileJob.done: 0,
                    CompileJob.lease_until: None,
                    CompileJob.finished_at: None,
                    CompileJob.created_at: utcnow(),
                }
            )
            .where((CompileJob.id == job_id) & (CompileJob.status == "failed"))
            .returning(CompileJob.id)
        )
        if not updated:
            raise Conflict("Seule une compilation en échec peut être relancée.")
        await audit.record(actor, "package.retried", ("compile_job", job_id))
    await queue.enqueue(COMPILE_PACKAGE, job_id)
    return await _job_out(await _job_row(job_id))


async def _claim(job_id: int, settings: Settings) -> dict[str, Any] | None:
    """Take the job if nobody holds it; ``None`` when it is done, failed or held."""
    now = utcnow()
    free = (CompileJob.status == "queued") | (
        (CompileJob.status == "running") & (CompileJob.lease_until < now)
    )
    async with db.transaction():
        exhausted = (
            await CompileJob.update(
                {
                    CompileJob.status: "failed",
                    CompileJob.error: FAILED_UNEXPECTEDLY,
                    CompileJob.finished_at: now,
                }
            )
            .where((CompileJob.id == job_id) & free & (CompileJob.attempts >= MAX_ATTEMPTS))
            .returning(CompileJob.id)
        )
        if exhausted:
            return None
        rows = (
            await CompileJob.update(
                {
                    CompileJob.status: "running",
                    CompileJob.attempts: CompileJob.attempts + 1,
                    CompileJob.lease_until: now + timedelta(seconds=settings.compile_lease_seconds),
                    CompileJob.started_at: now,
                    CompileJob.done: 0,
                }
            )
            .where((CompileJob.id == job_id) & free)
            .returning(*CompileJob.all_columns())
        )
    return rows[0] if rows else None


async def _progress(job_id: int, done: int, total: int, settings: Settings) -> None:
    lease = utcnow() + timedelta(seconds=settings.compile_lease_seconds)
    await CompileJob.update(
        {CompileJob.done: done, CompileJob.total: total, CompileJob.lease_until: lease}
    ).where((CompileJob.id == job_id) & (CompileJob.status == "running"))


async def _fail(job_id: int, message: str) -> None:
    await CompileJob.update(
        {
            CompileJob.status: "failed",
            CompileJob.error: message,
            CompileJob.finished_at: utcnow(),
            CompileJob.lease_until: None,
        }
    ).where((CompileJob.id == job_id) & (CompileJob.status == "running"))


async def run_job(job_id: int, settings: Settings) -> str:
    """Compile the package of one job. Returns the job's status; raises when a later attempt
    may succeed (the caller retries), after putting the job back in the queue."""
    job = await _claim(job_id, settings)
    if job is None:
        rows = await CompileJob.select(CompileJob.status).where(CompileJob.id == job_id)
        return rows[0]["status"] if rows else "missing"
    if await BidPackage.exists().where(BidPackage.job == job_id):
        await _finish(job_id)
        return "done"
    try:
        await _compile(job, settings)
    except DomainError as exc:
        # The data or a template must be fixed first: trying again would fail the same way.
        await _fail(job_id, exc.message)
        return "failed"
    except Exception:
        log.exception("compile job %s failed (attempt %s)", job_id, job["attempts"])
        if job["attempts"] >= MAX_ATTEMPTS:
            await _fail(job_id, FAILED_UNEXPECTEDLY)
            return "failed"
        await CompileJob.update({CompileJob.status: "queued", CompileJob.lease_until: None}).where(
            (CompileJob.id == job_id) & (CompileJob.status == "running")
        )
        raise
    return "done"


async def _finish(job_id: int) -> None:
    await CompileJob.update(
        {CompileJob.status: "done", CompileJob.finished_at: utcnow(), CompileJob.lease_until: None}
    ).where(CompileJob.id == job_id)


async def _compile(job: dict[str, Any], settings: Settings) -> None:
    job_id, consortium_id = job["id"], job["consortium"]
    started = utcnow()
    data = await load_package_data(consortium_id, started)
    templates = await templates_in_use()
    checks = [
        {"blocking": item.blocking, "text": item.text}
        for item in await preflight(SYSTEM, consortium_id, data.model)
    ]
    # A package with blocking points is a draft, and every document says so.
    data.model.mark_draft(any(c["blocking"] for c in checks))
    planned = plan_documents(data)
    with_pdf = pdf.enabled(settings.compile_pdf)
    total = len(planned) + len(data.certificates) + (2 if with_pdf else 1)
    await _progress(job_id, 0, total, settings)
    delay = settings.compile_step_delay_ms / 1000
    files: list[PackedFile] = []
    shown = time.monotonic()

    async def advance(done: int) -> None:
        nonlocal shown
        # The count is written about twice a second (each write renews the lease too).
        if delay or time.monotonic() - shown >= PROGRESS_EVERY:
            await _progress(job_id, done, total, settings)
            shown = time.monotonic()
        if delay:
            await asyncio.sleep(delay)

    # Every template runs in one child process, under the compile's time and memory limits.
    limits = compile_limits(settings)
    # The members' DUME (XML, their French summary and its PDF) are written meanwhile.
    dumes = asyncio.create_task(asyncio.to_thread(dume_files, data, started, with_pdf))
    rendered = await render_planned(
        templates, planned, limits, advance, tender_title=data.tender_title, compiled_at=started
    )
    for doc, document in zip(planned, rendered, strict=True):
        if doc.kind == "memoire" and with_pdf:
            # LibreOffice lays it out once to give the table of contents its page numbers.
            finished = finish(doc, data.tender_title, started)
            render = renderer_for_thread(templates[doc.kind], doc, document, limits, finished)
            document = await asyncio.to_thread(pdf.number_toc, render, doc.context)
        files.append(PackedFile(doc.name, document))
    papers = await load_many([paper.sha256 for paper in data.certificates])
    for name, paper in zip(certificate_names(data), data.certificates, strict=True):
        files.append(PackedFile(name, papers[paper.sha256]))
    await _progress(job_id, len(planned) + len(data.certificates), total, settings)
    if with_pdf:
        docs = [f for f in files if f.name.endswith(".docx")]
        files += await asyncio.to_thread(pdf.convert, docs)
        await _progress(job_id, total - 1, total, settings)
    files += await dumes
    await _store_package(job_id, consortium_id, data.tender_title, files, checks, started)


async def _store_package(
    job_id: int,
    consortium_id: int,
    tender_title: str,
    files: list[PackedFile],
    checks: list[dict[str, Any]],
    compiled_at: datetime,
) -> None:
    for _ in range(3):
        version = await next_version(BidPackage.version, BidPackage.consortium == consortium_id)
        archive = build_zip(
            files, readme(tender_title, version, compiled_at, checks, files), compiled_at
        )
        try:
            async with db.transaction():
                ref = await store(archive, ZIP_TYPE)
                await BidPackage.insert(
                    BidPackage(
                        consortium=consortium_id,
                        version=version,
                        job=job_id,
                        zip_sha256=ref.sha256,
                        size=ref.size,
                        manifest=[
                            {"name": f.name, "sha256": f.sha256, "size": len(f.data)} for f in files
                        ],
                        preflight=checks,
                        blocking=sum(1 for c in checks if c["blocking"]),
                        created_at=compiled_at,
                    )
                )
                await CompileJob.update(
                    {
                        CompileJob.status: "done",
                        CompileJob.done: CompileJob.total,
                        CompileJob.finished_at: utcnow(),
                        CompileJob.lease_until: None,
                    }
                ).where(CompileJob.id == job_id)
            return
        except Exception as exc:
            if not db.is_unique_violation(exc):
                raise
            if await BidPackage.exists().where(BidPackage.job == job_id):
                # Another delivery of this job got there first: its package stands.
                await _finish(job_id)
                return
            # Another job of this consortium took the version number: take the next one.
    raise RuntimeError(f"no free package version for consortium {consortium_id}")


async def stale_jobs() -> list[int]:
    """Jobs whose message was lost or whose worker died: to be sent again."""
    now = utcnow()
    rows = await CompileJob.select(CompileJob.id).where(
        ((CompileJob.status == "queued") & (CompileJob.created_at < now - LOST_AFTER))
        | ((CompileJob.status == "running") & (CompileJob.lease_until < now))
    )
    return [r["id"] for r in rows]


async def list_packages(viewer: CurrentUser, consortium_id: int) -> list[PackageOut]:
    await ensure_may_compile(viewer, consortium_id)
    rows = (
        await BidPackage.select()
        .where(BidPackage.consortium == consortium_id)
        .order_by(BidPackage.version, ascending=False)
        .output(load_json=True)
    )
    # The other fields are the row's columns of the same names.
    return [
        msgspec.convert(
            {
                **r,
                "consortium_id": consortium_id,
                "files": r["manifest"] or [],
                "preflight": r["preflight"] or [],
                "download_url": zip_url(consortium_id, r["version"]),
            },
            PackageOut,
        )
        for r in rows
    ]


async def package_zip(viewer: CurrentUser, consortium_id: int, version: int) -> tuple[str, bytes]:
    await ensure_may_compile(viewer, consortium_id)
    rows = await BidPackage.select(BidPackage.zip_sha256).where(
        (BidPackage.consortium == consortium_id) & (BidPackage.version == version)
    )
    if not rows:
        raise NotFound("Cette version du dossier n'existe pas.")
    data = await load(rows[0]["zip_sha256"])
    tender = await Consortium.select(Consortium.tender.title.as_alias("title")).where(
        Consortium.id == consortium_id
    )
    async with db.transaction():
        await audit.record(
            viewer, "package.downloaded", ("bid_package", f"{consortium_id} v{version}")
        )
    stem = file_stem(tender[0]["title"], 50)
    return f"Dossier_{stem}_v{version}.zip", data
