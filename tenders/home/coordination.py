"""The coordination's home: a to-do list first (parts to review, invitations answered, papers
to renew for a bid under way, packages to compile, structures nobody directs), then how things
stand (tenders, accounts, the journal)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from tenders.accounts.directors import director_counts
from tenders.accounts.schemas import CurrentUser
from tenders.accounts.tables import User
from tenders.audit import service as audit
from tenders.consortia import agenda
from tenders.consortia.agenda import Answer, Bid, Part
from tenders.formatting import to_paris
from tenders.members.renewals import PaperDue, papers_to_renew
from tenders.packages.freshness import PackageDue, packages_to_compile
from tenders.procurement import service as procurement
from tenders.procurement.schemas import TenderSummary
from tenders.procurement.vocabulary import ACTIVE, STATUSES

UPCOMING = 6  # the tenders to come the dashboard lists
EVENTS = 8  # the last actions it lists


class PaperForBids(msgspec.Struct):
    paper: PaperDue
    bids: list[Bid]


class PackageForBid(msgspec.Struct):
    package: PackageDue
    bid: Bid


class CoordinationTodo(msgspec.Struct):
    to_review: list[Part]
    answers: list[Answer]
    papers: list[PaperForBids]
    packages: list[PackageForBid]
    orgs_without_director: int

    @property
    def nothing_to_do(self) -> bool:
        return not (
            self.to_review
            or self.answers
            or self.papers
            or self.packages
            or self.orgs_without_director
        )


async def _papers(viewer: CurrentUser, bids: list[Bid], now: datetime) -> list[PaperForBids]:
    """Papers of the structures of the bids under way that end before the first deadline
    they are needed for (or are expired, or expire within the month)."""
    bids_of: dict[int, list[Bid]] = {}
    for bid in bids:  # soonest deadline first: the first bid of a structure is its first need
        for organisation_id in bid.organisation_ids:
            bids_of.setdefault(organisation_id, []).append(bid)
    needed = {
        org: to_paris(found[0].offers_deadline).date() if found[0].offers_deadline else None
        for org, found in bids_of.items()
    }
    papers = await papers_to_renew(viewer, needed, to_paris(now).date())
    return [PaperForBids(p, bids_of[p.organisation_id]) for p in papers]


async def coordination_todo(
    viewer: CurrentUser, organisations: int, now: datetime
) -> CoordinationTodo:
    """What waits for the coordination; ``organisations``: how many structures there are."""
    bids = await agenda.bids_under_way(viewer, now)
    bid_of = {b.consortium_id: b for b in bids}
    packages = await packages_to_compile(viewer, bid_of)
    directed = await director_counts()
    return CoordinationTodo(
        to_review=await agenda.parts_to_review(viewer),
        answers=await agenda.recent_answers(viewer, now),
        papers=await _papers(viewer, bids, now),
        packages=[PackageForBid(p, bid_of[p.consortium_id]) for p in packages],
        orgs_without_director=organisations - len(directed),
    )


async def _account_counts() -> dict[str, int]:
    open_accounts = User.is_active == True  # noqa: E712
    no_password = User.password_hash.is_null() | (User.password_hash == "")
    pending = await User.count().where(open_accounts & no_password)
    return {"active": await User.count().where(open_accounts) - pending, "pending": pending}


async def _upcoming() -> list[TenderSummary]:
    """The soonest offers deadlines of the tenders under way (passed ones included): the
    first page of the tender list, whose undated tenders come last."""
    first = await procurement.tender_page(sorted(ACTIVE), 0, UPCOMING)
    return [tender for tender in first if tender.offers_deadline is not None]


async def _pipeline() -> dict[str, int]:
    """How many tenders in each status, every status named (in their order)."""
    counted = await procurement.status_counts()
    return {label: counted[key] for key, label in STATUSES.items()}


async def overview() -> dict[str, Any]:
    """How things stand: accounts, the tenders to come and by status, the last actions; each
    counted or limited by the database, not read whole."""
    return {
        "account_counts": await _account_counts(),
        "events": await audit.recent(limit=EVENTS),
        "upcoming": await _upcoming(),
        "pipeline": await _pipeline(),
    }
