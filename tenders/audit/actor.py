"""Who did something, and from where: what every audited change is given.

A signed-in person is their ``CurrentUser`` (the address of the request is set on it when the
session is read, so no handler passes it along). Someone without an account yet (an address
typed at login, a reset asked for) or the platform itself is a ``Someone``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Actor(Protocol):
    @property
    def actor_id(self) -> int | None: ...

    @property
    def actor_label(self) -> str: ...

    @property
    def ip(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Someone:
    """An actor without a session: the address typed in a form, or the platform."""

    actor_label: str
    ip: str = ""
    actor_id: int | None = None


SYSTEM = Someone("système")
