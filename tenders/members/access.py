"""Who may see and change what in an organisation's file."""

from __future__ import annotations

from tenders.accounts.schemas import CurrentUser
from tenders.errors import Forbidden

NOT_YOURS = (
    "Cette partie de la fiche n'est visible et modifiable que par la direction de la structure "
    "et par la coordination du collectif."
)


def manages(user: CurrentUser, organisation_id: int) -> bool:
    """Staff manage every organisation; a member director only their own."""
    return user.is_staff or (user.role == "member" and user.organisation_id == organisation_id)


def ensure_manages(user: CurrentUser, organisation_id: int) -> None:
    if not manages(user, organisation_id):
        raise Forbidden(NOT_YOURS)


def ensure_staff(user: CurrentUser) -> None:
    if not user.is_staff:
        raise Forbidden("Seule la coordination du collectif peut faire cette action.")
