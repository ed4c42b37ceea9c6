"""The per-process caches of sessions and of the tender list never outlive a change made by
another process: a deactivation or a new tender is seen at the very next request."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.support import PASSWORD, as_actor


def _login(base: str, email: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    browser.get(f"{base}/connexion", timeout=10)
    token = browser.cookies.get("cordee_csrf", "")
    answer = browser.post(
        f"{base}/api/session",
        json={"email": email, "password": PASSWORD},
        headers={"x-csrftoken": token},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    return browser, browser.cookies.get("cordee_csrf", "")  # a token of the new session


async def _admin_and_logged_in(
    live_server: str, make_account: Any, role: str
) -> tuple[Any, Any, requests.Session]:
    """An administrator (as this process's services see them), and an account of ``role``
    logged in to the live server."""
    admin = as_actor(await make_account("admin"))
    account = await make_account(role)
    browser, _ = _login(live_server, account.email)
    return admin, account, browser


async def test_a_deactivation_elsewhere_ends_a_cached_session_at_once(
    live_server: str, make_account: Any
) -> None:
    from tenders.accounts import service as accounts

    admin, member, browser = await _admin_and_logged_in(live_server, make_account, "member")
    for _ in range(3):  # the server has the session in its cache now
        assert browser.get(f"{live_server}/api/session", timeout=10).status_code == 200

    await accounts.deactivate(admin, member.id)  # this process, not the server's

    assert browser.get(f"{live_server}/api/session", timeout=10).status_code == 401


async def test_a_deactivation_and_reactivation_elsewhere_leave_no_session(
    live_server: str, make_account: Any
) -> None:
    from tenders.accounts import service as accounts

    admin, coordinator, browser = await _admin_and_logged_in(
        live_server, make_account, "coordinator"
    )
    assert browser.get(f"{live_server}/api/tenders", timeout=10).status_code == 200

    await accounts.deactivate(admin, coordinator.id)
    await accounts.reactivate(admin, coordinator.id)

    # Deactivation ended every session of the account: the cached one too.
    assert browser.get(f"{live_server}/api/tenders", timeout=10).status_code == 401


async def test_a_new_tender_elsewhere_appears_in_a_cached_list(
    live_server: str, make_account: Any
) -> None:
    from tenders.procurement import service as tenders
    from tenders.procurement.schemas import TenderIn

    coordinator = await make_account("coordinator")
    browser, _ = _login(live_server, coordinator.email)
    assert browser.get(f"{live_server}/api/tenders", timeout=10).json() == []
    assert browser.get(f"{live_server}/api/tenders", timeout=10).json() == []

    await tenders.create_tender(as_actor(coordinator), TenderIn(title="Nettoyage des écoles"))

    listed = browser.get(f"{live_server}/api/tenders", timeout=10).json()
    assert [t["title"] for t in listed] == ["Nettoyage des écoles"]


async def _data_epoch() -> int | None:
    """The ``data`` epoch as Redis has it now (not the one this task read first)."""
    from tenders import cache

    token = cache.new_request()
    try:
        return await cache.epoch("data")
    finally:
        cache.end_request(token)


async def test_every_committed_write_and_only_that_moves_the_data_epoch(
    make_organisation: Any,
) -> None:
    """What the dashboard caches is dropped after a write, whoever makes it: the engine
    itself tells, after the commit, never for a read nor for a write rolled back."""
    from tenders import db
    from tenders.members.tables import Organisation

    start = await _data_epoch()
    assert start is not None  # Redis is there: the cache is on
    await Organisation.select()
    assert await _data_epoch() == start

    with pytest.raises(RuntimeError):
        async with db.transaction():
            await make_organisation("Régie annulée")
            raise RuntimeError("rolled back")
    assert await _data_epoch() == start

    async with db.transaction():
        await make_organisation("Régie gardée")
        assert await _data_epoch() == start  # a reader now still reads the old data
    committed = await _data_epoch()
    assert committed is not None and committed > start

    await Organisation.update({Organisation.town: "Douai"}).where(Organisation.id > 0)
    alone = await _data_epoch()
    assert alone is not None and alone > committed  # a write on its own is its own commit


async def test_a_redis_that_does_not_answer_is_left_alone_for_a_while(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every write statement bumps the data epoch: with Redis hanging, each would wait for the
    timeout. After one failure the process stops asking (nothing cached meanwhile), and asks
    again once the pause is over."""
    import asyncio
    import dataclasses
    import socket

    from tenders import cache
    from tenders.settings import get_settings

    accepted: list[socket.socket] = []
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    hung.setblocking(False)
    port = hung.getsockname()[1]
    hanging = dataclasses.replace(get_settings(), redis_url=f"redis://127.0.0.1:{port}/0")
    monkeypatch.setattr(cache, "get_settings", lambda: hanging)
    monkeypatch.setattr(cache, "_clients", type(cache._clients)())
    monkeypatch.setattr(cache, "_away_until", 0.0)

    def take_connections() -> int:
        while True:
            try:
                connection, _ = hung.accept()
            except BlockingIOError:
                return len(accepted)
            accepted.append(connection)

    cache.new_request()  # no epochs read before this test count
    try:
        await cache.bump("data")  # times out: Redis accepts but never answers
        tried = take_connections()  # the client may retry: once or a few times
        assert tried >= 1
        for _ in range(20):
            await cache.bump("data")
            assert await cache.epoch("tenders") is None
        assert take_connections() == tried, "Redis was asked again during the pause"

        monkeypatch.setattr(cache, "_away_until", 0.0)  # the pause is over
        await cache.bump("data")
        await asyncio.sleep(0)
        assert take_connections() > tried
    finally:
        for connection in accepted:
            connection.close()
        hung.close()


async def test_refresh_caches_makes_every_process_read_the_database_again() -> None:
    """After the database was edited by hand, one command drops what every process cached."""
    import asyncio

    from click.testing import CliRunner

    from tenders.cli import main

    before = await _data_epoch()
    assert before is not None
    result = await asyncio.to_thread(CliRunner().invoke, main, ["refresh-caches"])
    assert result.exit_code == 0, result.output
    assert "Caches oubliés" in result.output
    after = await _data_epoch()
    assert after is not None and after > before
