"""What every answer tells the browser (CSP, framing, sniffing, referrer, HSTS), the API docs
served from this host, CSRF tokens tied to a session, the flash cookie and /metrics."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from litestar import get
from litestar.testing import AsyncTestClient

from tests.support import api, csrf, invitation, login, post_form, text

CSP_DIRECTIVES = {"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"}


def assert_hardened(response: Any, what: str) -> None:
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    directives = {d.strip() for d in policy.split(";")}
    assert directives >= CSP_DIRECTIVES, f"{what}: CSP {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{what}: {policy!r}"
    assert headers.get("x-frame-options") == "DENY", what
    assert headers.get("x-content-type-options") == "nosniff", what
    assert headers.get("referrer-policy") == "same-origin", what


async def test_every_kind_of_answer_carries_the_security_headers(
    app: Any, client: Any, log_in_as: Any
) -> None:
    @get("/boom-en-tetes", opt={"public": True}, include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("internals")

    app.register(boom)
    answers = {
        "login page": await client.get("/connexion"),
        "redirect to the login page": await client.get("/tableau-de-bord"),
        "static file": await client.get("/static/cordee.css"),
        "unknown page": await client.get("/nulle-part"),
        "unknown API path": await client.get("/api/nulle-part"),
        "API 401": await client.get("/api/session"),
        "health": await client.get("/healthz"),
        "OpenAPI schema": await client.get("/api/schema/openapi.json"),
        "API docs": await client.get("/api/schema"),
        "500": await client.get("/boom-en-tetes"),
        "405": await client.delete("/connexion"),
        "host refused": await client.get("/connexion", headers={"host": "evil.example"}),
        "CSRF refused": await client.post("/connexion", data={"email": "a@b.fr"}),
    }
    await log_in_as()
    answers["dashboard"] = await client.get("/tableau-de-bord")
    answers["API answer"] = await api(client, "GET", "/api/session")

    statuses = {what: r.status_code for what, r in answers.items()}
    assert statuses["unknown page"] == 404 and statuses["500"] == 500
    assert statuses["host refused"] == 400 and statuses["CSRF refused"] == 403
    assert statuses["static file"] == statuses["dashboard"] == 200
    for what, response in answers.items():
        assert_hardened(response, what)
        # Browsers keep HSTS for a year: only a production deployment (behind HTTPS) sends it.
        assert "strict-transport-security" not in response.headers, what


async def test_production_tells_browsers_to_stay_on_https(settings: Any) -> None:
    from tenders.app import create_app
    from tenders.jobs import RecordingJobQueue

    production = dataclasses.replace(settings, production=True)
    app = create_app(production, jobs=RecordingJobQueue())
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as browser:
        for path in ("/connexion", "/nulle-part", "/static/cordee.css", "/api/session"):
            response = await browser.get(path)
            assert_hardened(response, path)
            hsts = response.headers.get("strict-transport-security", "")
            assert re.fullmatch(r"max-age=(\d+)", hsts), (path, hsts)
            assert int(hsts.removeprefix("max-age=")) >= 180 * 24 * 3600


ADDRESS = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")


async def test_api_docs_come_from_this_host_only(client: Any) -> None:
    page = await client.get("/api/schema")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/api/schema/openapi.json" in page.text
    assert "<script>" not in page.text and " style=" not in page.text
    addresses = ADDRESS.findall(page.text)
    scripts = [a for a in addresses if a.endswith(".js")]
    assert scripts, "the interactive documentation loads its script"
    for address in addresses:
        assert address.startswith("/") and not address.startswith("//"), address
        asset = await client.get(address)
        assert asset.status_code == 200, address
    assert (await client.get("/api/schema/openapi.json")).status_code == 200


async def _api_refuses_the_token(client: Any, token: str) -> None:
    """An invitation sent over the API with ``token`` as its CSRF header is refused for it."""
    response = await client.post(
        "/api/users",
        json=invitation("intrus@exemple.fr", "coordinator", "Intrus"),
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 403
    assert "jeton de sécurité" in response.json()["detail"]


async def test_a_csrf_token_from_before_login_is_refused_after_login(
    client: Any, make_account: Any
) -> None:
    account = await make_account("coordinator")
    before = await csrf(client)
    await login(client, account.email)
    after = client.cookies.get("cordee_csrf")
    assert after and after != before

    # A page in a tab opened before login still carries the old token (cookie and field).
    client.cookies.set("cordee_csrf", before, domain="testserver.local")
    response = await client.post("/deconnexion", data={"_csrf_token": before})
    assert response.status_code == 403
    assert "jeton de sécurité" in text(response)
    await _api_refuses_the_token(client, before)

    # A page loaded now carries a token of this session, which works.
    await client.get("/tableau-de-bord")
    assert (await post_form(client, "/deconnexion", {})).url.path == "/connexion"


async def test_a_csrf_token_of_another_session_is_refused(
    client: Any, other_client: Any, make_account: Any
) -> None:
    victim, attacker = await make_account("coordinator"), await make_account("member")
    await login(client, victim.email)
    await login(other_client, attacker.email)
    # An attacker who can plant cookies (a sibling subdomain, say) sends their own valid pair.
    planted = other_client.cookies.get("cordee_csrf")
    client.cookies.set("cordee_csrf", planted, domain="testserver.local")
    await _api_refuses_the_token(client, planted)

    # Logging out gives a token of the anonymous session: the logged-in one is dead too.
    token = await csrf(other_client)
    await post_form(other_client, "/deconnexion", {})
    assert other_client.cookies.get("cordee_csrf") != token


async def test_flash_cookie_is_secure_in_production(settings: Any, make_account: Any) -> None:
    from tenders.app import create_app
    from tenders.jobs import RecordingJobQueue

    account = await make_account()
    for production, base_url in ((True, settings.base_url), (False, "https://cordee.example")):
        changed = dataclasses.replace(settings, production=production, base_url=base_url)
        app = create_app(changed, jobs=RecordingJobQueue())
        async with AsyncTestClient(app=app, base_url="https://testserver.local") as browser:
            await login(browser, account.email)
            response = await post_form(browser, "/deconnexion", {})
            flashes = [
                c
                for r in (*response.history, response)
                for c in r.headers.get_list("set-cookie")
                if c.startswith("cordee_flash=")
            ]
            assert flashes, "logging out says so in a flash message"
            for cookie in flashes:
                assert "secure" in cookie.lower().split("; "), cookie


async def test_metrics_need_a_token_even_outside_production(settings: Any) -> None:
    from tenders.app import create_app
    from tenders.jobs import RecordingJobQueue

    assert not settings.production
    for metrics_token in ("", "jeton-de-supervision-0123456789"):
        app = create_app(
            dataclasses.replace(settings, metrics_token=metrics_token), jobs=RecordingJobQueue()
        )
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as browser:
            response = await browser.get("/metrics")
            assert response.status_code == 404
            assert "cordee_" not in response.text
            assert_hardened(response, "/metrics")
            if metrics_token:
                right = await browser.get(
                    "/metrics", headers={"Authorization": f"Bearer {metrics_token}"}
                )
                assert right.status_code == 200 and "cordee_outbox_mails" in right.text


async def test_a_hostile_csrf_token_is_a_french_403_not_a_crash(client: Any) -> None:
    token = await csrf(client)
    forged = (token[:32] + "é" * (len(token) - 32)).encode()
    response = await client.post(
        "/api/session",
        json={"email": "a@exemple.fr", "password": "x" * 12},
        headers={"x-csrftoken": forged},
    )
    assert response.status_code == 403
    assert "jeton de sécurité" in response.json()["detail"]
    both = await client.post(
        "/api/session",
        json={"email": "a@exemple.fr", "password": "x" * 12},
        headers={"x-csrftoken": forged, "cookie": b"cordee_csrf=" + forged},
    )
    assert both.status_code == 403
    page = await client.get("/connexion", headers={"cookie": b"cordee_csrf=" + forged})
    assert page.status_code == 200  # a new token replaces the unusable one
    assert "cordee_csrf=" in page.headers["set-cookie"]
