"""The one error hierarchy of the domain; the web layer maps it to HTTP in one place."""

from __future__ import annotations


class DomainError(Exception):
    """An error a person can act on; ``message`` is shown to them, in French."""

    status_code = 400

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class NotAuthenticated(DomainError):
    status_code = 401

    def __init__(self, message: str = "Connectez-vous pour accéder à cette page.") -> None:
        super().__init__(message)


class Forbidden(DomainError):
    status_code = 403

    def __init__(self, message: str = "Vous n'avez pas accès à cette page.") -> None:
        super().__init__(message)


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "Cette page n'existe pas ou n'existe plus.") -> None:
        super().__init__(message)


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
