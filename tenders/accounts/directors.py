"""How many open accounts direct each structure.

An account points at the structure its person directs, so the count is the accounts' to make:
the structures' services do not read accounts. The API's and the home page's answers about a
structure add it (``OrganisationOut.directors``)."""

from __future__ import annotations

from collections import Counter

from tenders.accounts.roles import Role
from tenders.accounts.tables import User
from tenders.members.schemas import OrganisationOut


async def director_counts(*organisation_ids: int) -> Counter[int]:
    """Active member accounts by structure: of the structures given, or of every one."""
    query = User.select(User.organisation).where(
        (User.role == Role.MEMBER) & (User.is_active == True) & User.organisation.is_not_null()  # noqa: E712
    )
    if organisation_ids:
        query = query.where(User.organisation.is_in(list(organisation_ids)))
    return Counter(row["organisation"] for row in await query)


async def with_directors(organisations: list[OrganisationOut]) -> list[OrganisationOut]:
    """The structures, each with its number of directors."""
    if organisations:
        counts = await director_counts(*(org.id for org in organisations))
        for org in organisations:
            org.directors = counts[org.id]
    return organisations


async def with_director_count(organisation: OrganisationOut) -> OrganisationOut:
    return (await with_directors([organisation]))[0]
