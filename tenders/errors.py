"""The one error hierarchy of the domain; the web layer maps it to HTTP in one place."""

from __future__ import annotations


class DomainError(Exception):
    """An error a person can act on; ``message`` is shown to them, in French."""

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class _Refusal(DomainError):
    """A refusal that says the same thing wherever it happens, unless told otherwise."""

    default_message = ""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(self.default_message if message is None else message)


class NotAuthenticated(_Refusal):
    status_code = 401
    default_message = "Connectez-vous pour accéder à cette page."


class Forbidden(_Refusal):
    status_code = 403
    default_message = "Vous n'avez pas accès à cette page."


class NotFound(_Refusal):
    status_code = 404
    default_message = "Cette page n'existe pas ou n'existe plus."


class Conflict(DomainError):
    status_code = 409


class Invalid(DomainError):
    """Input that breaks a rule; ``fields`` maps each field name to what to fix."""

    status_code = 422

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        super().__init__(
            message or "Le formulaire contient des erreurs : " + " ".join(fields.values()),
            fields=fields,
        )


class TooManyAttempts(DomainError):
    status_code = 429
