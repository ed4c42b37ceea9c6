"""A consortium's workspace: composition, the law, the split, bank details, confidentiality."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.builders import make_draft, make_tender
from tests.support import api, as_actor, login, post_form, propose_consortium, text

IBAN = "FR7630006000011234567890189"


async def _setup(
    client: Any,
    make_account: Any,
    make_organisation: Any,
    one_consortium_only: bool = False,
    composed: bool = False,
) -> dict[str, Any]:
    """Alpha, Bêta, Gamma and Delta; a coordinator, logged in on ``client``, proposes Alpha
    (lot 1) and Bêta (lot 2) on a two-lot tender; ``composed``: and sets _composition."""
    ids = {name: await make_organisation(name) for name in ("Alpha", "Bêta", "Gamma", "Delta")}
    await login(client, (await make_account("coordinator")).email)
    lots = [
        {"key": "1", "title": "Espaces verts", "cpv_codes": ["77310000"]},
        {"key": "2", "title": "Nettoyage", "cpv_codes": ["90910000"]},
    ]
    body = {"title": "Entretien et nettoyage", "one_consortium_only": one_consortium_only}
    tender = (await api(client, "POST", "/api/tenders", {**body, "lots": lots})).json()
    lots_of = {ids["Alpha"]: ["1"], ids["Bêta"]: ["2"]}
    created = await propose_consortium(client, tender["id"], lots_of)
    assert created.status_code == 201, created.text
    url = f"/api/consortia/{created.json()['id']}"
    if composed:
        await api(client, "PUT", f"{url}/composition", _composition(ids))
    return {"ids": ids, "tender": tender["id"], "consortium": created.json()["id"], "url": url}


async def _joined(consortium_id: int, *organisations: int) -> None:
    """These structures were invited and accepted (the workspace opens to them)."""
    from tenders.consortia.tables import ConsortiumMember

    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        (ConsortiumMember.consortium == consortium_id)
        & ConsortiumMember.organisation.is_in(list(organisations))
    )


def _share(lot: str, org: int, **value: str) -> dict[str, Any]:
    """A structure's share of a lot in a split: its ``amount`` or ``percent`` of it."""
    return {"lot_key": lot, "organisation_id": org, **value}


def _composition(ids: dict[str, int], lead: str = "Alpha", **extra: Any) -> dict[str, Any]:
    return {
        "form": "conjoint",
        "lead_id": ids[lead],
        "members": [
            {
                "organisation_id": ids["Alpha"],
                "role": "mandataire",
                "lots": ["1"],
                "services": "Tonte et taille",
            },
            {"organisation_id": ids["Bêta"], "role": "co_traitant", "lots": ["2"]},
            {
                "organisation_id": ids["Gamma"],
                "role": "sous_traitant",
                "lots": ["1"],
                "subcontractor_of": ids["Alpha"],
            },
        ],
        **extra,
    }


async def test_composition_follows_the_rules(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)
    url = f"/api/consortia/{s['consortium']}"
    ok = await api(client, "PUT", f"{url}/composition", _composition(s["ids"]))
    assert ok.status_code == 200, ok.text
    roles = {m["name"]: m["role"] for m in ok.json()["members"]}
    assert roles == {"Alpha": "mandataire", "Bêta": "co_traitant", "Gamma": "sous_traitant"}
    assert ok.headers["cache-control"] == "no-store"

    outsider = _composition(s["ids"], lead="Delta")
    assert (await api(client, "PUT", f"{url}/composition", outsider)).status_code == 422
    orphan = _composition(s["ids"])
    orphan["members"][2]["subcontractor_of"] = None
    bad = await api(client, "PUT", f"{url}/composition", orphan)
    assert bad.status_code == 422 and "sous-traitant" in bad.json()["detail"]

    # Alpha already leads this consortium: it cannot lead a second one (R2142-23).
    second = await propose_consortium(client, s["tender"], {s["ids"]["Alpha"]: ["2"]})
    assert second.status_code == 409 and "R2142-23" in second.json()["detail"]


