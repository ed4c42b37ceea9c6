"""The homes: a director sees what their consortia expect of them and when; the coordination
sees its to-do list; empty states show only when there is nothing to show."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.builders import compose, make_draft, make_tender, upload_paper
from tests.support import Account, as_actor, login, post_form, text

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PARIS = ZoneInfo("Europe/Paris")
DEADLINE = datetime(2031, 3, 12, 12, 0, tzinfo=PARIS)
NOTHING_TO_DO = "Rien à faire pour le moment"
NO_CONSORTIUM = "ne prépare aucune candidature en groupement"
NOTHING_TO_TREAT = "Rien à traiter pour le moment"


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end)]


async def _consortium(actor: Any, title: str, orgs: list[int], deadline: datetime) -> int:
    """A consortium of ``orgs`` (the first leads) on a tender « go » of that title, its
    members invited to answer within three days."""
    from tenders.consortia import invitations
    from tenders.jobs import RecordingJobQueue
    from tenders.settings import get_settings

    created = await make_tender(actor, title, status="go", offers_deadline=deadline)
    draft = await make_draft(actor, created.id, {org: ["1"] for org in orgs})
    await compose(actor, draft.id, orgs)
    respond_by = date.today() + timedelta(days=3)
    await invitations.invite_members(
        actor, draft.id, get_settings(), RecordingJobQueue(), respond_by
    )
    return int(draft.id)


async def _part(actor: Any, consortium_id: int, title: str, org: int) -> int:
    """A part given to ``org``, due in five days."""
    from tenders.clock import utcnow
    from tenders.consortia import sections

    meta = sections.SectionMetaIn(title=title, assignee_id=org, due_at=utcnow() + timedelta(5))
    return int((await sections.add_section(actor, consortium_id, meta)).id)


async def _paper_ending_in(actor: Any, org: int, days: int) -> date:
    """An URSSAF paper of ``org`` valid ``days`` more days; returns its last day."""
    last = date.today() + timedelta(days=days)
    await upload_paper(
        actor, org, "urssaf", PDF, issued_on=last - timedelta(days=180), valid_until=last
    )
    return last


async def test_a_director_sees_their_consortia_and_what_is_expected_of_them(
    client: Any, log_in_as: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.formatting import date_fr

    coordinator = as_actor(await make_account("coordinator"))
    director: Account = await log_in_as("member")
    org, partner = director.organisation_id, await make_organisation("Régie Partenaire")
    assert org is not None
    led = await _consortium(coordinator, "Entretien des parcs", [org, partner], DEADLINE)
    accepted = await post_form(client, f"/groupements/{led}/reponse", {"answer": "accept"})
    assert accepted.status_code == 200
    to_write = await _part(coordinator, led, "Moyens humains", org)
    for_review = await _part(coordinator, led, "Planning des tontes", org)
    await _part(coordinator, led, "Moyens matériels du partenaire", partner)
    sent = await post_form(
        client, f"/groupements/{led}/parties/{for_review}/statut", {"status": "a_relire"}
    )
    assert sent.status_code == 200
    invited = await _consortium(
        coordinator, "Nettoyage des écoles", [partner, org], DEADLINE + timedelta(days=30)
    )
    last_day = await _paper_ending_in(coordinator, org, 10)

    home = text(await client.get("/tableau-de-bord"))
    todo = _between(home, "À faire", "Vos groupements")
    assert f"/groupements/{led}/parties/{to_write}" in todo
    assert "Planning des tontes" not in todo  # sent « à relire »: nothing to write
    assert "Moyens matériels du partenaire" not in home  # the partner's part
    respond_by = date_fr(date.today() + timedelta(days=3))
    assert (
        f'<a href="/groupements/{invited}#invitation">Nettoyage des écoles</a> : rôle proposé '
        f"co-traitant — répondez avant le {respond_by}" in todo
    )
    assert (
        "Attestation de vigilance URSSAF</a> : valable jusqu'au "
        f"{date_fr(last_day)} seulement" in todo
    )
    consortia = _between(home, "Vos groupements", "Votre fiche")
    led_card = _between(consortia, "Entretien des parcs", "Nettoyage des écoles")
    assert "Votre rôle : mandataire" in led_card
    assert "Remise des offres : 12 mars 2031 à 12 h 00 (dans " in led_card
    assert "1 partie du mémoire à écrire · envoyée à la relecture : Planning des tontes" in led_card
    invited_card = consortia[consortia.index("Nettoyage des écoles") :]
    assert "Votre rôle : co-traitant (mandataire : Régie Partenaire)" in invited_card
    assert f"Invitation en attente de votre réponse, avant le {respond_by}" in invited_card
    assert "Fiche complète à" in home
    assert NOTHING_TO_DO not in home and NO_CONSORTIUM not in home
    assert "apparaîtront ici" not in home
    assert "Prix" not in home and "€" not in home


async def test_a_director_with_nothing_to_do_is_told_so(client: Any, log_in_as: Any) -> None:
    await log_in_as("member")
    home = text(await client.get("/tableau-de-bord"))
    assert NOTHING_TO_DO in home and NO_CONSORTIUM in home
    assert "Invitations à des groupements" not in home and "Attestations à renouveler" not in home


async def test_the_coordination_sees_its_to_do_list(
    client: Any,
    other_client: Any,
    log_in_as: Any,
    make_account: Any,
    make_organisation: Any,
    settings: Any,
    jobs: Any,
) -> None:
    from tenders.accounts.service import deactivate, invite
    from tenders.formatting import date_fr

    coordinator: Account = await log_in_as("coordinator")
    actor = as_actor(coordinator)
    director: Account = await log_in_as("member", on=other_client)
    org = director.organisation_id
    assert org is not None
    declining = await make_account("member")
    nobody = await make_organisation("Structure sans direction")
    closed = await make_account("member")
    await deactivate(actor, closed.id)
    await invite(
        actor,
        email="nouvelle.direction@exemple.fr",
        full_name="Nouvelle Direction",
        role="member",
        organisation_id=await make_organisation("Structure invitée"),
        settings=settings,
        jobs=jobs,
    )
    cid = await _consortium(
        actor, "Entretien des parcs", [org, declining.organisation_id, nobody], DEADLINE
    )
    await post_form(other_client, f"/groupements/{cid}/reponse", {"answer": "accept"})
    part = await _part(actor, cid, "Moyens humains", org)
    await post_form(
        other_client, f"/groupements/{cid}/parties/{part}/statut", {"status": "a_relire"}
    )
    await login(other_client, declining.email)
    declined = await post_form(
        other_client,
        f"/groupements/{cid}/reponse",
        {"answer": "decline", "comment": "Pas d'équipe disponible en mars."},
    )
    assert declined.status_code == 200
    last_day = await _paper_ending_in(actor, org, 20)

    home = text(await client.get("/tableau-de-bord"))
    todo = _between(home, "À faire", "Prochaines remises d'offres")
    review = _between(todo, "Parties à relire", "Réponses aux invitations")
    assert f'<a href="/groupements/{cid}/parties/{part}">Moyens humains</a>' in review
    answers = _between(todo, "Réponses aux invitations", "Attestations à renouveler")
    assert f'href="/groupements/{cid}#membres"' in answers
    assert "a décliné le " in answers and "« Pas d'équipe disponible en mars. »" in answers
    assert "a accepté le " in answers
    papers = _between(todo, "Attestations à renouveler", "Dossiers à compiler")
    assert f'href="/structures/{org}/attestations"' in papers
    assert f"valable jusqu'au {date_fr(last_day)} seulement — Entretien des parcs" in papers
    packages = todo[todo.index("Dossiers à compiler") :]
    assert (
        f'<a href="/groupements/{cid}#dossier">Entretien des parcs</a> : pas encore compilé'
        in packages
    )
    # Nobody directs the structure made without an account, nor the one whose director's
    # account was closed; the others have a director each, or one invited who has yet to
    # choose a password (no need to invite them again).
    assert "2 structures n'ont encore aucun compte de direction" in todo
    assert NOTHING_TO_TREAT not in home
    assert "apparaîtront ici" not in home


async def test_the_coordination_with_nothing_to_treat_is_told_so(
    client: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    home = text(await client.get("/tableau-de-bord"))
    assert NOTHING_TO_TREAT in home
    for heading in ("Parties à relire", "Réponses aux invitations", "Dossiers à compiler"):
        assert heading not in home
    assert "aucun compte de direction" not in home


async def test_a_package_is_to_compile_until_compiled_and_again_once_changed(
    client: Any, ready_bid: Any, settings: Any
) -> None:
    from tenders.consortia import workspace
    from tenders.consortia.schemas import BankIn
    from tenders.demo.bid_loader import invented_iban
    from tenders.jobs import RecordingJobQueue
    from tenders.packages import service

    bid = await ready_bid(["Poinfor", "Capep"])
    await login(client, bid.coordinator.email)
    to_compile = (
        f'<a href="/groupements/{bid.consortium_id}#dossier">Entretien des espaces verts</a> : '
    )

    async def todo() -> str:
        home = text(await client.get("/tableau-de-bord"))
        return _between(home, "À faire", "Prochaines remises d'offres")

    assert to_compile + "pas encore compilé" in await todo()
    job = await service.request_compile(bid.actor, bid.consortium_id, RecordingJobQueue())
    assert to_compile not in await todo()  # waiting for a worker: being done
    assert await service.run_job(job.id, settings) == "done"
    assert "Dossiers à compiler" not in await todo()
    org = next(iter(bid.members))
    await workspace.set_bank(bid.actor, bid.consortium_id, org, BankIn(iban=invented_iban(99)))
    assert to_compile + "modifié depuis la version 1 du " in await todo()


async def test_a_paper_ending_before_the_offers_deadline_is_to_renew(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    from tenders.clock import utcnow
    from tenders.formatting import date_fr

    coordinator: Account = await log_in_as("coordinator")
    actor = as_actor(coordinator)
    org = await make_organisation("Régie des Quartiers")
    deadline = utcnow() + timedelta(days=60)
    await _consortium(actor, "Entretien des parcs", [org], deadline)
    last_day = await _paper_ending_in(actor, org, 45)
    home = text(await client.get("/tableau-de-bord"))
    assert (
        f"Régie des Quartiers : Attestation de vigilance URSSAF</a>, valable jusqu'au "
        f"{date_fr(last_day)}, avant la remise des offres du {date_fr(deadline)} — "
        "Entretien des parcs" in home
    )


async def test_a_federation_dashboard_shows_the_first_structures_and_links_to_the_directory(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    """Seventeen structures all show on the coordination's home; a federation's thousand would
    bury it: the first ones by name, how many there are, and the directory a page at a time."""
    await log_in_as("coordinator")
    for i in range(30):
        await make_organisation(f"Structure {i:02d}")
    home = text(await client.get("/tableau-de-bord"))
    collective = home[home.index("Le collectif") :]
    assert collective.count('<li class="card">') == 24
    assert "Structure 23" in collective and "Structure 24" not in collective
    assert '<a href="/structures">Voir les 30 structures dans l\'annuaire</a>' in collective
    assert "<strong>30</strong> structures" in home
    # Every structure counts, shown or not: none has a director yet.
    assert "30 structures n'ont encore aucun compte de direction" in home


async def test_a_collective_dashboard_shows_every_structure(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    await log_in_as("coordinator")
    for i in range(3):
        await make_organisation(f"Structure {i:02d}")
    home = text(await client.get("/tableau-de-bord"))
    collective = home[home.index("Le collectif") :]
    assert collective.count('<li class="card">') == 3
    assert "dans l'annuaire" not in collective
