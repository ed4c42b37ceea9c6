from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

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


class CompositionMemberIn(msgspec.Struct):
    organisation_id: int
    role: str = "co_traitant"  # mandataire | co_traitant | sous_traitant
    lots: list[str] = []
    subcontractor_of: int | None = None
    services: str = ""


class CompositionIn(msgspec.Struct):
    """The whole composition at once: form, lead and members."""

    form: str
    lead_id: int
    members: list[CompositionMemberIn]


class ShareIn(msgspec.Struct):
    lot_key: str
    organisation_id: int
    amount: Decimal | None = None
    percent: Decimal | None = None
    services: str = ""  # what it performs in this lot; empty: the member's services


class SplitIn(msgspec.Struct):
    shares: list[ShareIn]


class BankIn(msgspec.Struct):
    iban: str
    bic: str = ""


class ShareOut(msgspec.Struct):
    lot_key: str
    organisation_id: int
    amount: Decimal | None
    percent: Decimal
    services: str = ""


class LotSplitOut(msgspec.Struct):
    lot_key: str
    lot_title: str
    total: Decimal | None
    percent_total: Decimal
    complete: bool
    shares: list[ShareOut]


class MemberDetail(msgspec.Struct):
    organisation_id: int
    name: str
    role: str
    role_label: str
    lots: list[str]
    subcontractor_of: int | None
    services: str
    iban: str | None
    bic: str | None
    invitation: str  # none | pending | accepted | declined
    invitation_label: str
    respond_by: date | None
    answer_comment: str


class ConsortiumDetail(msgspec.Struct):
    id: int
    tender_id: int
    tender_title: str
    tender_status: str
    offers_deadline: datetime | None
    # Known by its date only (the notice gave no hour): show the date, the hour is to check.
    offers_time_unknown: bool
    form: str
    form_label: str
    lead_id: int | None
    status: str
    frozen: bool
    submitted_at: datetime | None
    members: list[MemberDetail]
    split: list[LotSplitOut]
    # What the viewer reads: coordination | member (accepted) | invited (not answered yet:
    # no split, no mémoire; see tenders/consortia/access.py).
    access: str = "coordination"


class InviteIn(msgspec.Struct):
    respond_by: date | None = None


class AnswerIn(msgspec.Struct):
    accept: bool
    comment: str = ""
    # The coordination answering « au nom de » a member structure; a director leaves it out.
    organisation_id: int | None = None


class AnswerOut(msgspec.Struct):
    """The answer as recorded. After declining, the consortium no longer exists for the
    structure: nothing else of it is sent back."""

    consortium_id: int
    invitation: str  # accepted | declined
    invitation_label: str
    answer_comment: str