async def test_one_consortium_only_when_the_buyer_says_so(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation, one_consortium_only=True)
    delta_and_beta = {s["ids"]["Delta"]: ["1"], s["ids"]["Bêta"]: ["2"]}
    other = await propose_consortium(client, s["tender"], delta_and_beta)
    assert other.status_code == 409
    assert "un seul groupement" in other.json()["detail"]

    # Once Bêta has declined the first consortium, it is free to join another (R2142-21).
    from tenders.consortia.tables import ConsortiumMember

    await ConsortiumMember.update({ConsortiumMember.invitation: "declined"}).where(
        (ConsortiumMember.consortium == s["consortium"])
        & (ConsortiumMember.organisation == s["ids"]["Bêta"])
    )
    again = await propose_consortium(client, s["tender"], delta_and_beta)
    assert again.status_code == 201, again.text


async def test_split_adds_up_and_the_bid_freezes_the_composition(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation, composed=True)
    ids, url = s["ids"], s["url"]
    shares = [_share("1", ids["Alpha"], percent="60"), _share("1", ids["Gamma"], percent="30")]
    wrong = await api(client, "PUT", f"{url}/split", {"shares": shares})
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {"field": "lot_1", "message": "Lot 1 : les parts font 90,00 % au lieu de 100 %."}
    ]
    not_on_lot = await api(
        client,
        "PUT",
        f"{url}/split",
        {"shares": [_share("2", ids["Alpha"], percent="100")]},
    )
    assert not_on_lot.status_code == 422

    early = await api(client, "POST", f"{url}/submit")
    assert early.status_code == 409

    shares = [
        _share("1", ids["Alpha"], amount="75000"),
        _share("1", ids["Gamma"], amount="25000"),
        _share("2", ids["Bêta"], amount="40000", percent="100"),
    ]
    split = await api(client, "PUT", f"{url}/split", {"shares": shares})
    assert split.status_code == 200, split.text
    lots = {lot["lot_key"]: lot for lot in split.json()["split"]}
    assert lots["1"]["total"] == "100000.00" and lots["1"]["complete"]
    assert [sh["percent"] for sh in lots["1"]["shares"]] == ["75.00", "25.00"]

    submitted = await api(client, "POST", f"{url}/submit")
    assert submitted.status_code == 200 and submitted.json()["frozen"]
    frozen = await api(client, "PUT", f"{url}/composition", _composition(ids))
    assert frozen.status_code == 409 and "R2142-26" in frozen.json()["detail"]
    assert (await api(client, "PUT", f"{url}/split", {"shares": []})).status_code == 409


async def test_only_members_and_the_coordination_see_a_consortium(
    client: Any, other_client: Any, make_account: Any, log_in_as: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation, composed=True)
    ids, url = s["ids"], s["url"]
    shares = [_share("1", ids["Alpha"], amount="98765"), _share("2", ids["Bêta"], amount="43210")]
    await api(client, "PUT", f"{url}/split", {"shares": shares})

    await log_in_as("member", organisation_id=ids["Delta"], on=other_client)
    for path in (url, f"/groupements/{s['consortium']}"):
        response = await other_client.get(path)
        assert response.status_code == 404
        assert "Entretien et nettoyage" not in text(response)
        assert "98765" not in response.text and "98\u202f765" not in response.text
    assert "Entretien et nettoyage" not in text(await other_client.get("/groupements"))

    # Bêta, in the draft but not invited yet, does not see it either.
    await log_in_as("member", organisation_id=ids["Bêta"], on=other_client)
    assert (await other_client.get(url)).status_code == 404
    await _joined(s["consortium"], ids["Bêta"])
    seen = await other_client.get(url)
    assert seen.status_code == 200
    assert seen.json()["split"][0]["total"] == "98765.00"
    page = await other_client.get(f"/groupements/{s['consortium']}")
    assert page.headers["cache-control"] == "no-store"
    assert "Entretien et nettoyage" in text(page)
    assert (await api(other_client, "PUT", f"{url}/split", {"shares": []})).status_code == 403

    # Bank details: one's own, never another member's.
    own = await api(
        other_client, "PUT", f"{url}/members/{ids['Bêta']}/bank", {"iban": IBAN, "bic": "AGRIFRPP"}
    )
    assert own.status_code == 200, own.text
    mine = {m["name"]: m["iban"] for m in own.json()["members"]}
    assert mine["Bêta"] == IBAN and mine["Alpha"] is None
    theirs = await api(other_client, "PUT", f"{url}/members/{ids['Alpha']}/bank", {"iban": IBAN})
    assert theirs.status_code == 403
    invalid = await api(
        other_client,
        "PUT",
        f"{url}/members/{ids['Bêta']}/bank",
        {"iban": "FR7630006000011234567890188"},
    )
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "iban"


