"""What the API and the pages exchange about the watch's runs (« passages »)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class RefusedRecord(msgspec.Struct):
    """A record a source sent that could not be imported, and why (in French)."""

    record_id: str
    reason: str


class WatchRunOut(msgspec.Struct, kw_only=True):
    id: int
    source: str  # boamp | ted
    source_label: str  # « BOAMP », « TED »
    trigger: str  # schedule | manual
    trigger_label: str
    requested_by: int | None
    status: str  # running | done | failed | offline
    status_label: str
    started_at: datetime
    ended_at: datetime | None
    duration_seconds: int | None
    since: date | None  # publication days asked for, both included
    until: date | None
    seen: int  # records the source sent
    new: int  # tenders created
    updated: int  # tenders a corrective notice changed
    known: int  # already there
    outside: int  # outside the profile
    dismissed: int  # of a consultation the coordination dismissed
    refused_count: int
    error: str  # in French, when the run stopped


class RunNotice(msgspec.Struct, kw_only=True):
    """A notice this run read first, and the tender it went to (none: outside the profile)."""

    source: str
    notice_id: str  # the idweb, the publication number
    kind: str  # initial | rectificatif | hors_profil
    kind_label: str
    url: str
    tender_id: int | None
    tender_title: str | None


class WatchRunDetail(WatchRunOut, kw_only=True):
    notices: list[RunNotice]  # the first NOTICES_SHOWN
    refused: list[RefusedRecord]
    outside_reasons: list[RefusedRecord]  # the notices outside the profile, and why


class RunRequestOut(msgspec.Struct, kw_only=True):
    """What « Lancer maintenant » did: the watch asked of a worker."""

    queued: bool
    message: str
