"""Password hashing (argon2id) and the one password rule: length."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 256

# The test suite sets TENDERS_PASSWORD_HASHING=fast (argon2's cheapest profile) to stay quick;
# every other run uses argon2-cffi's recommended parameters.
_hasher = (
    PasswordHasher.from_parameters(profiles.CHEAPEST)
    if os.environ.get("TENDERS_PASSWORD_HASHING") == "fast"
    else PasswordHasher()
)
# Verified when the e-mail is unknown, so both cases cost the same time.
_DUMMY_HASH = _hasher.hash("cordee-dummy-password")


def password_problem(password: str) -> str | None:
    """The French reason a password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe doit contenir au plus {MAX_LENGTH} caractères."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