async def test_the_workspace_page_edits_composition_and_split(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)
    ids, base = s["ids"], f"/groupements/{s['consortium']}"
    response = await post_form(
        client,
        f"{base}/composition",
        {
            "form": "solidaire",
            "lead_id": str(ids["Alpha"]),
            "member": [str(ids["Alpha"]), str(ids["Bêta"])],
            f"lots_{ids['Alpha']}": ["1"],
            f"lots_{ids['Bêta']}": ["2"],
            f"role_{ids['Bêta']}": "co_traitant",
            "add_member": str(ids["Gamma"]),
        },
    )
    assert "Composition enregistrée." in text(response)
    assert "Groupement solidaire" in text(response)
    alpha_lot_1, beta_lot_2 = f"1:{ids['Alpha']}", f"2:{ids['Bêta']}"

    def shares(beta_percent: str) -> dict[str, Any]:
        """Alpha 12 500 € on lot 1, Bêta ``beta_percent`` % of lot 2."""
        return {
            "cell": [alpha_lot_1, beta_lot_2],
            f"amount_{alpha_lot_1}": "12 500,00",
            f"percent_{alpha_lot_1}": "",
            f"amount_{beta_lot_2}": "",
            f"percent_{beta_lot_2}": beta_percent,
        }

    split = await post_form(client, f"{base}/repartition", shares("80"))
    assert split.status_code == 422
    assert "Lot 2 : les parts font 80,00 % au lieu de 100 %." in text(split)
    ok = await post_form(client, f"{base}/repartition", shares("100"))
    assert "Répartition enregistrée." in text(ok)
    assert "12\u202f500,00\u00a0€ HT" in text(ok)
    # What stands before compiling, for the coordination.
    assert "Avant de compiler le dossier" in text(ok)
    assert "Bêta n'a pas encore accepté l'invitation." in text(ok)
    # The checklist: each member's DC2 data and papers, at the offer deadline.
    assert "Pièces et données de chaque membre" in text(ok)
    assert "Déposez : Attestation de vigilance URSSAF." in text(ok)
    assert "Indiquez les effectifs (salariés permanents et en insertion)." in text(ok)


