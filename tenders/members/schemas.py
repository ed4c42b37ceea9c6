from __future__ import annotations

import msgspec


class OrganisationOut(msgspec.Struct):
    id: int
    name: str
    slug: str
    town: str
    territory: str
    description: str
    directors: int = 0
