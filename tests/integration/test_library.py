"""The content library: freshness, search, who sees and edits, copies that remember their source."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.integration.test_reminders import make_world, paris
from tests.support import api, as_actor, login, post_form, text

INSERTION = (
    "Insertion professionnelle : chaque salarié en parcours est accompagné par une "
    "conseillère et suit une formation qualifiante."
)


async def _passage(actor: Any, title: str, body: str, **extra: Any) -> Any:
    from tenders.library import service

    return await service.create(actor, service.PassageIn(title=title, body=body, **extra))


async def test_freshness_at_a_given_date(make_account: Any) -> None:
    from tenders.library import service
    from tenders.library.tables import Passage

    coordinator = as_actor(await make_account("coordinator"))
    created = await _passage(coordinator, "Notre démarche qualité", "Texte.", review_days=90)
    await Passage.update({Passage.reviewed_on: date(2027, 1, 1)}).where(Passage.id == created.id)

    def state(at: date) -> str:
        return service.freshness(date(2027, 1, 1), 90, at)

    assert [state(date(2027, 3, 31)), state(date(2027, 4, 1)), state(date(2027, 6, 30))] == [
        "a_jour",
        "a_revoir",
        "perime",
    ]
    seen = await service.get_passage(coordinator, created.id, at=date(2027, 5, 1))
    assert (seen.freshness_label, seen.review_due) == ("À revoir", date(2027, 4, 1))
    fresh = await service.search(coordinator, state="a_jour", at=date(2027, 2, 1))
    assert [p.id for p in fresh] == [created.id]


async def test_a_passage_due_for_review_is_reminded_once(make_account: Any, settings: Any) -> None:
    from tenders.library import service
    from tenders.library.tables import Passage
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    coordinator = await make_account("coordinator")
    director = await make_account("member")
    mine = await _passage(as_actor(director), "Présentation de notre atelier", "Texte.")
    await Passage.update({Passage.reviewed_on: date(2027, 1, 1), Passage.review_days: 30}).where(
        Passage.id == mine.id
    )
    await plan(paris(2027, 1, 15, 9, 0))
    assert await sweep(settings, paris(2027, 1, 30, 9, 0)) == []
    first = await sweep(settings, paris(2027, 1, 31, 9, 0))
    await plan(paris(2027, 2, 1, 9, 0))
    again = await sweep(settings, paris(2027, 2, 2, 9, 0))
    assert len(first) == 1 and again == []
    (mail,) = await OutgoingMail.select().where(OutgoingMail.id == first[0])
    assert mail["recipient"] == director.email  # the owner, not the coordination
    assert mail["subject"] == "À relire : « Présentation de notre atelier » (bibliothèque)"
    assert f"/bibliotheque/{mine.id}" in mail["body_text"]
    assert coordinator.email not in {m["recipient"] for m in await OutgoingMail.select()}

    # Read again: the next reminder is a delay later, and the old one is not sent.
    await service.mark_reviewed(as_actor(director), mine.id)
    reviewed = (await Passage.select(Passage.reviewed_on).where(Passage.id == mine.id))[0]
    assert reviewed["reviewed_on"] >= date.today()


async def test_french_search_finds_insertion_for_inserer(make_account: Any) -> None:
    """On PostgreSQL through the French full-text search (stems as prefixes); on SQLite
    through the simpler search (each word's first letters, accents ignored)."""
    from tenders.library import service

    coordinator = as_actor(await make_account("coordinator"))
    wanted = await _passage(coordinator, "Parcours d'insertion", INSERTION, themes=["insertion"])
    await _passage(coordinator, "Gestion différenciée", "Zéro produit phytosanitaire.")

    for words in ("insérer", "INSERER", "formations qualifiantes", "insertion salariés"):
        found = await service.search(coordinator, words)
        assert [p.id for p in found] == [wanted.id], words
    assert await service.search(coordinator, "insérer tondeuse") == []
    assert [p.id for p in await service.search(coordinator, theme="insertion")] == [wanted.id]


async def test_private_passages_stay_with_their_structure(
    client: Any, other_client: Any, make_account: Any
) -> None:
    owner = await make_account("member")
    other = await make_account("member")
    coordinator = await make_account("coordinator")
    private = await _passage(as_actor(owner), "Nos tarifs internes", "Confidentiel.")
    shared = await _passage(as_actor(owner), "Notre histoire", "Depuis 1998.", shared=True)
    collective = await _passage(as_actor(coordinator), "Le collectif Phare", "17 structures.")

    await login(other_client, other.email)
    listing = text(await other_client.get("/bibliotheque"))
    assert "Nos tarifs internes" not in listing
    assert "Notre histoire" in listing and "Le collectif Phare" in listing
    assert (await other_client.get(f"/bibliotheque/{private.id}")).status_code == 404
    assert (await api(other_client, "GET", f"/api/passages/{private.id}")).status_code == 404
    edit = await api(
        other_client,
        "PUT",
        f"/api/passages/{shared.id}",
        {"title": "Détourné", "body": "x"},
    )
    assert edit.status_code == 403
    assert "vous pouvez le lire et le copier, pas le modifier" in edit.json()["detail"]
    collective_edit = await api(
        other_client, "PUT", f"/api/passages/{collective.id}", {"title": "x", "body": "x"}
    )
    assert collective_edit.status_code == 403

    await login(client, coordinator.email)
    assert (await client.get(f"/bibliotheque/{private.id}")).status_code == 200
    renamed = await api(
        client,
        "PUT",
        f"/api/passages/{collective.id}",
        {"title": "Le collectif Phare (PTCE)", "body": "17 structures."},
    )
    assert renamed.status_code == 200 and renamed.json()["version"] == 2


async def test_the_form_says_what_to_fix_in_french(client: Any, log_in_as: Any) -> None:
    await log_in_as("member")

    response = await post_form(
        client,
        "/bibliotheque/nouveau",
        {"title": "", "body": "", "cpv_divisions": "7, abc", "review_days": "2"},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Donnez un titre au passage." in page
    assert "Écrivez le texte du passage." in page
    assert "par leurs deux premiers chiffres" in page
    assert "Le délai de relecture va de 7 jours à 3 ans." in page

    created = await post_form(
        client,
        "/bibliotheque/nouveau",
        {"title": "Nos moyens", "body": "Deux camions.", "themes": "moyens_materiels"},
    )
    assert "Passage ajouté à la bibliothèque." in text(created)


@pytest.fixture
async def world(make_account: Any, make_organisation: Any) -> Any:
    return await make_world(make_account, make_organisation)


async def test_a_copied_passage_shows_when_its_source_changed(
    world: Any, client: Any, make_account: Any
) -> None:
    from tenders.consortia import sections
    from tenders.library import service

    coordinator = as_actor(world.coordinator)
    passage = await _passage(coordinator, "Accompagnement socioprofessionnel", INSERTION)
    await login(client, world.lead.email)  # Poinfor writes « Moyens humains »
    part = await sections.get_section(coordinator, world.consortium_id, world.section_id)

    response = await post_form(
        client,
        f"/groupements/{world.consortium_id}/parties/{world.section_id}/inserer",
        {"passage_id": str(passage.id), "base_version": str(part.section.version)},
    )
    page = text(response)
    assert "Passage copié à la fin du texte" in page
    assert INSERTION in page and "à jour avec sa source" in page

    await service.update(
        coordinator,
        passage.id,
        service.PassageIn(title=passage.title, body=INSERTION + " Nouveau : 450 heures."),
    )
    page = text(await client.get(f"/groupements/{world.consortium_id}/parties/{world.section_id}"))
    assert "la source a changé depuis</strong> (version 2)" in page
    sources = await api(
        client, "GET", f"/api/consortia/{world.consortium_id}/sections/{world.section_id}/sources"
    )
    assert [(s["copied_version"], s["current_version"], s["changed"]) for s in sources.json()] == [
        (1, 2, True)
    ]
    # The copy is the text as it was: the part's text did not change by itself.
    after = await sections.get_section(coordinator, world.consortium_id, world.section_id)
    assert "450 heures" not in after.section.body


async def test_a_private_passage_cannot_be_copied_by_another_structure(
    world: Any, client: Any, make_account: Any
) -> None:
    outsider = await make_account("member")
    private = await _passage(as_actor(outsider), "Texte privé", "Secret.")
    await login(client, world.lead.email)

    response = await api(
        client,
        "POST",
        f"/api/consortia/{world.consortium_id}/sections/{world.section_id}/insert",
        {"passage_id": private.id, "base_version": 0},
    )

    assert response.status_code == 404


def test_review_delays_are_days() -> None:
    from tenders.library.service import freshness

    today = date(2027, 3, 1)
    assert freshness(today - timedelta(days=364), 365, today) == "a_jour"
    assert freshness(today - timedelta(days=365), 365, today) == "a_revoir"