async def test_invited_directors_get_a_mail_and_answer(
    client: Any,
    other_client: Any,
    make_account: Any,
    log_in_as: Any,
    make_organisation: Any,
    deliver_mail: Any,
    mailbox: Any,
) -> None:
    from tests.support import link_in, text_part

    s = await _setup(client, make_account, make_organisation)
    ids, base = s["ids"], f"/groupements/{s['consortium']}"
    director = await make_account(
        "member", organisation_id=ids["Bêta"], email="direction@beta.example"
    )
    await make_account("member", organisation_id=ids["Alpha"], email="direction@alpha.example")
    response = await post_form(client, f"{base}/invitations", {"respond_by": ""})
    assert "Invitation envoyée à 2 structures." in text(response)
    assert await deliver_mail() == ["sent", "sent"]
    [mail] = mailbox.wait_for("direction@beta.example")
    assert "Entretien et nettoyage" in mail["Subject"]
    body = text_part(mail)
    assert "Rôle proposé : Co-traitant" in body and "Lots : 2" in body
    assert "Mandataire : Alpha" in body
    assert link_in(mail, "/groupements/") == f"{base}#invitation"
    again = await post_form(client, f"{base}/invitations", {"respond_by": ""})
    assert "déjà été invitées" in text(again)

    await login(other_client, director.email)
    home = text(await other_client.get("/tableau-de-bord"))
    assert "Invitations à des groupements" in home and "Entretien et nettoyage" in home
    answered = await post_form(
        other_client,
        f"{base}/reponse",
        {"answer": "accept", "comment": "Partants, avec deux équipes."},
    )
    assert "votre réponse est transmise" in text(answered)
    detail = (await client.get(f"/api/consortia/{s['consortium']}")).json()
    beta = next(m for m in detail["members"] if m["name"] == "Bêta")
    assert beta["invitation"] == "accepted"
    assert beta["answer_comment"] == "Partants, avec deux équipes."
    assert "A accepté" in text(await client.get(base))

    declined = await api(
        other_client,
        "POST",
        f"/api/consortia/{s['consortium']}/answer",
        {"accept": False, "comment": "Finalement non"},
    )
    assert declined.status_code == 200, declined.text
    assert declined.json()["invitation"] == "declined" and "members" not in declined.json()
    # Declined: the consortium no longer exists for Bêta; the coordination sees the answer.
    gone = await other_client.get(f"/api/consortia/{s['consortium']}")
    assert gone.status_code == 404 and "Entretien" not in gone.text
    assert (await other_client.get(base)).status_code == 404
    assert "Entretien et nettoyage" not in text(await other_client.get("/tableau-de-bord"))
    detail = (await client.get(f"/api/consortia/{s['consortium']}")).json()
    beta = next(m for m in detail["members"] if m["name"] == "Bêta")
    assert (beta["invitation"], beta["answer_comment"]) == ("declined", "Finalement non")

    await log_in_as("member", organisation_id=ids["Delta"], on=other_client)
    refused = await api(
        other_client, "POST", f"/api/consortia/{s['consortium']}/answer", {"accept": True}
    )
    assert refused.status_code == 404
    assert "Entretien" not in refused.text


