"""Copying a passage into a part of the mémoire, and seeing later whether its source moved."""

from __future__ import annotations

from typing import Any

import msgspec

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.consortia import sections
from tenders.consortia.workspace import ensure_can_see
from tenders.library.service import get_passage, search
from tenders.library.tables import SectionSource


class SourceOut(msgspec.Struct):
    passage_id: int | None
    title: str
    copied_version: int
    current_version: int | None  # None: the passage was deleted since
    changed: bool
    inserted_at: str


async def insert_passage(
    actor: CurrentUser, consortium_id: int, section_id: int, passage_id: int, base_version: int
) -> sections.SectionOut:
    """The passage's text added at the end of the part, as a new version of it (the same
    rules as saving: the writer's part, not validated, ``base_version`` still current)."""
    passage = await get_passage(actor, passage_id)
    detail = await sections.get_section(actor, consortium_id, section_id)
    current = detail.section.body.rstrip()
    body = f"{current}\n\n{passage.body}" if current else passage.body
    saved = await sections.save(actor, consortium_id, section_id, body, base_version)
    async with db.transaction():
        await SectionSource.insert(
            SectionSource(
                section=section_id,
                passage=passage.id,
                passage_title=passage.title,
                passage_version=passage.version,
                inserted_by=actor.id,
                inserted_at=utcnow(),
            )
        )
    return saved


async def sources_of(viewer: CurrentUser, consortium_id: int, section_id: int) -> list[SourceOut]:
    """The passages copied into this part, each saying whether it changed since."""
    await ensure_can_see(viewer, consortium_id)
    rows = (
        await SectionSource.select(
            SectionSource.passage.as_alias("passage_id"),
            SectionSource.passage_title.as_alias("title"),
            SectionSource.passage_version.as_alias("copied_version"),
            SectionSource.passage.version.as_alias("current_version"),
            SectionSource.inserted_at,
        )
        .where(
            (SectionSource.section == section_id)
            & (SectionSource.section.consortium == consortium_id)
        )
        .order_by(SectionSource.id)
    )
    return [_source(r) for r in rows]


def _source(row: dict[str, Any]) -> SourceOut:
    current = row["current_version"]
    return SourceOut(
        **(row | {"inserted_at": row["inserted_at"].isoformat()}),
        changed=current is not None and current != row["copied_version"],
    )


async def passages_for_picker(viewer: CurrentUser) -> list[dict[str, object]]:
    """Title and owner of the passages the viewer may copy, for a select box."""
    return [
        {"id": p.id, "label": f"{p.title} — {p.owner_name} ({p.freshness_label.lower()})"}
        for p in await search(viewer)
    ]
