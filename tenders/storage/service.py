"""Store and read file bytes by content hash; a stored file is never overwritten."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from tenders.clock import utcnow
from tenders.errors import NotFound
from tenders.storage.tables import StoredFile

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CONTENT_TYPE_LENGTH = 100
MISSING = "Ce fichier est introuvable : il a peut-être été supprimé ou le lien est erroné."


@dataclass(frozen=True, slots=True)
class StoredRef:
    sha256: str
    size: int
    content_type: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def store(data: bytes, content_type: str) -> StoredRef:
    """Keep ``data`` once; storing the same bytes again returns the row already there.

    Runs in the caller's transaction if there is one. ``ON CONFLICT DO NOTHING`` makes a
    concurrent identical upload wait for the first and then find its row, with no error that
    would abort the caller's transaction on PostgreSQL.
    """
    if len(content_type) > CONTENT_TYPE_LENGTH:
        raise ValueError(f"content type longer than {CONTENT_TYPE_LENGTH}: {content_type!r}")
    sha256 = sha256_of(data)
    existing = await _ref(sha256)
    if existing is not None:
        return existing
    await StoredFile.insert(
        StoredFile(
            sha256=sha256,
            size=len(data),
            content_type=content_type,
            data=data,
            created_at=utcnow(),
        )
    ).on_conflict(target=StoredFile.sha256, action="DO NOTHING")
    stored = await _ref(sha256)
    if stored is None:  # pragma: no cover - the row was inserted or already there
        raise RuntimeError(f"stored file {sha256} vanished right after being written")
    return stored


async def load(sha256: str) -> bytes:
    """The bytes stored under ``sha256``; ``NotFound`` if there are none."""
    if _SHA256.match(sha256):
        rows = await StoredFile.select(StoredFile.data).where(StoredFile.sha256 == sha256)
        if rows:
            return bytes(rows[0]["data"])
    raise NotFound(MISSING)


async def load_many(hashes: list[str]) -> dict[str, bytes]:
    """The bytes of each of ``hashes`` in one query; ``NotFound`` if one is missing."""
    wanted = {h for h in hashes if _SHA256.match(h)}
    rows = (
        await StoredFile.select(StoredFile.sha256, StoredFile.data).where(
            StoredFile.sha256.is_in(list(wanted))
        )
        if wanted
        else []
    )
    found = {row["sha256"]: bytes(row["data"]) for row in rows}
    if len(found) != len(set(hashes)):
        raise NotFound(MISSING)
    return found


async def exists(sha256: str) -> bool:
    if not _SHA256.match(sha256):
        return False
    return bool(await StoredFile.exists().where(StoredFile.sha256 == sha256))


async def _ref(sha256: str) -> StoredRef | None:
    rows = await StoredFile.select(
        StoredFile.sha256, StoredFile.size, StoredFile.content_type
    ).where(StoredFile.sha256 == sha256)
    if not rows:
        return None
    row = rows[0]
    return StoredRef(row["sha256"], int(row["size"]), row["content_type"])