async def test_sections_are_written_together_without_losing_a_word(
    client: Any, other_client: Any, make_account: Any, log_in_as: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)
    ids, cid = s["ids"], s["consortium"]
    # Alpha and Bêta have directors before the outline is made: their parts are theirs.
    for name in ("Alpha", "Bêta"):
        await make_account("member", organisation_id=ids[name])
    outline = await api(client, "POST", f"/api/consortia/{cid}/sections/default")
    assert outline.status_code == 200
    titles = [sec["title"] for sec in outline.json()]
    assert titles[:3] == [
        "Présentation du groupement",
        "Présentation de Alpha",
        "Présentation de Bêta",
    ]
    beta_part = next(sec for sec in outline.json() if sec["title"] == "Présentation de Bêta")
    alpha_part = next(sec for sec in outline.json() if sec["title"] == "Présentation de Alpha")

    await log_in_as("member", organisation_id=ids["Bêta"], on=other_client)
    await _joined(cid, ids["Bêta"])
    base = f"/groupements/{cid}/parties/{beta_part['id']}"
    first = await post_form(
        other_client, base, {"body": "# Bêta\nNotre équipe.", "base_version": "0"}
    )
    assert "Texte enregistré." in text(first)
    # The coordinator saves from the same version 0: refused, both texts on the page.
    stale = await post_form(client, base, {"body": "Texte de la coordination", "base_version": "0"})
    assert stale.status_code == 409
    page = text(stale)
    assert "Deux versions à réconcilier" in page
    assert "Notre équipe." in page and "Texte de la coordination" in page

    api_url = f"/api/consortia/{cid}/sections/{beta_part['id']}"
    read = await other_client.get(api_url)
    assert read.headers["etag"] == '"v1"'
    missing = await api(other_client, "PUT", api_url, {"body": "x"})
    assert missing.status_code == 428
    ok = await other_client.put(
        api_url,
        json={"body": "Version 2"},
        headers={"if-match": '"v1"', "x-csrftoken": other_client.cookies.get("cordee_csrf")},
    )
    assert ok.status_code == 200 and ok.headers["etag"] == '"v2"'
    late = await other_client.put(
        api_url,
        json={"body": "Écrit sur la v1"},
        headers={"if-match": '"v1"', "x-csrftoken": other_client.cookies.get("cordee_csrf")},
    )
    assert late.status_code == 412
    assert late.json()["current"]["body"] == "Version 2"
    assert late.json()["yours"] == "Écrit sur la v1"
    versions = (await other_client.get(api_url)).json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]

    # Another structure's part can be read, not written; only the coordination validates.
    other_part = f"/api/consortia/{cid}/sections/{alpha_part['id']}"
    assert (
        await other_client.put(
            other_part,
            json={"body": "x"},
            headers={"if-match": '"v0"', "x-csrftoken": other_client.cookies.get("cordee_csrf")},
        )
    ).status_code == 403
    refused = await post_form(other_client, f"{base}/statut", {"status": "validee"})
    assert "Seule la coordination valide" in text(refused)
    await post_form(other_client, f"{base}/statut", {"status": "a_relire"})
    await post_form(client, f"{base}/commentaires", {"comment": "Parfait, merci !"})
    validated = await post_form(client, f"{base}/statut", {"status": "validee"})
    assert "Statut : Validée." in text(validated)
    assert "Parfait, merci !" in text(validated)


async def test_twenty_concurrent_joins_make_one_membership(
    live_server: str, make_account: Any, make_organisation: Any
) -> None:
    """Twenty requests adding the same structure at once, to the real server: one
    membership, and every answer is a success or a French 409, never a 500."""
    import asyncio

    import httpx

    from tenders.consortia.tables import ConsortiumMember

    coordinator = await make_account("coordinator")
    actor = as_actor(coordinator)
    alpha, gamma = await make_organisation("Alpha"), await make_organisation("Gamma")
    tender = await make_tender(actor, "Course")
    draft = await make_draft(actor, tender.id, {alpha: ["1"]})
    body = {
        "form": "conjoint",
        "lead_id": alpha,
        "members": [
            {"organisation_id": alpha, "role": "mandataire", "lots": ["1"]},
            {"organisation_id": gamma, "role": "co_traitant", "lots": ["1"]},
        ],
    }

    async with httpx.AsyncClient(base_url=live_server, timeout=60) as http:
        await http.get("/connexion")
        token = http.cookies["cordee_csrf"]
        await http.post(
            "/connexion",
            data={
                "email": coordinator.email,
                "password": coordinator.password,
                "_csrf_token": token,
            },
        )
        token = http.cookies["cordee_csrf"]  # login gave a token of the new session
        responses = await asyncio.gather(
            *[
                http.put(
                    f"/api/consortia/{draft.id}/composition",
                    json=body,
                    headers={"x-csrftoken": token},
                )
                for _ in range(20)
            ]
        )
    statuses = sorted({r.status_code for r in responses})
    assert set(statuses) <= {200, 409}, [r.text for r in responses if r.status_code >= 500]
    assert 200 in statuses
    for response in responses:
        if response.status_code == 409:
            assert "en même temps" in response.json()["detail"]
    assert (
        await ConsortiumMember.count().where(
            (ConsortiumMember.consortium == draft.id) & (ConsortiumMember.organisation == gamma)
        )
        == 1
    )


