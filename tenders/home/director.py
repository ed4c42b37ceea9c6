"""A director's home: what their consortia expect of them and when, the invitations waiting
for their answer, the parts their structure has to write, its papers to renew and how complete
its file is. Only what the director may see: their structure's consortia, parts and papers."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import agenda
from tenders.consortia.agenda import Engagement, Part
from tenders.formatting import to_paris
from tenders.members.completeness import completeness
from tenders.members.renewals import PaperDue, papers_to_renew
from tenders.members.schemas import Completeness


class DirectorHome(msgspec.Struct):
    current: list[Engagement]  # consortia preparing their bid
    past: list[Engagement]  # submitted, or their tender closed
    invitations: list[Engagement]  # waiting for the structure's answer
    to_write: list[Part]  # every current consortium's, soonest first
    papers: list[PaperDue]
    completeness: Completeness

    @property
    def nothing_to_do(self) -> bool:
        return not (self.invitations or self.to_write or self.papers)


def _needed_until(current: list[Engagement]) -> date | None:
    """The papers must hold until the first offers deadline of the bids under way."""
    deadlines = [to_paris(e.offers_deadline).date() for e in current if e.offers_deadline]
    return min(deadlines, default=None)


async def director_home(viewer: CurrentUser, now: datetime) -> DirectorHome:
    organisation_id = viewer.organisation_id
    if organisation_id is None:
        raise ValueError("a director's home needs the structure they direct")
    today = to_paris(now).date()
    found = await agenda.engagements(viewer)
    current = [e for e in found if e.current]
    return DirectorHome(
        current=current,
        past=[e for e in found if not e.current],
        invitations=[e for e in current if e.invitation == "pending"],
        to_write=sorted(
            (p for e in current for p in e.to_write),
            key=lambda p: (p.due_at is None, p.due_at or now),
        ),
        papers=await papers_to_renew(viewer, {organisation_id: _needed_until(current)}, today),
        completeness=await completeness(viewer, organisation_id, today),
    )
