"""Nobody left out: a member whose structure has no director account is shown, reached or
answered for; the matching page leads to the consortium that exists."""

from __future__ import annotations

from typing import Any

from tests.support import api, as_actor, login, post_form, propose_consortium, text

LOTS = [
    {"key": "1", "title": "Espaces verts", "cpv_codes": ["77310000"]},
    {"key": "2", "title": "Nettoyage", "cpv_codes": ["90910000"]},
]


async def _espoir_leads(client: Any, make_account: Any, make_organisation: Any) -> dict[str, Any]:
    """Espoir Avenir (no account) leads lot 1, Alpha and Bêta (a director each) carry lot 2;
    a coordinator, logged in on ``client``, drafted it."""
    ids = {name: await make_organisation(name) for name in ("Espoir Avenir", "Alpha", "Bêta")}
    for name, mail in (("Alpha", "direction@alpha.example"), ("Bêta", "direction@beta.example")):
        await make_account("member", organisation_id=ids[name], email=mail)
    coordinator = await make_account("coordinator", email="coordination@phare.example")
    await login(client, coordinator.email)
    body = {"title": "Entretien et nettoyage", "lots": LOTS}
    tender = (await api(client, "POST", "/api/tenders", body)).json()
    lots_of = {ids["Espoir Avenir"]: ["1"], ids["Alpha"]: ["2"], ids["Bêta"]: ["2"]}
    created = await propose_consortium(client, tender["id"], lots_of)
    assert created.status_code == 201, created.text
    consortium = created.json()["id"]
    return {"ids": ids, "page": f"/groupements/{consortium}", "id": consortium, "me": coordinator}


def _state(detail: dict[str, Any], name: str) -> tuple[str, str]:
    member = next(m for m in detail["members"] if m["name"] == name)
    return member["invitation"], member["answer_comment"]


async def test_a_lead_nobody_can_be_reached_at_is_shown_and_answered_for(
    client: Any, make_account: Any, make_organisation: Any, deliver_mail: Any, mailbox: Any
) -> None:
    s = await _espoir_leads(client, make_account, make_organisation)
    espoir = s["ids"]["Espoir Avenir"]
    page = text(await client.get(s["page"]))
    assert "Personne à joindre chez Espoir Avenir." in page
    assert "Inviter un·e directeur·rice pour Espoir Avenir" in page
    assert page.count("Personne à joindre") == 2  # the notice, and its tag in the composition

    invited = text(await post_form(client, f"{s['page']}/invitations", {"respond_by": ""}))
    assert "Invitation envoyée à 2 structures. Espoir Avenir n'a reçu aucun e-mail" in invited
    assert await deliver_mail() == ["sent", "sent"]
    assert {to for _, [to] in mailbox.envelopes} == {
        "direction@alpha.example",
        "direction@beta.example",
    }

    # The coordination records Espoir Avenir's answer, given by phone.
    answered = await post_form(
        client,
        f"{s['page']}/reponse",
        {"organisation_id": str(espoir), "answer": "accept", "comment": "Accord par téléphone"},
    )
    assert "Réponse enregistrée au nom de la structure" in text(answered)
    detail = (await client.get(f"/api/consortia/{s['id']}")).json()
    assert _state(detail, "Espoir Avenir") == ("accepted", "Accord par téléphone")
    journal = text(await client.get("/journal"))
    assert "coordination@phare.example, au nom de Espoir Avenir" in journal
    [event] = [
        e
        for e in (await client.get("/api/audit-events")).json()
        if e["action"] == "consortium.accepted"
    ]
    assert event["detail"] == {"organisation_id": espoir, "on_behalf": "au nom de Espoir Avenir"}
    # Nothing to answer for any more: the form lists the others only.
    page = text(await client.get(s["page"]))
    assert "Espoir Avenir (a accepté)" not in page and "Alpha (invitation en attente" in page