async def test_the_coordination_edits_the_outline(
    client: Any, other_client: Any, make_account: Any, log_in_as: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)
    ids, cid = s["ids"], s["consortium"]
    await api(client, "POST", f"/api/consortia/{cid}/sections/default")

    def plan(title: str, assignee: str, due_date: str, **more: str) -> dict[str, str]:
        """A part's title, the structure that writes it and when it is due."""
        return {"title": title, "assignee_id": str(ids[assignee]), "due_date": due_date, **more}

    annex_plan = plan("Annexe : matériel roulant", "Bêta", "2027-03-10")
    added = await post_form(client, f"/groupements/{cid}/parties/nouvelle", annex_plan)
    assert "Partie « Annexe : matériel roulant » ajoutée." in text(added)
    parts = (await client.get(f"/api/consortia/{cid}/sections")).json()
    annex = parts[-1]
    assert annex["title"] == "Annexe : matériel roulant"
    assert annex["assignee_name"] == "Bêta"
    assert annex["due_at"].startswith("2027-03-10T11:00")  # noon in Paris, winter time
    outsider = await api(
        client,
        "PUT",
        f"/api/consortia/{cid}/sections/{annex['id']}/meta",
        {"title": "X", "assignee_id": ids["Delta"]},
    )
    assert outsider.status_code == 422
    assert outsider.json()["errors"][0]["field"] == "assignee_id"
    vehicles = plan("Annexe : véhicules", "Alpha", "2027-03-12", due_time="17:00")
    moved = await post_form(client, f"/groupements/{cid}/parties/{annex['id']}/plan", vehicles)
    assert "Partie mise à jour." in text(moved)
    await log_in_as("member", organisation_id=ids["Bêta"], on=other_client)
    await _joined(cid, ids["Bêta"])
    refused = await api(
        other_client, "PUT", f"/api/consortia/{cid}/sections/{annex['id']}/meta", {"title": "Pris"}
    )
    assert refused.status_code == 403
    removed = await api(client, "DELETE", f"/api/consortia/{cid}/sections/{annex['id']}")
    assert removed.status_code == 204
    assert len((await client.get(f"/api/consortia/{cid}/sections")).json()) == len(parts) - 1


async def test_a_part_can_be_given_to_a_person(
    client: Any, other_client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)
    ids, cid = s["ids"], s["consortium"]
    parts = (await api(client, "POST", f"/api/consortia/{cid}/sections/default")).json()
    alpha_part = next(p for p in parts if p["title"] == "Présentation de Alpha")
    writer = await make_account("member", organisation_id=ids["Bêta"])
    given = await api(
        client,
        "PUT",
        f"/api/consortia/{cid}/sections/{alpha_part['id']}/meta",
        {"title": alpha_part["title"], "assignee_id": ids["Alpha"], "assignee_user_id": writer.id},
    )
    assert given.status_code == 200 and given.json()["assignee_user_id"] == writer.id
    stranger = await make_account("member", organisation_id=ids["Delta"])
    refused = await api(
        client,
        "PUT",
        f"/api/consortia/{cid}/sections/{alpha_part['id']}/meta",
        {"title": "x", "assignee_user_id": stranger.id},
    )
    assert refused.status_code == 422
    await login(other_client, writer.email)
    await _joined(cid, ids["Bêta"])
    url = f"/api/consortia/{cid}/sections/{alpha_part['id']}"
    saved = await other_client.put(
        url,
        json={"body": "Écrit par Bêta pour Alpha"},
        headers={"if-match": '"v0"', "x-csrftoken": other_client.cookies.get("cordee_csrf")},
    )
    assert saved.status_code == 200
    home = text(await other_client.get("/tableau-de-bord"))
    assert "Parties du mémoire à écrire" in home and "Présentation de Alpha" in home


