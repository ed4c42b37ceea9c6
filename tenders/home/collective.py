"""The collective as the dashboard shows it: a card per structure, read with the few columns a
card shows (a federation has well over a thousand structures: their whole files, read on every
dashboard, were most of its time)."""

from __future__ import annotations

import msgspec

from tenders.members.tables import Organisation
from tenders.members.vocabulary import KINDS


class Card(msgspec.Struct, frozen=True):
    """What ``members/_cards.html`` shows of a structure."""

    id: int
    name: str
    kind: str
    kind_label: str
    town: str
    territory: str
    description: str
    labels: list[str]


async def cards() -> list[Card]:
    """Every structure, by name (public parts only, as the directory lists them)."""
    rows = (
        await Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.kind,
            Organisation.town,
            Organisation.territory,
            Organisation.description,
            Organisation.labels,
        )
        .order_by(Organisation.name)
        .output(load_json=True)
    )
    return [
        Card(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            kind_label=KINDS.get(row["kind"], "Non renseigné"),
            town=row["town"],
            territory=row["territory"],
            description=row["description"],
            labels=[str(label) for label in row["labels"] or []]
            if isinstance(row["labels"], list)
            else [],
        )
        for row in rows
    ]
