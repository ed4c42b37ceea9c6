"""Logging in and out, session rotation, CSRF and login throttling."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import TMP, free_port
from tests.fixtures import start_server, stop_process
from tests.support import api, csrf, invitation, login, post_form, text

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


async def test_login_page_is_in_french(client: Any) -> None:
    response = await client.get("/connexion")
    assert response.status_code == 200
    assert '<html lang="fr">' in text(response)
    assert "Connexion à Cordée" in text(response)
    assert '<label for="email">Adresse e-mail' in text(response)


async def test_login_then_dashboard_then_logout(client: Any, make_account: Any) -> None:
    account = await make_account("coordinator")
    response = await login(client, account.email)
    assert response.status_code == 200  # followed the redirect
    assert response.url.path == "/tableau-de-bord"
    assert "Bonjour Personne coordinator" in text(response)

    response = await post_form(client, "/deconnexion", {})
    assert response.url.path == "/connexion"
    assert "Vous êtes déconnecté·e" in text(response)
    assert (await client.get("/tableau-de-bord", follow_redirects=False)).status_code == 303


async def test_session_id_changes_at_login(client: Any, make_account: Any) -> None:
    account = await make_account()
    client.cookies.set("cordee_session", "chosen-by-an-attacker", domain="testserver.local")
    await login(client, account.email)
    new_id = client.cookies.get("cordee_session")
    assert new_id and new_id != "chosen-by-an-attacker"

    # Logging in again, already logged in, also gives a new id and kills the previous one.
    await login(client, account.email)
    newer_id = client.cookies.get("cordee_session")
    assert newer_id != new_id
    client.cookies.set("cordee_session", new_id, domain="testserver.local")
    assert (await client.get("/api/session")).status_code == 401


async def test_old_session_is_dead_after_logout(client: Any, log_in_as: Any) -> None:
    await log_in_as()
    stolen = client.cookies.get("cordee_session")
    await post_form(client, "/deconnexion", {})
    client.cookies.set("cordee_session", stolen, domain="testserver.local")
    response = await client.get("/tableau-de-bord", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion")


async def test_session_cookie_flags(client: Any, make_account: Any) -> None:
    account = await make_account()
    response = await post_form(
        client, "/connexion", {"email": account.email, "password": account.password}
    )
    cookie = next(
        h
        for h in response.history[0].headers.get_list("set-cookie")
        if h.startswith("cordee_session=")
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie


async def test_wrong_password_same_message_whether_email_exists_or_not(
    client: Any, make_account: Any
) -> None:
    account = await make_account()
    known = await login(client, account.email, "not the right password")
    unknown = await login(client, "nobody@exemple.fr", "not the right password")
    assert known.status_code == unknown.status_code == 422
    assert BAD_CREDENTIALS in text(known)
    assert BAD_CREDENTIALS in text(unknown)

    api_known = await api(
        client, "POST", "/api/session", {"email": account.email, "password": "nope nope nope"}
    )
    api_unknown = await api(
        client, "POST", "/api/session", {"email": "x@exemple.fr", "password": "nope nope nope"}
    )
    assert api_known.status_code == api_unknown.status_code == 422
    assert api_known.json()["detail"] == api_unknown.json()["detail"] == BAD_CREDENTIALS


async def test_form_post_without_csrf_token_is_refused(client: Any, make_account: Any) -> None:
    account = await make_account()
    await csrf(client)
    response = await client.post(
        "/connexion", data={"email": account.email, "password": account.password}
    )
    assert response.status_code == 403
    assert "jeton de sécurité" in text(response)
    assert client.cookies.get("cordee_session") is None


async def test_api_call_without_csrf_header_is_refused(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    response = await client.post("/api/users", json=invitation("a@exemple.fr", "coordinator", "A"))
    assert response.status_code == 403
    assert "jeton de sécurité" in response.json()["detail"]


async def test_repeated_failed_logins_are_limited_per_account(
    client: Any, make_account: Any, settings: Any
) -> None:
    account = await make_account()
    for _ in range(settings.login_max_failures_account):
        assert (await login(client, account.email, "wrong password!")).status_code == 422
    # Even the right password is refused for a while now.
    response = await login(client, account.email)
    assert response.status_code == 429
    assert "Trop de tentatives" in text(response)
    assert client.cookies.get("cordee_session") is None


async def test_repeated_failed_logins_are_limited_per_address(
    client: Any, make_account: Any, settings: Any
) -> None:
    account = await make_account()
    for n in range(settings.login_max_failures_address):
        await login(client, f"guess{n}@exemple.fr", "wrong password!")
    response = await api(
        client, "POST", "/api/session", {"email": account.email, "password": account.password}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.json()["detail"]


async def test_api_login_and_logout(client: Any, make_account: Any) -> None:
    account = await make_account()
    response = await api(
        client,
        "POST",
        "/api/session",
        {"email": account.email.upper(), "password": account.password},
    )
    assert response.status_code == 200
    assert response.json()["email"] == account.email
    assert (await client.get("/api/session")).json()["role"] == "member"
    assert (await api(client, "DELETE", "/api/session")).status_code == 204
    assert (await client.get("/api/session")).status_code == 401


async def test_next_parameter_cannot_redirect_elsewhere(client: Any, make_account: Any) -> None:
    account = await make_account()
    response = await post_form(
        client,
        "/connexion",
        {"email": account.email, "password": account.password, "suivant": "//evil.example/x"},
    )
    assert response.url.path == "/tableau-de-bord"


# --- limits that hold under parallel attempts ------------------------------------------
# The in-process test client sends one request at a time, so these call the service the
# login page and the API call, all at once, from several event loops in threads as several
# web processes would; the real servers below do it over HTTP.


async def _parallel_logins(
    attempts: list[tuple[str, str]], settings: Any, loops: int = 10
) -> list[int]:
    """Try every login at once; the HTTP status each attempt would get."""
    from tenders.accounts.service import authenticate
    from tenders.errors import DomainError

    async def attempt(email: str, password: str) -> int:
        try:
            await authenticate(email, password, "203.0.113.7", settings)
        except DomainError as exc:
            return exc.status_code
        return 200

    def one_loop(share: list[tuple[str, str]]) -> list[int]:
        async def run() -> list[int]:
            return list(await asyncio.gather(*(attempt(e, p) for e, p in share)))

        return asyncio.run(run())

    shares = [attempts[n::loops] for n in range(loops)]
    results = await asyncio.gather(*(asyncio.to_thread(one_loop, share) for share in shares))
    return [status for result in results for status in result]


async def test_parallel_attempts_cannot_overrun_the_account_limit(
    client: Any, make_account: Any, settings: Any
) -> None:
    account = await make_account()
    guesses = [(account.email, f"wrong guess {n}") for n in range(30)]
    statuses = await _parallel_logins([*guesses, (account.email, account.password)], settings)
    # Only as many wrong passwords as the limit allows were checked; the others, the right
    # one included unless it came before, were refused without being looked at.
    limit = settings.login_max_failures_account
    assert statuses.count(422) == limit, statuses
    assert statuses.count(429) + statuses.count(200) == 31 - limit
    response = await api(
        client, "POST", "/api/session", {"email": account.email, "password": account.password}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.json()["detail"]


async def test_parallel_attempts_cannot_overrun_the_address_limit(settings: Any) -> None:
    limit = settings.login_max_failures_address
    statuses = await _parallel_logins(
        [(f"guess{n}@exemple.fr", "wrong password!") for n in range(limit + 10)], settings
    )
    assert statuses.count(422) == limit, statuses
    assert statuses.count(429) == 10


# --- real servers, real password hashing -------------------------------------------------


@pytest.fixture(scope="module")
def real_servers() -> Iterator[list[str]]:
    """Two `tenders serve` processes on the test database, hashing with argon2's real
    parameters (the rest of the suite uses the cheapest ones)."""
    env = {k: v for k, v in os.environ.items() if k != "TENDERS_PASSWORD_HASHING"}
    env["TENDERS_DB_POOL_SIZE"] = "4"
    servers, urls = [], []
    try:
        for n in range(2):
            port = free_port()
            servers.append(start_server(env, port, TMP / f"real-hashing-{n}.log"))
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for server in servers:
            stop_process(server)


async def _csrf_client(url: str) -> httpx.AsyncClient:
    """A client of a real server, ready for API calls (the CSRF cookie and header set)."""
    client = httpx.AsyncClient(base_url=url, timeout=120)
    await client.get("/connexion")
    client.headers["x-csrftoken"] = client.cookies["cordee_csrf"]
    return client


async def test_wrong_logins_do_not_stall_other_requests(real_servers: list[str]) -> None:
    """Checking a password takes a fifth of a second of CPU: forty at once must not make
    the server deaf to everyone else meanwhile (it took /healthz seconds to answer when the
    checks ran on the event loop)."""
    client = await _csrf_client(real_servers[0])
    try:
        burst = [
            asyncio.create_task(
                client.post(
                    "/api/session",
                    json={"email": f"guess{n}@exemple.fr", "password": "wrong password!"},
                )
            )
            for n in range(40)
        ]
        await asyncio.sleep(0.3)
        waits = []
        while not all(task.done() for task in burst):
            started = time.monotonic()
            assert (await client.get("/healthz")).status_code == 200
            waits.append(time.monotonic() - started)
            await asyncio.sleep(0.1)
        statuses = [(await task).status_code for task in burst]
    finally:
        await client.aclose()
    assert set(statuses) <= {422, 429}
    assert len(waits) >= 3, "the wrong logins were over before /healthz could be asked"
    assert max(waits) < 2.0, waits


async def test_login_limit_holds_across_web_processes(
    real_servers: list[str], make_account: Any, settings: Any
) -> None:
    from argon2 import PasswordHasher

    from tenders.accounts.tables import User

    account = await make_account()
    # The real parameters, so each check lasts as long as in production.
    await User.update({User.password_hash: PasswordHasher().hash(account.password)}).where(
        User.id == account.id
    )
    clients = [await _csrf_client(url) for url in real_servers]
    try:
        attempts = [f"wrong guess {n}" for n in range(30)] + [account.password]
        responses = await asyncio.gather(
            *(
                clients[n % 2].post(
                    "/api/session", json={"email": account.email, "password": password}
                )
                for n, password in enumerate(attempts)
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    statuses = [r.status_code for r in responses]
    limit = settings.login_max_failures_account
    assert statuses.count(422) == limit, statuses
    assert statuses.count(429) + statuses.count(200) == 31 - limit
