"""Stored files in the database: what is stored loads back byte for byte, the same bytes make
one row whoever stores them and however concurrently, a stored file is never overwritten, and
a store inside an abandoned transaction leaves nothing."""

from __future__ import annotations

import asyncio
import hashlib

import pytest

from tenders import db
from tenders.errors import NotFound
from tenders.storage import exists, load, placeholder_pdf, store
from tenders.storage.tables import StoredFile
from tests.unit.test_storage import DEMO_LINES, DEMO_TITLE, tiny_jpeg, tiny_png

ALL_BYTES = bytes(range(256)) * 4


async def test_store_then_load_returns_the_same_bytes() -> None:
    ref = await store(ALL_BYTES, "application/octet-stream")
    assert ref.sha256 == hashlib.sha256(ALL_BYTES).hexdigest()
    assert ref.size == 1024
    assert ref.content_type == "application/octet-stream"
    assert await exists(ref.sha256)
    assert await load(ref.sha256) == ALL_BYTES


async def test_same_bytes_twice_make_one_row() -> None:
    pdf = placeholder_pdf(DEMO_TITLE, DEMO_LINES)
    first = await store(pdf, "application/pdf")
    second = await store(pdf, "application/pdf")
    assert first == second
    assert await StoredFile.count() == 1


async def test_a_stored_file_is_never_overwritten() -> None:
    first = await store(tiny_png(), "image/png")
    again = await store(tiny_png(), "application/octet-stream")
    assert again == first
    assert again.content_type == "image/png"


async def test_unknown_hashes_are_not_found() -> None:
    missing = hashlib.sha256(b"jamais stocke").hexdigest()
    assert not await exists(missing)
    for sha in (missing, "../../etc/passwd", ""):
        with pytest.raises(NotFound) as absent:
            await load(sha)
        assert absent.value.status_code == 404
        assert absent.value.message.startswith("Ce fichier est introuvable")


async def test_store_joins_the_callers_transaction() -> None:
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon):
        async with db.transaction():
            ref = await store(tiny_jpeg(), "image/jpeg")
            assert await store(tiny_jpeg(), "image/jpeg") == ref
            raise Abandon
    assert not await exists(ref.sha256)
    assert await StoredFile.count() == 0


async def test_concurrent_identical_uploads_share_one_row() -> None:
    data = placeholder_pdf("Kbis", ["Extrait de démonstration"])
    refs = await asyncio.gather(*(store(data, "application/pdf") for _ in range(5)))
    assert len(set(refs)) == 1
    assert await StoredFile.count() == 1


async def test_an_upload_racing_an_uncommitted_identical_one_waits_and_shares_its_row() -> None:
    # On PostgreSQL the second insert meets the first's uncommitted row: it must wait, then
    # find the row, and leave its own transaction usable.
    data = placeholder_pdf("URSSAF", ["Attestation de démonstration"])
    inserted, release = asyncio.Event(), asyncio.Event()

    async def first() -> object:
        async with db.transaction():
            ref = await store(data, "application/pdf")
            inserted.set()
            await release.wait()
        return ref

    async def second() -> object:
        await inserted.wait()
        asyncio.get_running_loop().call_later(0.3, release.set)
        async with db.transaction():
            ref = await store(data, "application/pdf")
            assert await StoredFile.count() == 1
        return ref

    one, two = await asyncio.wait_for(asyncio.gather(first(), second()), timeout=20)
    assert one == two
    assert await load(hashlib.sha256(data).hexdigest()) == data
