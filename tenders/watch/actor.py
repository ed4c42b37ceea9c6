"""Who the watch acts as when it writes: the journal names it « Cordée (veille) »."""

from __future__ import annotations

from tenders.accounts.schemas import CurrentUser


class WatchActor(CurrentUser, frozen=True):
    """The watch itself: a staff actor with no account, named « Cordée (veille) » in the
    journal (no account id: the journal's actor is a reference to an account)."""

    @property
    def actor_id(self) -> int | None:
        return None

    @property
    def actor_label(self) -> str:
        return self.full_name


# Who the watch acts as.
SYSTEM = WatchActor(
    id=0,
    email="veille@cordee",
    full_name="Cordée (veille)",
    role="admin",
    organisation_id=None,
    organisation_name=None,
)
