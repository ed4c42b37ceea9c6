"""Roles and what each may do with accounts."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrateur·rice",
    Role.COORDINATOR: "Coordinateur·rice",
    Role.MEMBER: "Directeur·rice de structure",
}

STAFF = frozenset({Role.ADMIN, Role.COORDINATOR})


def can_invite(actor_role: str, invited_role: str) -> bool:
    """Admins invite anyone; coordinators invite coordinators and members."""
    if actor_role == Role.ADMIN:
        return True
    return actor_role == Role.COORDINATOR and invited_role != Role.ADMIN


def can_deactivate(actor_role: str, target_role: str) -> bool:
    if actor_role == Role.ADMIN:
        return True
    return actor_role == Role.COORDINATOR and target_role == Role.MEMBER


def can_change_roles(actor_role: str) -> bool:
    return actor_role == Role.ADMIN
