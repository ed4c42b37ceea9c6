"""Who reads and writes a consortium, from the state of their structure's membership.

The one place that says it. Every page and API route of a consortium or of its parts goes
through :func:`access` (through ``ensure_can_see`` / ``ensure_can_write``); the lists,
calendars and reminders that name consortia in bulk filter on :data:`KNOWN` and
:data:`JOINED`, the same rule in SQL. The rule itself (``level_of``, the states, what freezes
a consortium) is pure, in tenders.consortia.rules.

- The coordination (admin, coordinator) reads everything.
- A structure that **accepted** its invitation: the workspace — members, split and prices,
  the mémoire and its comments, its own checklist.
- A structure **invited** and not answered yet: what it needs to decide — the tender, the
  form, the lead, the members with their roles and lots, its own role; no split (its own
  share and percentage would give away the others' prices), no mémoire, no comments.
- A structure in the coordination's draft but not invited yet, one that **declined**, one
  that **left** or was **removed** (its membership row is gone), and anybody else: the
  consortium does not exist for them (404, nothing of it in the answer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.rules import (
    INVITED,
    STAFF,
    is_frozen,
    level_of,
)
from tenders.consortia.rules import JOINED as JOINED  # re-exported: the lists filter on them
from tenders.consortia.rules import KNOWN as KNOWN
from tenders.consortia.rules import MEMBER as MEMBER
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.errors import Conflict, Forbidden, NotFound

NOT_FOUND = "Ce groupement n'existe pas."
ANSWER_FIRST = (
    "Votre structure est invitée dans ce groupement : acceptez l'invitation pour lire la "
    "répartition, le mémoire technique et ses commentaires, et pour y écrire."
)
FROZEN = (
    "Le dossier a été déposé : la composition du groupement et la répartition sont figées "
    "(article R2142-26 du code de la commande publique)."
)
MEMOIRE_FROZEN = (
    "Le dossier a été déposé : le mémoire technique est figé avec la composition du "
    "groupement (article R2142-26 du code de la commande publique). Son texte, le statut et "
    "l'attribution des parties ne changent plus ; les commentaires restent possibles."
)


@dataclass(frozen=True, slots=True)
class Access:
    row: dict[str, Any]  # the consortium, with its tender's title, status and deadlines
    level: str  # STAFF | MEMBER | INVITED

    @property
    def frozen(self) -> bool:
        return frozen(self.row)


def frozen(row: dict[str, Any]) -> bool:
    """Submitted, or its tender closed: the composition and the mémoire no longer change."""
    return is_frozen(row["submitted_at"], row["tender_status"])


async def consortium_row(consortium_id: int) -> dict[str, Any]:
    rows = await Consortium.select(
        *Consortium.all_columns(),
        Consortium.tender.title.as_alias("tender_title"),
        Consortium.tender.status.as_alias("tender_status"),
        Consortium.tender.offers_deadline.as_alias("offers_deadline"),
        Consortium.tender.offers_time_unknown.as_alias("offers_time_unknown"),
        Consortium.tender.buyer_name.as_alias("buyer_name"),
        Consortium.tender.forbid_alone_and_consortium.as_alias("forbid_alone"),
        Consortium.tender.one_consortium_only.as_alias("one_only"),
    ).where(Consortium.id == consortium_id)
    if not rows:
        raise NotFound(NOT_FOUND)
    return rows[0]


async def writable_row(consortium_id: int) -> dict[str, Any]:
    """The consortium for a change of its composition or split: refused once frozen."""
    row = await consortium_row(consortium_id)
    if frozen(row):
        raise Conflict(FROZEN)
    return row


async def access(viewer: CurrentUser, consortium_id: int) -> Access:
    """The viewer's access to this consortium; 404 when it does not exist for them."""
    row = await consortium_row(consortium_id)
    if viewer.is_staff:
        return Access(row, STAFF)
    level = None
    if viewer.organisation_id is not None:
        rows = await ConsortiumMember.select(ConsortiumMember.invitation).where(
            (ConsortiumMember.consortium == consortium_id)
            & (ConsortiumMember.organisation == viewer.organisation_id)
        )
        level = level_of(rows[0]["invitation"]) if rows else None
    if level is None:
        raise NotFound(NOT_FOUND)
    return Access(row, level)


async def ensure_can_see(viewer: CurrentUser, consortium_id: int) -> dict[str, Any]:
    """The workspace (split, mémoire, comments, checklist, results): the coordination and
    the structures that accepted. An invited structure is told to answer first (403)."""
    found = await access(viewer, consortium_id)
    if found.level == INVITED:
        raise Forbidden(ANSWER_FIRST)
    return found.row


async def ensure_can_write(viewer: CurrentUser, consortium_id: int) -> dict[str, Any]:
    """As :func:`ensure_can_see`, and the bid not submitted yet (409 once it is)."""
    row = await ensure_can_see(viewer, consortium_id)
    if frozen(row):
        raise Conflict(MEMOIRE_FROZEN)
    return row


async def consortia_of(organisation_id: int | None, states: frozenset[str]) -> list[int]:
    """The consortia an organisation is in with one of ``states`` (KNOWN or JOINED)."""
    if organisation_id is None:
        return []
    rows = await ConsortiumMember.select(ConsortiumMember.consortium).where(
        (ConsortiumMember.organisation == organisation_id)
        & ConsortiumMember.invitation.is_in(sorted(states))
    )
    return [r["consortium"] for r in rows]