async def test_only_the_coordination_answers_for_another_structure(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia import invitations
    from tenders.errors import Forbidden, NotFound

    s = await _espoir_leads(client, make_account, make_organisation)
    ids = s["ids"]
    director = await make_account("member", organisation_id=ids["Alpha"])
    await post_form(client, f"{s['page']}/invitations", {"respond_by": ""})
    try:
        await invitations.answer(as_actor(director), s["id"], True, "", ids["Espoir Avenir"])
        raise AssertionError("a director answered for another structure")
    except Forbidden:
        pass
    outsider = await make_organisation("Hors groupement")
    try:
        await invitations.answer(as_actor(s["me"]), s["id"], True, "", outsider)
        raise AssertionError("an answer was recorded for a structure outside the consortium")
    except NotFound:
        pass
    # A director posting another structure's id answers for their own structure only.
    await login(client, director.email)
    await post_form(
        client,
        f"{s['page']}/reponse",
        {"organisation_id": str(ids["Bêta"]), "answer": "decline", "comment": ""},
    )
    await login(client, s["me"].email)
    detail = (await client.get(f"/api/consortia/{s['id']}")).json()
    assert _state(detail, "Alpha")[0] == "declined"
    assert _state(detail, "Bêta")[0] == "pending"


async def test_a_director_is_invited_from_the_composition(
    client: Any, make_account: Any, make_organisation: Any, deliver_mail: Any, mailbox: Any
) -> None:
    s = await _espoir_leads(client, make_account, make_organisation)
    espoir = s["ids"]["Espoir Avenir"]
    url = f"{s['page']}/membres/{espoir}/directeur"
    name, email = f"director-full_name-{espoir}", f"director-email-{espoir}"
    refused = await post_form(client, url, {name: "Nadia Benali", email: "pas une adresse"})
    assert refused.status_code == 422
    shown = text(refused)
    assert f'id="{email}-error"' in refused.text and 'value="Nadia Benali"' in shown
    assert "<details open>" in refused.text

    done = await post_form(client, url, {name: "Nadia Benali", email: "nadia@espoir.example"})
    assert "Invitation à créer son compte envoyée à nadia@espoir.example" in text(done)
    assert "Personne à joindre" not in text(done)
    assert await deliver_mail() == ["sent"]
    [mail] = mailbox.wait_for("nadia@espoir.example")
    assert "Espoir Avenir" in mail.get_body(preferencelist=("plain",)).get_content()

    other = await make_organisation("Hors groupement")
    missing = await post_form(
        client,
        f"{s['page']}/membres/{other}/directeur",
        {f"director-full_name-{other}": "X Y", f"director-email-{other}": "x@y.example"},
    )
    assert missing.status_code == 404


async def test_the_default_outline_leaves_no_part_to_a_structure_nobody_can_write_for(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia import service, wording

    s = await _espoir_leads(client, make_account, make_organisation)
    ids = s["ids"]
    outline = await service.default_outline(s["id"], ("Présentation du groupement", "Planning"))
    assert outline.parts == (
        ("Présentation du groupement", None),
        ("Présentation de Espoir Avenir", None),
        ("Présentation de Alpha", ids["Alpha"]),
        ("Présentation de Bêta", ids["Bêta"]),
        ("Planning", None),
    )
    assert wording.outline_kept(outline.kept).startswith(
        "Les parties de Espoir Avenir restent à la coordination"
    )
    await make_account("member", organisation_id=ids["Espoir Avenir"])
    outline = await service.default_outline(s["id"], ("Présentation du groupement", "Planning"))
    assert {assignee for _, assignee in outline.parts} == set(ids.values())
    assert outline.kept == ()


async def test_after_creating_a_consortium_its_page_opens_and_the_matching_shows_it(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    from tests.integration.test_matching_flow import TENDER, _collective

    _, ids = await _collective(make_account, make_organisation)
    await login(client, (await make_account("coordinator")).email)
    tender = (await api(client, "POST", "/api/tenders", TENDER)).json()
    matching = f"/consultations/{tender['id']}/rapprochement"
    first = text(await client.get(matching))
    assert "Créer ce groupement en brouillon" in first and "déjà constitué" not in first

    created = await post_form(client, f"/consultations/{tender['id']}/groupement", {})
    [consortium] = (await client.get(f"/api/tenders/{tender['id']}/consortia")).json()
    assert str(created.url).endswith(f"/groupements/{consortium['id']}")
    assert "Groupement créé en brouillon" in text(created)
    assert "Groupement pour « Espaces verts, cimetières et nettoyage »" in text(created)

    again = await client.get(matching)
    shown = text(again)
    existing = shown.index("Groupement déjà constitué pour cette consultation")
    assert existing < shown.index("Autre groupement possible")
    assert f'href="/groupements/{consortium["id"]}"' in again.text
    assert "Jardins d'insertion</a> (mandataire, lots 1, 2)" in shown
    # Creating another stays possible where the rules allow, as a secondary action only.
    assert "Créer ce groupement en brouillon" not in shown
    assert '<button type="submit" class="secondary">Créer un autre groupement' in again.text
    assert ids["Jardins d'insertion"] == consortium["lead_id"]


async def test_a_member_leaves_from_a_section_of_its_own(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _espoir_leads(client, make_account, make_organisation)
    await post_form(client, f"{s['page']}/invitations", {"respond_by": ""})
    await login(client, "direction@alpha.example")
    page = (await client.get(s["page"])).text
    answer = page[
        page.index('id="invitation"') : page.index("</section>", page.index("invitation"))
    ]
    assert "Envoyer ma réponse" in answer and "Quitter" not in answer
    leave = page[page.index('aria-labelledby="quitter-title"') :]
    assert "data-confirm=" in leave[: leave.index("Quitter le groupement</button>")]


async def test_the_api_answers_for_a_structure_only_for_the_coordination(
    client: Any, other_client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _espoir_leads(client, make_account, make_organisation)
    ids = s["ids"]
    await post_form(client, f"{s['page']}/invitations", {"respond_by": ""})
    url = f"/api/consortia/{s['id']}/answer"
    answered = await api(
        client, "POST", url, {"accept": True, "organisation_id": ids["Espoir Avenir"]}
    )
    assert answered.status_code == 200, answered.text
    director = await make_account("member", organisation_id=ids["Alpha"])
    await login(other_client, director.email)
    refused = await api(
        other_client, "POST", url, {"accept": False, "organisation_id": ids["Bêta"]}
    )
    assert refused.status_code == 403
    detail = (await client.get(f"/api/consortia/{s['id']}")).json()
    assert _state(detail, "Espoir Avenir")[0] == "accepted"
    assert _state(detail, "Bêta")[0] == "pending"
