"""SQLite queries outside a transaction reuse open connections (``tenders.sqlite_connections``),
and nothing of one query or transaction shows in another: each sees what was committed before
it, none waits for another's connection, a transaction left open by hand is not reused."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import sqlite3
from typing import Any

import pytest

from tests.conftest import DATABASE_URL, ENGINE

pytestmark = pytest.mark.skipif(ENGINE != "sqlite", reason="SQLite's own connections")


async def _names() -> list[str]:
    from tenders.members.tables import Organisation

    rows = await Organisation.select(Organisation.name).order_by(Organisation.name)
    return [r["name"] for r in rows]


async def test_queries_one_after_another_reuse_a_connection(make_organisation: Any) -> None:
    from tenders import db

    await make_organisation("Atelier du Hainaut")
    # A temporary table lives as long as the connection that made it, seen by it alone.
    await db.engine().run_ddl("CREATE TEMP TABLE reuse_probe (n INTEGER)")
    try:
        for _ in range(20):
            assert await _names() == ["Atelier du Hainaut"]
            assert await db.engine().run_ddl("SELECT count(*) AS n FROM temp.reuse_probe") == [
                {"n": 0}
            ]
    finally:
        await db.engine().run_ddl("DROP TABLE temp.reuse_probe")


async def test_each_read_sees_what_was_committed_before_it(make_organisation: Any) -> None:
    from tenders import db
    from tenders.members.tables import Organisation

    first = await make_organisation("Atelier du Hainaut")
    assert await _names() == ["Atelier du Hainaut"]
    async with db.transaction():
        await Organisation.update({Organisation.name: "Atelier de l'Avesnois"}).where(
            Organisation.id == first
        )
    assert await _names() == ["Atelier de l'Avesnois"]
    await make_organisation("Boulangerie solidaire")
    assert await _names() == ["Atelier de l'Avesnois", "Boulangerie solidaire"]


async def test_reads_during_a_write_transaction_answer_at_once_with_the_committed_rows(
    make_organisation: Any,
) -> None:
    from tenders import db
    from tenders.members.tables import Organisation

    first = await make_organisation("Atelier du Hainaut")
    async with db.transaction():
        await Organisation.update({Organisation.name: "Pas encore validé"}).where(
            Organisation.id == first
        )
        # Outside the transaction (a context of their own), several at once.
        reads = [asyncio.create_task(_names(), context=contextvars.Context()) for _ in range(8)]
        answers = await asyncio.wait_for(asyncio.gather(*reads), timeout=10)
    assert answers == [["Atelier du Hainaut"]] * 8
    assert await _names() == ["Pas encore validé"]


async def test_a_transaction_begun_by_hand_is_ended_with_its_statement(
    make_organisation: Any,
) -> None:
    """As when each statement had its connection: a ``BEGIN`` outside ``db.transaction()``
    ends with its connection, and the next writes are committed, not held in it."""
    from tenders import db

    await db.engine().run_ddl("BEGIN IMMEDIATE")
    await make_organisation("Atelier du Hainaut")
    path = DATABASE_URL.removeprefix("sqlite:///")
    with contextlib.closing(sqlite3.connect(path, timeout=5)) as other:
        names = [r[0] for r in other.execute("SELECT name FROM organisation")]
        assert names == ["Atelier du Hainaut"]
        other.execute("BEGIN IMMEDIATE")  # nobody holds the write lock
        other.execute("ROLLBACK")


async def test_a_query_given_up_on_leaves_its_connection_usable(make_organisation: Any) -> None:
    from tenders import db

    await make_organisation("Atelier du Hainaut")
    slow = asyncio.create_task(
        db.engine().run_ddl(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
            "SELECT count(*) AS c FROM n"
        )
    )
    await asyncio.sleep(0.01)
    slow.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await slow
    for _ in range(5):
        assert await _names() == ["Atelier du Hainaut"]


async def test_another_event_loop_in_another_thread_reads_the_same_data(
    make_organisation: Any,
) -> None:
    """A command or a worker's task runs its own event loop; the connections serve it too."""
    await make_organisation("Atelier du Hainaut")
    assert await asyncio.to_thread(asyncio.run, _names()) == ["Atelier du Hainaut"]
    assert await _names() == ["Atelier du Hainaut"]
