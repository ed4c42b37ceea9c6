"""Which bid packages are to compile: never compiled, or older than what they are made of.

What a package is made of changes when the composition, split or bank details of its
consortium change (journal), a part of its mémoire is saved, or a member structure's file or
papers change. A consortium whose compilation is waiting or running is left out: it is being
done. Read only, for the coordination's home."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Max

from tenders.accounts.schemas import CurrentUser
from tenders.audit.tables import AuditEvent
from tenders.consortia.tables import ConsortiumMember, Section
from tenders.members.access import ensure_staff
from tenders.members.tables import Certificate
from tenders.packages.tables import BidPackage, CompileJob

# The journal's changes of a consortium that its package shows.
PACKAGE_CHANGES = (
    "consortium.composition_changed",
    "consortium.split_changed",
    "consortium.bank_changed",
)


class PackageDue(msgspec.Struct):
    consortium_id: int
    version: int | None  # the latest package; None: never compiled
    compiled_at: datetime | None
    changed_at: datetime | None  # the last change after it


def _moment(value: datetime | str) -> datetime:
    """A MAX of a moment: SQLite gives it as the text it stores (ISO 8601, with its offset)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


async def _last_changes(ids: list[int]) -> dict[int, datetime]:
    """The last change of what each consortium's package is made of."""
    changes: dict[int, list[datetime]] = defaultdict(list)
    events = await AuditEvent.select(AuditEvent.object_id, AuditEvent.occurred_at).where(
        (AuditEvent.object_type == "consortium")
        & AuditEvent.object_id.is_in([str(i) for i in ids])
        & AuditEvent.action.is_in(list(PACKAGE_CHANGES))
    )
    for e in events:
        changes[int(e["object_id"])].append(e["occurred_at"])
    # The last save of each one's parts, and of each structure's papers: the latest only,
    # from the database (a federation has thousands of parts and papers).
    for s in (
        await Section.select(Section.consortium, Max(Section.updated_at, alias="last"))
        .where(Section.consortium.is_in(ids))
        .group_by(Section.consortium)
    ):
        changes[s["consortium"]].append(_moment(s["last"]))
    members = await ConsortiumMember.select(
        ConsortiumMember.consortium,
        ConsortiumMember.organisation,
        ConsortiumMember.organisation.updated_at.as_alias("updated_at"),
    ).where(ConsortiumMember.consortium.is_in(ids))
    papers: dict[int, list[datetime]] = defaultdict(list)
    last_upload = Max(Certificate.uploaded_at, alias="last")
    for p in (
        await Certificate.select(Certificate.organisation, last_upload)
        .where(Certificate.organisation.is_in([m["organisation"] for m in members] or [0]))
        .group_by(Certificate.organisation)
    ):
        papers[p["organisation"]].append(_moment(p["last"]))
    for m in members:
        changes[m["consortium"]] += [m["updated_at"], *papers[m["organisation"]]]
    return {cid: max(moments) for cid, moments in changes.items()}


async def packages_to_compile(
    viewer: CurrentUser, consortium_ids: Iterable[int]
) -> list[PackageDue]:
    """Of the consortia given, those whose package was never compiled or has changed since
    (the time its compilation started), in the order given."""
    ensure_staff(viewer)
    ids = list(consortium_ids)
    if not ids:
        return []
    busy = {
        j["consortium"]
        for j in await CompileJob.select(CompileJob.consortium).where(
            CompileJob.consortium.is_in(ids) & CompileJob.status.is_in(["queued", "running"])
        )
    }
    latest: dict[int, dict[str, Any]] = {}
    for p in (
        await BidPackage.select(
            BidPackage.consortium,
            BidPackage.version,
            BidPackage.job.started_at.as_alias("started_at"),
            BidPackage.created_at,
        )
        .where(BidPackage.consortium.is_in(ids))
        .order_by(BidPackage.version)
    ):
        latest[p["consortium"]] = p
    changed = await _last_changes(ids)
    due = []
    for cid in ids:
        package = latest.get(cid)
        if cid in busy:
            continue
        if package is None:
            due.append(PackageDue(cid, None, None, None))
            continue
        compiled = package["started_at"] or package["created_at"]
        last = changed.get(cid)
        if last is not None and last > compiled:
            due.append(PackageDue(cid, package["version"], package["created_at"], last))
    return due
