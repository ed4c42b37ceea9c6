"""What each member of the tender's consortia still lacks for its DUME, as the DUME page shows
it: the pre-flight points of the bid package that concern the DUME (a blocking one holds that
member's DUME back) and the criteria of the buyer's request Cordée holds no data for."""

from __future__ import annotations

from dataclasses import dataclass, field

from tenders.clock import utcnow
from tenders.consortia.tables import Consortium
from tenders.packages.context import load_model


@dataclass(frozen=True)
class MemberMissing:
    name: str
    ready: bool  # its DUME is written (no blocking point)
    blocking: list[tuple[str, str]] = field(default_factory=list)  # (text, link)
    to_check: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ConsortiumMissing:
    consortium_id: int
    lead: str
    members: list[MemberMissing]


async def missing_by_consortium(tender_id: int) -> list[ConsortiumMissing]:
    """For each consortium answering ``tender_id``: each member and what its DUME lacks."""
    rows = await Consortium.select(Consortium.id).where(Consortium.tender == tender_id)
    found = []
    for row in sorted(rows, key=lambda r: int(r["id"])):
        model, _, dumes = await load_model(int(row["id"]), utcnow())
        members = [
            MemberMissing(
                name=dume.name,
                ready=dume.data is not None,
                blocking=[(gap.text, gap.link) for gap in dume.gaps],
                to_check=[(gap.text, gap.link) for gap in dume.warnings],
            )
            for dume in dumes
        ]
        lead = model.members[0].name if model.members else "Groupement"
        found.append(ConsortiumMissing(int(row["id"]), lead, members))
    return found
