"""What the collective watches: the profile saved and read back through the page and the API,
checked in French, for the coordination only, with codes proposed from the capabilities."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support import api, as_actor, post_form, text

PROFILE = "/api/watch/profile"


async def _capability(client: Any, org: int, title: str, codes: list[str]) -> None:
    body = {"title": title, "kind": "services", "cpv_codes": codes, "departements": ["59"]}
    made = await api(client, "POST", f"/api/organisations/{org}/capabilities", body)
    assert made.status_code == 201, made.text


async def test_profile_saved_and_read_back_through_the_api(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    empty = (await client.get(PROFILE)).json()
    assert empty["cpv_codes"] == [] and empty["updated_at"] is None and empty["min_days_left"] == 0
    body = {
        "cpv_codes": ["77310000-6", "90910000", "77310000"],
        "departements": ["59", " 2a ", "59"],
        "kinds": ["works", "services"],
        "reserved_only": True,
        "keywords": ["Réinsertion", "  espaces   verts ", "REINSERTION"],
        "min_days_left": 10,
    }
    saved = await api(client, "PUT", PROFILE, body)
    assert saved.status_code == 200, saved.text
    read = (await client.get(PROFILE)).json()
    assert read == saved.json()
    assert read["cpv_codes"] == ["77310000-6", "90910000-9"]
    assert [c["code"] for c in read["cpv"]] == ["77310000", "90910000"]
    assert read["departements"] == ["59", "2A"]
    assert read["kinds"] == ["services", "works"]
    assert read["reserved_only"] is True
    assert read["keywords"] == ["Réinsertion", "espaces verts"]
    assert read["min_days_left"] == 10
    assert read["updated_at"] and read["updated_by"]


async def test_bad_fields_refused_in_french_naming_them(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    body = {"cpv_codes": ["77310000-5"], "departements": ["999"], "kinds": ["autre"]}
    bad = await api(client, "PUT", PROFILE, {**body, "min_days_left": 400, "keywords": ["x" * 101]})
    assert bad.status_code == 422
    fields = {e["field"]: e["message"] for e in bad.json()["errors"]}
    assert set(fields) == {"cpv_codes", "departements", "kinds", "min_days_left", "keywords"}
    assert "clé de contrôle" in fields["cpv_codes"]
    assert "département" in fields["departements"]
    assert (await client.get(PROFILE)).json()["updated_at"] is None  # nothing saved

    page = await post_form(client, "/veille/profil", {"cpv_codes": "1234", "departements": "59"})
    assert page.status_code == 422
    assert "Un code CPV comporte 8 chiffres" in text(page)
    assert 'value="59"' in text(page)  # what was typed is shown again


async def test_profile_saved_through_the_page(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    form = {
        "cpv_codes": "77310000-6, 90910000-9",
        "departements": "59; 62",
        "kinds": "supplies",
        "reserved_only": "1",
        "keywords": "réinsertion, chantier école",
        "min_days_left": "7",
    }
    sent = await post_form(client, "/veille/profil", form)
    assert sent.status_code == 200 and "Profil de veille enregistré." in text(sent)
    assert "77310000-6, 90910000-9" in text(sent) and "59, 62" in text(sent)
    read = (await client.get(PROFILE)).json()
    assert read["kinds"] == ["supplies"] and read["reserved_only"] is True
    assert read["keywords"] == ["réinsertion", "chantier école"] and read["min_days_left"] == 7
    # Sent again with no box ticked (a browser leaves them out): they are cleared.
    unticked = {k: v for k, v in form.items() if k not in ("reserved_only", "kinds")}
    assert (await post_form(client, "/veille/profil", unticked)).status_code == 200
    again = (await client.get(PROFILE)).json()
    assert again["reserved_only"] is False and again["kinds"] == []


async def test_a_director_gets_403(client: Any, log_in_as: Any) -> None:
    await log_in_as("member")
    assert (await client.get(PROFILE)).status_code == 403
    assert (await api(client, "PUT", PROFILE, {"cpv_codes": []})).status_code == 403
    assert (await client.get("/veille/profil", follow_redirects=False)).status_code == 403
    assert "Veille" not in text(await client.get("/tableau-de-bord"))


async def test_proposed_codes_come_from_the_capabilities(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    await log_in_as("coordinator")
    alpha, beta = await make_organisation("Alpha"), await make_organisation("Beta")
    await _capability(client, alpha, "Espaces verts", ["77310000-6", "90910000-9"])
    await _capability(client, beta, "Parcs", ["77310000-6"])
    proposed = (await client.get(PROFILE)).json()["proposed_cpv"]
    assert [(c["full_code"], c["capabilities"]) for c in proposed] == [
        ("77310000-6", 2),
        ("90910000-9", 1),
    ]
    assert proposed[0]["label"]  # the shipped labels name it
    page = await client.get("/veille/profil")
    assert "Codes proposés" in text(page) and proposed[0]["label"] in text(page)
    # One click adds a proposed code; it is no longer proposed.
    added = await post_form(client, "/veille/profil/codes", {"code": "90910000-9"})
    assert "Code 90910000-9 ajouté au profil de veille." in text(added)
    read = (await client.get(PROFILE)).json()
    assert read["cpv_codes"] == ["90910000-9"]
    assert [c["full_code"] for c in read["proposed_cpv"]] == ["77310000-6"]
    refused = await post_form(client, "/veille/profil/codes", {"code": "90910000-1"})
    assert "clé de contrôle" in text(refused)
    assert (await client.get(PROFILE)).json()["cpv_codes"] == ["90910000-9"]
    assert "Veille" in text(await client.get("/tableau-de-bord"))


async def test_two_first_saves_at_once_make_one_row(make_account: Any) -> None:
    from tenders import db
    from tenders.watch import service
    from tenders.watch.schemas import WatchProfileIn
    from tenders.watch.tables import WatchProfile

    coordinator = as_actor(await make_account("coordinator"))
    async with db.pooled():
        await asyncio.gather(
            *(
                service.update_profile(coordinator, WatchProfileIn(departements=[dep]))
                for dep in ("59", "62")
            )
        )
    rows = await WatchProfile.select(WatchProfile.departements).output(load_json=True)
    assert len(rows) == 1 and rows[0]["departements"] in (["59"], ["62"])
