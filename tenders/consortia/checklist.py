"""What each member still has to provide for this tender, at its offer deadline."""

from __future__ import annotations

from datetime import date

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.consortia.schemas import ConsortiumDetail
from tenders.consortia.sections import SectionOut, list_sections
from tenders.consortia.workspace import get_detail
from tenders.formatting import to_paris
from tenders.members.access import manages
from tenders.members.completeness import completeness
from tenders.members.schemas import CompletenessItem

# The completeness lines that matter for a bid: DC2 figures and the required papers.
BID_TOPICS = frozenset({"dc2", "certificate"})


class MemberChecklist(msgspec.Struct):
    organisation_id: int
    name: str
    at: date
    items: list[CompletenessItem]
    sections_done: int
    sections_total: int

    @property
    def ready(self) -> bool:
        return all(i.ok for i in self.items) and self.sections_done == self.sections_total


async def checklist(
    viewer: CurrentUser,
    consortium_id: int,
    detail: ConsortiumDetail | None = None,
    parts: list[SectionOut] | None = None,
) -> list[MemberChecklist]:
    """For each member the viewer manages (staff: every member; a director: their own).
    ``detail`` and ``parts``, when the caller has them, are this consortium's, read for
    ``viewer``."""
    detail = detail or await get_detail(viewer, consortium_id)
    at = to_paris(detail.offers_deadline).date() if detail.offers_deadline else utcnow().date()
    parts = parts if parts is not None else await list_sections(viewer, consortium_id)
    result = []
    for member in detail.members:
        if not manages(viewer, member.organisation_id):
            continue
        report = await completeness(viewer, member.organisation_id, at, BID_TOPICS)
        items = [i for i in report.items if i.topic in BID_TOPICS]
        mine = [p for p in parts if p.assignee_id == member.organisation_id]
        result.append(
            MemberChecklist(
                organisation_id=member.organisation_id,
                name=member.name,
                at=at,
                items=items,
                sections_done=sum(1 for p in mine if p.status == "validee"),
                sections_total=len(mine),
            )
        )
    return result
