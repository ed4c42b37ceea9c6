"""What the API and the pages exchange about the notices the watch brought: the list of the
« Veille » page, « à qualifier » and « écarter », and a director's alerts."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

PER_PAGE = 50


class WatchMatch(msgspec.Struct):
    """A structure of the collective that fits the tender, with why (its best lot's reasons)."""

    organisation_id: int
    name: str
    score: int  # 0–100, on its best lot
    reasons: list[str]  # in French
    lots: list[str]  # keys of the lots it fits


class WatchSource(msgspec.Struct):
    """A notice of the tender read by the watch."""

    source: str  # boamp | ted
    source_label: str  # « BOAMP », « TED »
    kind: str  # initial | rectificatif
    url: str
    published_on: date | None


class WatchNewsItem(msgspec.Struct):
    tender_id: int
    title: str
    buyer_name: str
    path: str  # the tender's page
    offers_deadline: datetime | None
    offers_time_unknown: bool
    found_at: datetime
    new: bool  # found since the person's last visit
    score: int | None  # the best structure's, 0–100; None until ranked
    matches: list[WatchMatch]  # best first, five at most
    keywords: list[str]  # the profile's keywords the notice holds
    sources: list[WatchSource]
    changes: list[str]  # what corrective notices changed, in French
    changed_at: datetime | None


class WatchNewsPage(msgspec.Struct):
    """One page of the notices still « en veille » and not dismissed: the newest day first,
    then the best score."""

    items: list[WatchNewsItem]
    total: int  # notices the filters keep
    new_count: int  # notices found since the last visit (filters aside)
    since: datetime | None  # the last visit; None: everything is new
    page: int
    pages: int
    per_page: int
    only_new: bool
    min_score: int | None


class DismissIn(msgspec.Struct):
    reason: str = ""  # required: why the collective does not answer


class WatchDecisionOut(msgspec.Struct):
    """Where a notice went: « à qualifier », or dismissed (« no go ») with its reason."""

    tender_id: int
    status: str
    status_label: str
    dismissed_at: datetime | None = None
    dismiss_reason: str = ""


class AlertsIn(msgspec.Struct):
    enabled: bool


class AlertsOut(msgspec.Struct):
    """Whether the director is told when a consultation fits their structure."""

    enabled: bool
    threshold: int  # the score from which a consultation is said to fit
