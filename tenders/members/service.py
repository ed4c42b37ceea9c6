"""Reading and writing member organisations."""

from __future__ import annotations

from typing import Any

from tenders.accounts.tables import User
from tenders.clock import utcnow
from tenders.errors import NotFound
from tenders.members.schemas import OrganisationOut
from tenders.members.tables import Organisation


async def list_organisations() -> list[OrganisationOut]:
    rows = await Organisation.select().order_by(Organisation.name)
    counts: dict[int, int] = {}
    directors = await User.select(User.organisation).where(
        (User.role == "member") & (User.is_active == True)  # noqa: E712
    )
    for row in directors:
        if row["organisation"] is not None:
            counts[row["organisation"]] = counts.get(row["organisation"], 0) + 1
    return [_out(row, counts.get(row["id"], 0)) for row in rows]


async def get_organisation(organisation_id: int) -> OrganisationOut:
    rows = await Organisation.select().where(Organisation.id == organisation_id)
    if not rows:
        raise NotFound("Cette structure n'existe pas.")
    directors = await User.count().where(
        (User.organisation == organisation_id) & (User.is_active == True)  # noqa: E712
    )
    return _out(rows[0], directors)


async def upsert_organisation(
    name: str, slug: str, town: str, territory: str, description: str
) -> int:
    """Create the organisation or update it in place, keyed by slug (used by the demo loader)."""
    now = utcnow()
    existing = await Organisation.select(Organisation.id).where(Organisation.slug == slug)
    values: dict[Any, Any] = {
        Organisation.name: name,
        Organisation.town: town,
        Organisation.territory: territory,
        Organisation.description: description,
        Organisation.updated_at: now,
    }
    if existing:
        await Organisation.update(values).where(Organisation.id == existing[0]["id"])
        return int(existing[0]["id"])
    rows = await Organisation.insert(
        Organisation(
            name=name,
            slug=slug,
            town=town,
            territory=territory,
            description=description,
            created_at=now,
            updated_at=now,
        )
    ).returning(Organisation.id)
    return int(rows[0]["id"])


def _out(row: dict[str, object], directors: int) -> OrganisationOut:
    return OrganisationOut(
        id=int(row["id"]),  # type: ignore[call-overload]
        name=str(row["name"]),
        slug=str(row["slug"]),
        town=str(row["town"]),
        territory=str(row["territory"]),
        description=str(row["description"]),
        directors=directors,
    )
