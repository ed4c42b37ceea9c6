"""What goes in and out of the accounts API."""

from __future__ import annotations

from datetime import datetime

import msgspec


class Me(msgspec.Struct, frozen=True):
    """An account as its owner sees it."""

    id: int
    email: str
    full_name: str
    role: str
    organisation_id: int | None
    organisation_name: str | None


class CurrentUser(Me, frozen=True):
    """Who is signed in: the account, its session and the address of the request. Answers
    give the ``Me`` of it (``me``), never this."""

    session_hash: str = ""
    ip: str = ""  # the address of the request, set when the session is read

    @property
    def is_staff(self) -> bool:
        return self.role in {"admin", "coordinator"}

    @property
    def actor_id(self) -> int | None:
        return self.id

    @property
    def actor_label(self) -> str:
        return self.email

    def me(self) -> Me:
        return msgspec.convert(self, Me, from_attributes=True)


class UserOut(Me, frozen=True):
    """An account as the coordination sees it."""

    is_active: bool
    invitation_pending: bool
    last_login_at: datetime | None


class LoginIn(msgspec.Struct):
    email: str
    password: str


class InvitationIn(msgspec.Struct):
    email: str
    full_name: str
    role: str
    organisation_id: int | None = None


class InvitationOut(msgspec.Struct):
    user: UserOut
    expires_at: datetime


class RoleChangeIn(msgspec.Struct):
    role: str
    organisation_id: int | None = None


class PasswordChangeIn(msgspec.Struct):
    current_password: str
    new_password: str


class PasswordResetRequestIn(msgspec.Struct):
    email: str


class TokenPasswordIn(msgspec.Struct):
    token: str
    password: str


class Message(msgspec.Struct):
    message: str
