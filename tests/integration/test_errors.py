"""Bad input gets a clear French answer, never a stack trace."""

from __future__ import annotations

from typing import Any

from litestar import get

from tests.support import api, csrf, login, text


async def test_unknown_page_is_a_french_404(client: Any, make_account: Any) -> None:
    account = await make_account()
    await login(client, account.email)
    response = await client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in text(response)
    assert "Cette page n'existe pas" in text(response)
    api_response = await client.get("/api/nulle-part")
    assert api_response.status_code == 404
    assert api_response.json()["detail"] == "Cette page n'existe pas ou n'existe plus."


async def test_forbidden_page_is_a_french_403(client: Any, make_account: Any) -> None:
    account = await make_account()
    await login(client, account.email)
    response = await client.get("/comptes")
    assert response.status_code == 403
    assert "Accès refusé" in text(response)


async def test_unexpected_error_is_a_french_500_without_trace(app: Any, client: Any) -> None:
    @get("/boom", opt={"public": True}, include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app.register(boom)
    response = await client.get("/boom")
    assert response.status_code == 500
    assert "Une erreur inattendue s'est produite" in text(response)
    assert "Traceback" not in response.text
    assert "hunter2" not in response.text


async def test_malformed_json_gets_400_in_french(client: Any) -> None:
    token = await csrf(client)
    response = await client.post(
        "/api/session",
        content=b'{"email": "a@b.fr", "password": ',
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Le corps de la requête n'est pas un JSON valide."


async def test_missing_field_gets_422_naming_it(client: Any) -> None:
    response = await api(client, "POST", "/api/session", {"email": "a@exemple.fr"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [{"field": "password", "message": "Ce champ est obligatoire."}]


async def test_body_over_the_limit_gets_413(client: Any, settings: Any) -> None:
    token = await csrf(client)
    big = b'{"email": "' + b"a" * (settings.max_body_size + 10) + b'", "password": "x"}'
    response = await client.post(
        "/api/session",
        content=big,
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "Le contenu envoyé est trop volumineux."


async def test_form_over_the_limit_gets_413(client: Any, settings: Any) -> None:
    response = await client.post(
        "/connexion",
        data={
            "email": "a" * (settings.max_body_size + 10),
            "password": "x",
            "_csrf_token": await csrf(client),
        },
    )
    assert response.status_code == 413
    assert "trop volumineux" in text(response)


async def test_unknown_host_gets_400(client: Any) -> None:
    response = await client.get("/connexion", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert "Nom d'hôte non autorisé" in response.json()["detail"]
    post = await client.post("/connexion", headers={"host": "evil.example"}, data={})
    assert post.status_code == 400


async def test_health_reports_database_and_broker(client: Any) -> None:
    response = await client.get("/healthz")
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "injoignable"}
    assert response.status_code == (200 if body["broker"] == "ok" else 503)


async def test_openapi_schema_is_served_and_documents_the_api(client: Any) -> None:
    schema = (await client.get("/api/schema/openapi.json")).json()
    operations = {
        op["operationId"]
        for path in schema["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and "operationId" in op
    }
    assert {
        "login",
        "logout",
        "listUsers",
        "inviteUser",
        "deactivateUser",
        "listOrganisations",
        "listAuditEvents",
        "health",
        "updateOrganisation",
        "createCapability",
        "uploadCertificate",
        "downloadCertificate",
        "getCompleteness",
        "suggestCpv",
        "importNotice",
        "matchTender",
        "createConsortium",
        "setConsortiumSplit",
        "answerConsortiumInvitation",
    } <= operations
    assert not any(p.startswith("/connexion") for p in schema["paths"])
