"""Field checks for account forms and API bodies, with French messages."""

from __future__ import annotations

import re

from tenders.accounts.passwords import password_problem
from tenders.accounts.roles import Role

_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    if not email:
        return "Indiquez une adresse e-mail."
    if len(email) > 254 or not _EMAIL.match(email):
        return "Cette adresse e-mail n'est pas valide (exemple : prenom.nom@structure.fr)."
    return None


def role_problem(role: str) -> str | None:
    if role not in {r.value for r in Role}:
        return "Choisissez un rôle : administrateur·rice, coordinateur·rice ou directeur·rice."
    return None


def new_password_problems(password: str, confirm: str | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    elif confirm is not None and confirm != password:
        errors["password_confirm"] = "Les deux mots de passe ne sont pas identiques."  # noqa: S105
    return errors
