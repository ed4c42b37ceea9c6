"""Password hashing (argon2id) and the one password rule: length.

Hashing costs a fifth of a second of CPU and 64 MiB on purpose. It runs in threads of its own
(argon2-cffi releases the GIL), never on the event loop: a burst of wrong logins must not make
the server deaf to everyone else. One thread per core but one, so that a core is left for the
rest of the site and the database; this also caps the memory many logins at once can take.
"""

from __future__ import annotations

import asyncio
import functools
import os
from concurrent.futures import ThreadPoolExecutor

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


@functools.cache
def _dummy_hash() -> str:
    """Verified when the e-mail is unknown, so both cases cost the same time."""
    return _hasher.hash("cordee-dummy-password")


@functools.cache
def _pool() -> ThreadPoolExecutor:
    workers = max(1, (os.cpu_count() or 2) - 1)
    return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")


def password_problem(password: str) -> str | None:
    """The French reason a password is refused, or None."""
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe doit contenir au plus {MAX_LENGTH} caractères."
    return None


def _hash(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool(), _hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches; an empty hash (unknown or pending account) never does,
    after the same work as a real check."""
    return await asyncio.get_running_loop().run_in_executor(
        _pool(), _verify, password_hash, password
    )


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
