"""What the watch tells people: each notice ranked with the collective's matching, the « Veille »
page with what is new since the last visit, « à qualifier » and « écarter », the coordination's
daily mail and the directors' alerts, received by a real SMTP server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.builders import make_tender
from tests.support import Account, api, as_actor, login, post_form, text, text_part

CLEANING = "90910000"
PARIS_DEADLINE = datetime.fromisoformat("2027-01-15T12:00:00+01:00")


@dataclass
class Collective:
    coordinator: Account
    fits: int  # a structure doing the very trade, in the Nord
    near: int  # a structure of the same CPV division only, elsewhere
    fits_name: str
    near_name: str


async def _capability(actor: Any, org: int, code: str, departement: str) -> None:
    from tenders.members import capabilities
    from tenders.members.schemas import CapabilityIn

    data = CapabilityIn(
        title="Savoir-faire", kind="services", cpv_codes=[code], departements=[departement]
    )
    await capabilities.add_capability(actor, org, data)


async def _collective(make_account: Any, make_organisation: Any) -> Collective:
    coordinator = await make_account("coordinator")
    fits = await make_organisation("Net'Nord")
    near = await make_organisation("Azur Services")
    actor = as_actor(coordinator)
    await _capability(actor, fits, CLEANING, "59")
    await _capability(actor, near, "90500000", "06")
    return Collective(coordinator, fits, near, "Net'Nord", "Azur Services")


async def _watched(
    actor: Any,
    title: str,
    *,
    found_at: datetime,
    cpv: str = CLEANING,
    keywords: tuple[str, ...] = (),
    changes: tuple[str, ...] = (),
) -> int:
    """A tender the watch brought (as the intake leaves it), with its BOAMP notice."""
    from tenders.watch.tables import WatchedTender, WatchNotice

    tender = await make_tender(
        actor,
        title,
        cpv=cpv,
        buyer_name="Ville de Lille",
        departements=["59"],
        offers_deadline=PARIS_DEADLINE,
    )
    await WatchedTender.insert(
        WatchedTender(
            tender=tender.id, found_at=found_at, keywords=list(keywords), changes=list(changes)
        )
    )
    await WatchNotice.insert(
        WatchNotice(
            key=f"boamp:26-{tender.id}",
            source="boamp",
            notice_id=f"26-{tender.id}",
            tender=tender.id,
            url=f"https://www.boamp.fr/pages/avis/?q=idweb:26-{tender.id}",
            seen_at=found_at,
        )
    )
    return int(tender.id)


async def _ranked(actor: Any, title: str, **options: Any) -> int:
    from tenders.watch.ranking import rank_tenders

    tender_id = await _watched(actor, title, **options)
    await rank_tenders([tender_id])
    return tender_id


async def _row(tender_id: int) -> dict[str, Any]:
    from tenders.watch.tables import WatchedTender

    rows = await (
        WatchedTender.select().where(WatchedTender.tender == tender_id).output(load_json=True)
    )
    return dict(rows[0])


def _now() -> datetime:
    from tenders.clock import utcnow

    return utcnow()


async def test_each_watched_tender_is_ranked_as_its_matching_page_ranks_it(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia.matching import match_tender
    from tenders.watch.ranking import rank_tenders

    team = await _collective(make_account, make_organisation)
    actor = as_actor(team.coordinator)
    cleaning = await _watched(actor, "Nettoyage des écoles", found_at=_now())
    nearby = await _watched(actor, "Propreté urbaine", found_at=_now(), cpv="90500000")
    by_hand = await make_tender(actor, "Saisie à la main")
    await rank_tenders([cleaning, nearby, by_hand.id, 999_999])

    row = await _row(cleaning)
    _, rankings, _, _ = await match_tender(cleaning)
    page_best = rankings["1"][0]
    assert row["score"] == page_best.score and row["ranked_at"] is not None
    assert [m["name"] for m in row["matches"]] == [team.fits_name, team.near_name]
    best = row["matches"][0]
    assert best["organisation_id"] == team.fits and best["lots"] == ["1"]
    assert best["score"] == page_best.score > row["matches"][1]["score"]
    assert any(r.startswith("Savoir-faire au même code CPV") for r in best["reasons"])
    assert (await _row(nearby))["matches"][0]["name"] == team.near_name
    from tenders.watch.tables import WatchedTender

    assert not await WatchedTender.exists().where(WatchedTender.tender == by_hand.id)


async def test_the_page_lists_what_is_new_since_the_last_visit_with_scores_and_reasons(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    team = await _collective(make_account, make_organisation)
    actor = as_actor(team.coordinator)
    await login(client, team.coordinator.email)
    empty = await client.get("/veille")
    assert empty.status_code == 200
    assert "Aucun avis en veille" in text(empty) and 'href="/veille/passages"' in empty.text

    older = await _ranked(
        actor, "Propreté urbaine", found_at=_now() - timedelta(days=2), cpv="90500000"
    )
    newer = await _ranked(
        actor,
        "Nettoyage des écoles",
        found_at=_now(),
        keywords=("nettoyage",),
        changes=("Remise des offres : 8 janvier 2027 → 15 janvier 2027 à 12 h 00",),
    )
    page = text(await client.get("/veille"))
    assert "1 nouvel avis depuis votre dernière visite le " in page  # found before: not new
    assert page.count("Nouveau</span>") == 1
    assert page.index("Nouveau") < page.index("Nettoyage des écoles") < page.index("Propreté")
    assert f'href="/consultations/{newer}"' in page
    assert "Ville de Lille" in page and "15 janvier 2027 à 12 h 00" in page
    assert f"{team.fits_name} — " in page and "Savoir-faire au même code CPV" in page
    assert "Remise des offres : 8 janvier 2027 → 15 janvier 2027 à 12 h 00" in page
    assert f"https://www.boamp.fr/pages/avis/?q=idweb:26-{newer}" in page
    assert "Aucun nouvel avis depuis votre dernière visite" in text(await client.get("/veille"))

    latest = await _ranked(actor, "Vitrerie des mairies", found_at=_now())
    again = text(await client.get("/veille"))
    assert "1 nouvel avis depuis votre dernière visite le " in again
    assert again.count("Nouveau</span>") == 1
    assert again.index("Nouveau") < again.index("Vitrerie des mairies") < again.index("Nettoyage")
    only_new = text(await client.get("/veille?nouveaux=1&depuis=tout"))
    assert "Vitrerie des mairies" in only_new and "Propreté urbaine" in only_new
    score = (await _row(newer))["score"]
    best_only = text(await client.get(f"/veille?score_min={score}"))
    assert "Nettoyage des écoles" in best_only and "Propreté urbaine" not in best_only
    refused = await client.get("/veille?score_min=deux")
    assert refused.status_code == 422 and "score minimum entre 0 et 100" in text(refused)
    listed = (await client.get("/api/watch/notices")).json()
    assert [i["tender_id"] for i in listed["items"]][-1] == older
    assert listed["new_count"] == 0 and listed["items"][0]["tender_id"] == latest


async def test_qualify_and_dismiss_in_one_click_or_refused_saying_why(
    client: Any, make_account: Any, make_organisation: Any, log_in_as: Any
) -> None:
    from tenders.audit.tables import AuditEvent
    from tenders.procurement.tables import StatusChange, Tender

    team = await _collective(make_account, make_organisation)
    actor = as_actor(team.coordinator)
    kept = await _ranked(actor, "Nettoyage des écoles", found_at=_now())
    dropped = await _ranked(actor, "Gardiennage", found_at=_now())
    by_page = await _ranked(actor, "Vitrerie", found_at=_now())
    await log_in_as("member")
    for path, body in (("qualify", None), ("dismiss", {"reason": "Trop loin"})):
        denied = await api(client, "POST", f"/api/watch/notices/{kept}/{path}", body)
        assert denied.status_code == 403
    assert (await client.get("/api/watch/notices")).status_code == 403
    assert (await client.get("/veille")).status_code == 403

    await login(client, team.coordinator.email)
    qualified = await api(client, "POST", f"/api/watch/notices/{kept}/qualify")
    assert qualified.status_code == 200 and qualified.json()["status"] == "a_qualifier"
    twice = await api(client, "POST", f"/api/watch/notices/{kept}/qualify")
    assert twice.status_code == 409 and "« À qualifier »" in twice.json()["detail"]
    empty = await api(client, "POST", f"/api/watch/notices/{dropped}/dismiss", {"reason": " "})
    assert empty.status_code == 422
    assert [e["field"] for e in empty.json()["errors"]] == ["reason"]
    gone = await api(
        client, "POST", f"/api/watch/notices/{dropped}/dismiss", {"reason": "Hors de nos métiers"}
    )
    assert gone.status_code == 200 and gone.json()["status"] == "no_go"
    late = await api(client, "POST", f"/api/watch/notices/{kept}/dismiss", {"reason": "Non"})
    assert late.status_code == 409
    assert (await api(client, "POST", "/api/watch/notices/999999/qualify")).status_code == 404

    row = await _row(dropped)
    assert row["dismissed_at"] and row["dismissed_by"] == team.coordinator.id
    assert row["dismiss_reason"] == "Hors de nos métiers"
    history = await StatusChange.select().where(StatusChange.tender == dropped)
    assert [(h["to_status"], h["reason"]) for h in history] == [
        ("no_go", "Écarté de la veille : Hors de nos métiers")
    ]
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "watch.dismissed") & (AuditEvent.object_id == str(dropped))
    )

    refused = await post_form(client, f"/veille/{by_page}/ecarter", {"reason": ""})
    assert refused.status_code == 422
    assert "pourquoi cet avis est écarté" in text(refused)
    sent = await post_form(client, f"/veille/{by_page}/qualifier", {})
    assert sent.status_code == 200 and "Avis passé « À qualifier »" in text(sent)
    moved = await post_form(client, f"/veille/{by_page}/ecarter", {"reason": "Trop tard"})
    assert moved.status_code == 409
    assert "Cet avis n'est plus en veille : la consultation est « À qualifier »" in text(moved)
    statuses = await Tender.select(Tender.id, Tender.status).where(
        Tender.id.is_in([kept, dropped, by_page])
    )
    assert {s["id"]: s["status"] for s in statuses} == {
        kept: "a_qualifier",
        dropped: "no_go",
        by_page: "a_qualifier",
    }
    assert "Aucun avis en veille" in text(await client.get("/veille"))


async def _deliver(mail_ids: list[int], settings: Any) -> None:
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer

    for mail_id in mail_ids:
        await mail.deliver(mail_id, SMTPMailer(settings), settings)


async def test_the_daily_mail_lists_the_new_notices_best_first_once(
    make_account: Any, make_organisation: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.reminders import service as reminders
    from tenders.reminders.rules import RULES
    from tenders.watch.digest import send_digest
    from tenders.watch.news import dismiss

    team = await _collective(make_account, make_organisation)
    actor = as_actor(team.coordinator)
    silent = await make_account("admin")
    everything = [key for key, rule in RULES.items() if not rule.legal]
    await reminders.set_preferences(as_actor(silent), reminders.PreferencesIn(muted=everything))
    await make_account("member")
    await _ranked(actor, "Propreté urbaine", found_at=_now(), cpv="90500000")
    await _ranked(actor, "Nettoyage des écoles", found_at=_now() - timedelta(hours=1))
    dropped = await _ranked(actor, "Gardiennage", found_at=_now())
    await dismiss(actor, dropped, "Hors de nos métiers")

    written = await send_digest(settings)
    assert len(written) == 1
    await _deliver(written, settings)
    [mail] = mailbox.wait_for(team.coordinator.email)
    assert mail["Subject"] == "Veille : 2 nouveaux avis pour le collectif"
    body = text_part(mail)
    assert body.index("Nettoyage des écoles") < body.index("Propreté urbaine")
    assert "Gardiennage" not in body
    assert "Date limite : 15 janvier 2027 à 12 h 00" in body
    assert f"{team.fits_name} (" in body and f"{settings.base_url}/consultations/" in body
    assert len(mailbox.messages) == 1  # the admin who muted everything, the member: nothing

    assert await send_digest(settings) == []
    await _ranked(actor, "Vitrerie des mairies", found_at=_now())
    [one] = await send_digest(settings)
    await _deliver([one], settings)
    told = mailbox.wait_for(team.coordinator.email, count=2)
    assert told[1]["Subject"] == "Veille : 1 nouvel avis pour le collectif"
    assert "Vitrerie des mairies" in text_part(told[1])
    assert "Nettoyage des écoles" not in text_part(told[1])


async def test_a_director_who_asked_is_told_of_their_structure_only_once(
    client: Any, make_account: Any, make_organisation: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.watch.alerts import alert_directors

    team = await _collective(make_account, make_organisation)
    actor = as_actor(team.coordinator)
    director = await make_account("member", organisation_id=team.fits)
    silent = await make_account("member", organisation_id=team.fits)
    distant = await make_account("member", organisation_id=team.near)
    await login(client, team.coordinator.email)
    refused = await api(client, "PUT", "/api/watch/alerts", {"enabled": True})
    assert refused.status_code == 403
    await login(client, director.email)
    page = await post_form(client, "/veille/alertes", {"enabled": "1"})
    assert page.status_code == 200 and "Vous serez prévenu·e par e-mail" in text(page)
    assert (await client.get("/api/watch/alerts")).json()["enabled"] is True
    await login(client, distant.email)
    assert (await api(client, "PUT", "/api/watch/alerts", {"enabled": True})).status_code == 200

    tender = await _ranked(actor, "Nettoyage des écoles", found_at=_now())
    near_score = next(
        m["score"] for m in (await _row(tender))["matches"] if m["name"] == team.near_name
    )
    assert near_score < 50  # Azur Services is ranked, but too far from the lot to be told
    written = await alert_directors([tender], settings)
    assert len(written) == 1
    await _deliver(written, settings)
    [mail] = mailbox.wait_for(director.email)
    assert mail["Subject"] == "Une consultation correspond à votre structure : Nettoyage des écoles"
    body = text_part(mail)
    assert f"correspond à {team.fits_name}" in body
    assert "Savoir-faire au même code CPV" in body
    assert "Date limite de remise des offres : 15 janvier 2027 à 12 h 00" in body
    assert f"https://www.boamp.fr/pages/avis/?q=idweb:26-{tender}" in body
    assert team.near_name not in body and f"{near_score}/100" not in body
    assert mailbox.to(silent.email) == [] and mailbox.to(distant.email) == []

    assert await alert_directors([tender], settings) == []
    await login(client, director.email)
    off = await post_form(client, "/veille/alertes", {"enabled": "0"})
    assert off.status_code == 200 and "plus d'alertes" in text(off)
    other = await _ranked(actor, "Vitrerie des écoles", found_at=_now())
    assert await alert_directors([other], settings) == []


@pytest.mark.worker
async def test_the_morning_digest_job_is_sent_by_a_real_worker(
    celery_worker: Any, settings: Any, mailbox: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.jobs import WATCH_DIGEST, CeleryJobQueue

    team = await _collective(make_account, make_organisation)
    await _ranked(as_actor(team.coordinator), "Nettoyage des écoles", found_at=_now())
    await CeleryJobQueue(settings).enqueue(WATCH_DIGEST)  # as the beat does at 7:40
    [mail] = await mailbox.await_for(team.coordinator.email)
    assert mail["Subject"] == "Veille : 1 nouvel avis pour le collectif"
    assert "Nettoyage des écoles" in text_part(mail)


async def test_fifty_notices_a_page_and_the_next_pages_keep_what_was_new(
    client: Any, make_account: Any
) -> None:
    from tenders.watch.tables import WatchedTender

    coordinator = await log_in_coordinator(client, make_account)
    actor = as_actor(coordinator)
    for n in range(51):
        tender = await make_tender(actor, f"Avis n° {n:02d}")
        found = _now() - timedelta(days=n)  # n° 00 the newest
        await WatchedTender.insert(WatchedTender(tender=tender.id, found_at=found, score=0))
    first = text(await client.get("/veille"))
    assert "51 nouveaux avis : c'est votre première visite de la veille." in first
    assert "Page 1 sur 2 (51 avis)" in first
    assert "Avis n° 49" in first and "Avis n° 50" not in first
    assert "page_number=2" in first and "depuis=tout" in first
    second = text(await client.get("/veille?depuis=tout&page_number=2"))
    assert "Avis n° 50" in second and second.count("Nouveau</span>") == 1
    assert "Aucun nouvel avis depuis votre dernière visite" in text(await client.get("/veille"))


async def log_in_coordinator(client: Any, make_account: Any) -> Account:
    coordinator: Account = await make_account("coordinator")
    await login(client, coordinator.email)
    return coordinator
