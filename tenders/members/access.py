"""Who may see and change what in an organisation's file.

The structures' services take the person acting as a ``Person``: what they read of them (the
role, the structure they direct) and what the audit log records (``Actor``). The signed-in
``accounts.schemas.CurrentUser`` is one; the services do not import it, since accounts point
at structures and not the other way round."""

from __future__ import annotations

from typing import Protocol

from tenders.audit.actor import Actor
from tenders.errors import Forbidden

NOT_YOURS = (
    "Cette partie de la fiche n'est visible et modifiable que par la direction de la structure "
    "et par la coordination du collectif."
)


class Person(Actor, Protocol):
    """Someone signed in, as the structures' services see them."""

    @property
    def role(self) -> str: ...

    @property
    def organisation_id(self) -> int | None: ...

    @property
    def is_staff(self) -> bool: ...


def manages(user: Person, organisation_id: int) -> bool:
    """Staff manage every organisation; a member director only their own."""
    return user.is_staff or (user.role == "member" and user.organisation_id == organisation_id)


def ensure_manages(user: Person, organisation_id: int) -> None:
    if not manages(user, organisation_id):
        raise Forbidden(NOT_YOURS)


def ensure_staff(user: Person) -> None:
    if not user.is_staff:
        raise Forbidden("Seule la coordination du collectif peut faire cette action.")
