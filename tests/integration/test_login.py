"""Logging in and out, session rotation, CSRF and login throttling."""

from __future__ import annotations

from typing import Any

from tests.support import api, csrf, login, post_form, text

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


async def test_old_session_is_dead_after_logout(client: Any, make_account: Any) -> None:
    account = await make_account()
    await login(client, account.email)
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


async def test_api_call_without_csrf_header_is_refused(client: Any, make_account: Any) -> None:
    account = await make_account("coordinator")
    await login(client, account.email)
    response = await client.post(
        "/api/users", json={"email": "a@exemple.fr", "full_name": "A", "role": "coordinator"}
    )
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
