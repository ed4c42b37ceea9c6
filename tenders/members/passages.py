"""A structure's library passages as matching reads them (``PassageMeaning``): kept by the
library when a passage is saved, reviewed or deleted, since the library depends on the
structures and matching reads the structures alone."""

from __future__ import annotations

from datetime import date

from tenders.members.tables import PassageMeaning


async def keep(
    passage_id: int, organisation_id: int | None, title: str, vector: bytes, fresh_until: date
) -> None:
    """What the passage is about (``vector``, from ``tenders.meaning.read_passage``), in the
    caller's transaction; the collective's own passages (no organisation) are nobody's."""
    await PassageMeaning.delete().where(PassageMeaning.passage == passage_id)
    if organisation_id is None or not vector:
        return
    await PassageMeaning.insert(
        PassageMeaning(
            passage=passage_id,
            organisation=organisation_id,
            title=title,
            meaning=vector,
            fresh_until=fresh_until,
        )
    )


async def reviewed(passage_id: int, fresh_until: date) -> None:
    await PassageMeaning.update({PassageMeaning.fresh_until: fresh_until}).where(
        PassageMeaning.passage == passage_id
    )


async def forget(passage_id: int) -> None:
    await PassageMeaning.delete().where(PassageMeaning.passage == passage_id)


async def kept_ids() -> set[int]:
    return {int(row["passage"]) for row in await PassageMeaning.select(PassageMeaning.passage)}