async def test_a_submitted_bid_freezes_the_memoire(
    client: Any, other_client: Any, make_account: Any, make_organisation: Any
) -> None:
    """R2142-26: once the bid is marked submitted, no write to the mémoire — text, status,
    who writes what, parts added or removed, library copies — on the pages or the API.
    Comments do not change the bid: they stay possible."""
    from tenders.library import service as library

    s = await _setup(client, make_account, make_organisation)
    ids, cid = s["ids"], s["consortium"]
    url = f"/api/consortia/{cid}"
    await api(client, "PUT", f"{url}/composition", _composition(ids))
    # Bêta has a director before the outline is made, so its presentation is Bêta's to write.
    director = await make_account("member", organisation_id=ids["Bêta"])
    parts = (await api(client, "POST", f"{url}/sections/default")).json()
    beta_part = next(p for p in parts if p["title"] == "Présentation de Bêta")
    empty = next(p for p in parts if p["title"] == "Planning")
    await _joined(cid, ids["Alpha"], ids["Bêta"], ids["Gamma"])
    await login(other_client, director.email)
    csrf_token = other_client.cookies.get("cordee_csrf")
    written = await other_client.put(
        f"{url}/sections/{beta_part['id']}",
        json={"body": "Texte déposé"},
        headers={"if-match": '"v0"', "x-csrftoken": csrf_token},
    )
    assert written.status_code == 200
    passage = await library.create(
        as_actor(director), library.PassageIn(title="Notre histoire", body="Depuis 1998.")
    )
    shares = [
        _share("1", ids["Alpha"], amount="75000"),
        _share("1", ids["Gamma"], amount="25000"),
        _share("2", ids["Bêta"], amount="40000"),
    ]
    await api(client, "PUT", f"{url}/split", {"shares": shares})
    assert (await api(client, "POST", f"{url}/submit")).status_code == 200

    part_url = f"{url}/sections/{beta_part['id']}"
    page = f"/groupements/{cid}/parties/{beta_part['id']}"
    refused = {
        "API: texte": await other_client.put(
            part_url,
            json={"body": "Corrigé après le dépôt"},
            headers={"if-match": '"v1"', "x-csrftoken": csrf_token},
        ),
        "API: copie": await api(
            other_client,
            "POST",
            f"{part_url}/insert",
            {"passage_id": passage.id, "base_version": 1},
        ),
        "API: attribution": await api(
            client, "PUT", f"{part_url}/meta", {"title": "Autre", "assignee_id": ids["Alpha"]}
        ),
        "API: nouvelle partie": await api(client, "POST", f"{url}/sections", {"title": "Annexe"}),
        "API: suppression": await api(client, "DELETE", f"{url}/sections/{empty['id']}"),
        "page: texte": await post_form(
            other_client, page, {"body": "Corrigé après le dépôt", "base_version": "1"}
        ),
        "page: statut": await post_form(other_client, f"{page}/statut", {"status": "a_relire"}),
        "page: validation": await post_form(client, f"{page}/statut", {"status": "validee"}),
        "page: copie": await post_form(
            other_client,
            f"{page}/inserer",
            {"passage_id": str(passage.id), "base_version": "1"},
        ),
        "page: attribution": await post_form(
            client, f"{page}/plan", {"title": "Autre", "assignee_id": str(ids["Alpha"])}
        ),
        "page: nouvelle partie": await post_form(
            client, f"/groupements/{cid}/parties/nouvelle", {"title": "Annexe"}
        ),
    }
    for what, response in refused.items():
        assert response.status_code == 409, (what, response.status_code, response.text[:300])
        said = response.json()["detail"] if what.startswith("API") else text(response)
        assert "Le dossier a été déposé : le mémoire technique est figé" in said, what
    after = (await other_client.get(part_url)).json()["section"]
    assert (after["body"], after["version"], after["status"]) == ("Texte déposé", 1, "en_cours")
    assert len((await client.get(f"{url}/sections")).json()) == len(parts)

    # The part's page says so and offers no writing form; a comment is still welcome.
    shown = text(await other_client.get(page))
    assert "le mémoire technique est figé" in shown and "Enregistrer</button>" not in shown
    commented = await post_form(other_client, f"{page}/commentaires", {"comment": "Bien reçu"})
    assert "Commentaire ajouté." in text(commented)


