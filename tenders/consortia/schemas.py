from __future__ import annotations

from datetime import datetime

import msgspec


class MemberIn(msgspec.Struct):
    organisation_id: int
    lots: list[str]


class ConsortiumIn(msgspec.Struct):
    """A consortium draft: the proposal as accepted, or as the coordinator adjusted it."""

    lead_id: int
    members: list[MemberIn]


class MemberOut(msgspec.Struct):
    organisation_id: int
    name: str
    role: str
    role_label: str
    lots: list[str]
    score: int | None


class ConsortiumOut(msgspec.Struct):
    id: int
    tender_id: int
    lead_id: int | None
    status: str
    members: list[MemberOut]
    created_at: datetime
