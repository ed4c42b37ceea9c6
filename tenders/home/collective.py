"""The collective as the dashboard shows it: a card per structure, read with the few columns a
card shows, the first ``SHOWN`` by name. A federation has well over a thousand structures: the
dashboard then links to the directory, which goes a page at a time, instead of listing them all
(their whole files, read on every dashboard, were most of its time)."""

from __future__ import annotations

import msgspec

from tenders.members.tables import Organisation
from tenders.members.vocabulary import KINDS

# A collective's worth: all of them for the PTCE's seventeen structures.
SHOWN = 24


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


class Collective(msgspec.Struct, frozen=True):
    cards: list[Card]
    total: int

    @property
    def complete(self) -> bool:
        return len(self.cards) == self.total


async def collective() -> Collective:
    """The first structures by name (public parts only, as the directory lists them) and how
    many there are."""
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
        .limit(SHOWN)
        .output(load_json=True)
    )
    total = len(rows) if len(rows) < SHOWN else await Organisation.count()
    cards = [
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
    return Collective(cards=cards, total=total)