# Amounts a security review sent: each used to give a 500 or a silently altered figure.
NOT_AMOUNTS = ["NaN", "Infinity", "-Infinity", "sNaN", "1e400000", "1e30", "-5", "12.345"]


async def test_a_split_with_impossible_amounts_names_the_share_to_fix(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia.tables import ConsortiumShare

    s = await _setup(client, make_account, make_organisation, composed=True)
    ids, url = s["ids"], s["url"]
    for key, too_precise in (("amount", "12.345"), ("percent", "12.34567")):
        for raw in [*NOT_AMOUNTS[:-1], too_precise]:
            share = {"lot_key": "2", "organisation_id": ids["Bêta"], key: raw}
            response = await api(client, "PUT", f"{url}/split", {"shares": [share]})
            assert response.status_code == 422, (key, raw, response.text)
            [error] = response.json()["errors"]
            assert error["field"] == f"shares[0].{key}", (key, raw)
            assert error["message"].startswith("Indiquez un")
    too_much = _share("2", ids["Bêta"], percent="100.5")
    response = await api(client, "PUT", f"{url}/split", {"shares": [too_much]})
    assert response.json()["errors"] == [
        {"field": "shares[0].percent", "message": "Indiquez un pourcentage d'au plus 100\u00a0%."}
    ]
    assert await ConsortiumShare.count() == 0

    base = f"/groupements/{s['consortium']}/repartition"
    cell = f"2:{ids['Bêta']}"
    for raw in [*NOT_AMOUNTS, "-0", "1_000", "١٢٣", "12,5.3"]:
        page = await post_form(client, base, {"cell": cell, f"amount_{cell}": raw})
        assert page.status_code == 422, (raw, page.status_code)
        assert f'href="#amount-{cell}"' in page.text
        assert "Lot 2 : Indiquez un montant" in text(page) or "n'est pas un montant" in text(page)
    assert await ConsortiumShare.count() == 0
    typed = await post_form(client, base, {"cell": cell, f"amount_{cell}": "40 000,50 €"})
    assert "Répartition enregistrée." in text(typed)
    assert [r["amount"] for r in await ConsortiumShare.select(ConsortiumShare.amount)] == [
        Decimal("40000.50")
    ]


async def test_a_comment_or_an_answer_over_its_limit_is_refused_not_cut(
    client: Any, other_client: Any, make_account: Any, log_in_as: Any, make_organisation: Any
) -> None:
    from tenders.consortia.tables import ConsortiumMember, SectionComment

    s = await _setup(client, make_account, make_organisation)
    ids, cid = s["ids"], s["consortium"]
    part = (await api(client, "POST", f"/api/consortia/{cid}/sections/default")).json()[0]
    page = await post_form(
        client, f"/groupements/{cid}/parties/{part['id']}/commentaires", {"comment": "é" * 5001}
    )
    assert page.status_code == 422
    assert "Ce texte compte 5\u202f001 caractères pour 5\u202f000 au plus" in text(page)
    assert await SectionComment.count() == 0
    renamed = await api(
        client, "PUT", f"/api/consortia/{cid}/sections/{part['id']}/meta", {"title": "T" * 201}
    )
    assert renamed.status_code == 422 and renamed.json()["errors"][0]["field"] == "title"

    await ConsortiumMember.update({ConsortiumMember.invitation: "pending"}).where(
        ConsortiumMember.consortium == cid
    )
    await log_in_as("member", organisation_id=ids["Bêta"], on=other_client)
    answer = await api(
        other_client,
        "POST",
        f"/api/consortia/{cid}/answer",
        {"accept": True, "comment": "x" * 2001},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "comment"
    rows = await ConsortiumMember.select(ConsortiumMember.invitation).where(
        ConsortiumMember.organisation == ids["Bêta"]
    )
    assert rows == [{"invitation": "pending"}]
