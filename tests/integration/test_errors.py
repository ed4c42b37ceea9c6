"""Bad input gets a clear French answer, never a stack trace."""

from __future__ import annotations

import re
from typing import Any

from litestar import get

from tests.support import api, csrf, login, post_form, propose_consortium, text


async def test_unknown_page_is_a_french_404(client: Any, log_in_as: Any) -> None:
    await log_in_as()
    response = await client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in text(response)
    assert "Cette page n'existe pas" in text(response)
    api_response = await client.get("/api/nulle-part")
    assert api_response.status_code == 404
    assert api_response.json()["detail"] == "Cette page n'existe pas ou n'existe plus."


async def test_forbidden_page_is_a_french_403(client: Any, log_in_as: Any) -> None:
    await log_in_as()
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


async def test_a_nul_in_a_static_address_is_a_french_404(client: Any) -> None:
    for path in ("/static/%00", "/static/cordee.css%00.js", "/static/%1b", "/static/%C2%85"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in text(response)
    assert (await client.get("/static/cordee.css")).status_code == 200


async def test_a_nul_in_a_search_is_searched_without_it(client: Any, make_account: Any) -> None:
    from tenders.members.service import upsert_organisation

    await upsert_organisation("Atelier Vélo", "atelier-velo", "Valenciennes", "", "Vélos")
    await login(client, (await make_account("coordinator")).email)
    page = await client.get("/structures", params={"q": "Atelier\x00 V\x1bélo"})
    assert page.status_code == 200
    assert "Atelier Vélo" in text(page)
    found = await client.get("/api/organisations", params={"q": "\x00"})
    assert found.status_code == 200


# Controls a security review typed: NUL, ESC, BEL, DEL, NEL (C1), non-characters.
DIRTY_LINE = "Net\x00toyage\x1b des\x07 lo\x7fcaux\x85\ufffe\U0010ffff"
CLEAN_LINE = "Nettoyage des locaux"
DIRTY_BLOCK = "Ligne\x00 un\x0c\nLigne\tdeux\x9b\r\nFin\x01"
CLEAN_BLOCK = "Ligne un\nLigne\tdeux\r\nFin"
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\U0010ffff]")


async def test_control_characters_never_reach_the_data_or_the_pages(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia.tables import SectionComment
    from tenders.library.tables import Passage
    from tenders.members.tables import Capability, Organisation, Reference
    from tenders.procurement.tables import Tender

    org = await make_organisation("Alpha")
    await login(client, (await make_account("coordinator")).email)
    by_api = await api(
        client,
        "POST",
        "/api/tenders",
        {"title": DIRTY_LINE, "description": DIRTY_BLOCK, "lots": [{"title": DIRTY_LINE}]},
    )
    assert by_api.status_code == 201, by_api.text
    assert (by_api.json()["title"], by_api.json()["description"]) == (CLEAN_LINE, CLEAN_BLOCK)
    by_page = await post_form(
        client, "/consultations/nouvelle", {"title": "Page " + DIRTY_LINE, "reserved": "none"}
    )
    assert by_page.status_code == 200, text(by_page)[-3000:]
    assert f"Page {CLEAN_LINE}" in text(by_page)
    profile = await api(
        client,
        "PATCH",
        f"/api/organisations/{org}",
        {"town": DIRTY_LINE, "description": DIRTY_BLOCK},
    )
    assert profile.status_code == 200, profile.text
    await api(
        client,
        "POST",
        f"/api/organisations/{org}/capabilities",
        {
            "title": DIRTY_LINE,
            "kind": "services",
            "cpv_codes": ["90910000"],
            "departements": ["59"],
            "description": DIRTY_BLOCK,
        },
    )
    await api(
        client,
        "POST",
        f"/api/organisations/{org}/references",
        {"buyer": DIRTY_LINE, "title": DIRTY_LINE, "year": 2024, "description": DIRTY_BLOCK},
    )
    passage = await post_form(
        client,
        "/bibliotheque/nouveau",
        {"title": DIRTY_LINE, "body": DIRTY_BLOCK, "themes": "moyens_materiels"},
    )
    assert "Passage ajouté à la bibliothèque." in text(passage)

    tender = by_api.json()["id"]
    await Tender.update({Tender.status: "go"}).where(Tender.id == tender)
    consortium = await propose_consortium(client, tender, {org: ["1"]})
    cid = consortium.json()["id"]
    part = (await api(client, "POST", f"/api/consortia/{cid}/sections/default")).json()[0]
    base = f"/groupements/{cid}/parties/{part['id']}"
    await post_form(client, base, {"body": DIRTY_BLOCK, "base_version": "0"})
    await post_form(client, f"{base}/commentaires", {"comment": DIRTY_BLOCK})
    section = (await client.get(f"/api/consortia/{cid}/sections/{part['id']}")).json()
    assert section["section"]["body"] == CLEAN_BLOCK

    stored = [
        *(await Tender.select(Tender.title, Tender.description)),
        *(await Organisation.select(Organisation.town, Organisation.description)),
        *(await Capability.select(Capability.title, Capability.description)),
        *(await Reference.select(Reference.buyer, Reference.title, Reference.description)),
        *(await Passage.select(Passage.title, Passage.body)),
        *(await SectionComment.select(SectionComment.body)),
    ]
    texts = [value for row in stored for value in row.values()]
    assert CLEAN_LINE in texts and CLEAN_BLOCK in texts
    assert not [t for t in texts if CONTROLS.search(t)]
    for page in (
        f"/consultations/{tender}",
        f"/structures/{org}",
        base,
        "/bibliotheque",
    ):
        shown = await client.get(page)
        assert shown.status_code == 200, page
        assert not CONTROLS.search(shown.text), page


async def test_digits_python_reads_but_people_do_not_type_are_no_number(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    """« ² » passes str.isdigit() but not int(): each place that trusted it gave a 500."""
    await make_organisation("Alpha")
    await login(client, (await make_account("admin")).email)
    invite = await post_form(
        client,
        "/comptes/inviter",
        {
            "email": "nouvelle@exemple.fr",
            "full_name": "Nouvelle Personne",
            "role": "member",
            "organisation_id": "²",
        },
    )
    assert invite.status_code == 422
    passage = await post_form(
        client,
        "/bibliotheque/nouveau",
        {"title": "Nos moyens", "body": "Deux camions.", "review_days": "³"},
    )
    assert passage.status_code == 422
    assert "Le délai de relecture va de 7 jours à 3 ans." in text(passage)
