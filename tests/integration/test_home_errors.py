"""An error page keeps the way home: for whoever is signed in, the site's navigation and « Revenir
au tableau de bord », even at an address no route answers; for anybody else, the login."""

from __future__ import annotations

import re
from typing import Any

from tests.support import text

NAVIGATION = 'aria-label="Navigation principale"'
HOME_LINK = '<a href="/tableau-de-bord">Revenir au tableau de bord</a>'
LOGIN_LINK = "Aller à la page de connexion"


def _logout_token(page: str) -> str:
    form = page[page.index('action="/deconnexion"') :]
    found = re.search(r'name="_csrf_token" value="([^"]*)"', form)
    assert found
    return found.group(1)


async def test_an_unknown_address_keeps_the_navigation_of_whoever_is_signed_in(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("member")
    client.cookies.delete("cordee_csrf")  # the logout form still gets a token that works
    missing = await client.get("/nulle-part")
    assert missing.status_code == 404
    page = text(missing)
    assert "Page introuvable" in page and NAVIGATION in page and HOME_LINK in page
    assert LOGIN_LINK not in page
    token = _logout_token(page)
    out = await client.post("/deconnexion", data={"_csrf_token": token})
    assert out.status_code == 200 and out.url.path == "/connexion"
    assert (await client.get("/api/session")).status_code == 401


async def test_a_missing_object_and_a_refusal_keep_the_navigation(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("member")
    for path, status in (("/groupements/999999", 404), ("/comptes", 403)):
        answer = await client.get(path)
        assert answer.status_code == status
        assert NAVIGATION in text(answer) and HOME_LINK in text(answer), path


async def test_an_unknown_address_without_a_valid_session_offers_to_log_in(
    client: Any, log_in_as: Any
) -> None:
    from tests.support import post_form

    await log_in_as("member")
    ended = client.cookies.get("cordee_session")
    await post_form(client, "/deconnexion", {})
    for cookie in (b"", b"pas-une-session", b"x" * 5000, "é€".encode(), ended.encode()):
        headers = {"cookie": b"cordee_session=" + cookie} if cookie else {}
        client.cookies.clear()
        missing = await client.get("/nulle-part", headers=headers)
        assert missing.status_code == 404
        page = text(missing)
        assert "Page introuvable" in page and LOGIN_LINK in page, cookie
        assert NAVIGATION not in page and "Revenir au tableau de bord" not in page
