"""What the DUME pages and API send: the checklist of the criteria a tender's members answer."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Requirement(msgspec.Struct, frozen=True):
    """A value the buyer set on a criterion (a minimum turnover, a register…)."""

    description: str
    value: str


class ChecklistItem(msgspec.Struct, frozen=True):
    """One criterion: its code and French title, who gives it, and whether Cordée fills it
    from the members' files (``filled_by_cordee``) or each member must give it by hand."""

    code: str
    title: str
    who: str
    filled_by_cordee: bool
    source: str
    lots: list[str] = []
    requirements: list[Requirement] = []


class ChecklistSection(msgspec.Struct, frozen=True):
    kind: str  # exclusion | selection | other
    title: str
    items: list[ChecklistItem]


class UploadedRequest(msgspec.Struct, frozen=True):
    """The buyer's ESPD Request as uploaded and read."""

    filename: str
    size: int
    sha256: str
    version: str
    reference: str
    buyer_name: str
    title: str
    lots: list[str]
    criteria: int  # how many criteria it asks
    uploaded_at: datetime
    uploaded_by: int | None


class Checklist(msgspec.Struct, frozen=True):
    """What each member's DUME answers for a tender: the criteria of the buyer's request, or
    Cordée's default criteria when there is none (``request`` is then null)."""

    tender_id: int
    request: UploadedRequest | None
    sections: list[ChecklistSection]
    by_hand: int  # how many criteria the members must give by hand
