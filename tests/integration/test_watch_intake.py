"""The watch's intake: records in, the database after. Nothing twice, nothing half-written, one
consultation per tender whatever the source, a rectificatif applied without losing the
coordination's corrections, and what the coordination dismissed or deleted never back."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from tenders.accounts.schemas import CurrentUser
from tenders.notices import read_notice
from tenders.procurement import imports, service
from tenders.procurement.tables import Tender
from tenders.reminders.planner import plan, stamp
from tenders.reminders.sweep import sweep
from tenders.reminders.tables import ScheduledReminder
from tenders.watch import boamp
from tenders.watch.intake import take_in
from tenders.watch.links import links_of, watch_of
from tenders.watch.tables import WatchedTender, WatchNotice, WatchProfile
from tests.support import text
from tests.watch_support import boamp_eforms_donnees, boamp_record, ted_notice

NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
FIRST_DEADLINE = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)  # 12 h 00 in Paris
MOVED_DEADLINE = datetime(2027, 1, 29, 11, 0, tzinfo=UTC)
DONNEES = {
    "FNSimple": {
        "initial": {
            "natureMarche": "SERVICES",
            "description": {"objetComplet": "Tonte, taille des haies et ramassage des feuilles."},
            "duree": {"nbMois": 12},
        }
    }
}


async def counts() -> dict[str, int]:
    return {
        "tenders": await Tender.count(),
        "notices": await WatchNotice.count(),
        "watched": await WatchedTender.count(),
    }


async def tender_row(tender_id: int) -> dict[str, Any]:
    rows = await Tender.select().where(Tender.id == tender_id).output(load_json=True)
    return rows[0]


async def watched_row(tender_id: int) -> dict[str, Any]:
    rows = (
        await WatchedTender.select().where(WatchedTender.tender == tender_id).output(load_json=True)
    )
    return rows[0]


async def coordinator(make_account: Any) -> CurrentUser:
    made = await make_account("coordinator")
    return CurrentUser(
        id=made.id,
        email=made.email,
        full_name="Coordination",
        role="coordinator",
        organisation_id=None,
        organisation_name=None,
    )


async def test_new_notices_become_tenders_en_veille_once() -> None:
    records = [boamp_record(n) for n in range(1, 4)]
    intake = await take_in("boamp", records, now=NOW)
    assert (intake.new, intake.known, intake.refused) == (3, 0, [])
    assert len(intake.created) == 3
    first = await tender_row(intake.created[0])
    assert first["status"] == "veille" and first["source"] == "boamp"
    assert first["source_key"] == "boamp:26-00001"
    assert first["offers_deadline"] == FIRST_DEADLINE
    watched = await watched_row(first["id"])
    assert watched["found_at"] == NOW and watched["dismissed_at"] is None
    [link] = await links_of(first["id"])
    assert (link.source, link.number, link.kind) == ("BOAMP", "26-00001", "Avis initial")
    assert link.url == records[0]["url_avis"] and str(link.published_on) == "2026-12-02"
    before = await counts()

    again = await take_in("boamp", records, now=NOW)
    assert (again.new, again.known, again.created) == (0, 3, [])
    assert await counts() == before
    assert (await tender_row(first["id"]))["updated_at"] == first["updated_at"]

    twice = await take_in("boamp", [boamp_record(7), boamp_record(7)], now=NOW)
    assert (twice.new, twice.known, twice.refused) == (1, 1, [])


async def test_a_malformed_donnees_and_an_award_are_refused_the_others_kept() -> None:
    records = [boamp_record(1), boamp_record(2), boamp_record(3, nature="attribution")]
    records[1]["donnees"] = '{"FNSimple": {"initial": '
    intake = await take_in("boamp", records, now=NOW)
    assert intake.new == 1
    assert [(r.record_id, r.reason) for r in intake.refused] == [
        ("26-00002", boamp.DONNEES_BROKEN),
        ("26-00003", "Ce fichier est un avis d'attribution, pas un avis de marché."),
    ]
    # Nothing is kept of a refused notice: fixed at the source, it comes next time.
    assert await counts() == {"tenders": 1, "notices": 1, "watched": 1}


async def test_notices_outside_the_profile_are_kept_known_without_a_tender() -> None:
    await WatchProfile.insert(
        WatchProfile(cpv_codes=["90910000"], keywords=["espaces verts"], min_days_left=10)
    )
    records = [
        boamp_record(1),  # the keyword
        boamp_record(2, objet="Nettoyage des locaux de la mairie"),
        boamp_record(3, deadline="2026-12-08T12:00:00+01:00"),
    ]
    intake = await take_in("boamp", records, now=NOW)
    assert (intake.new, intake.outside) == (1, 2)
    assert [(r.record_id, r.reason) for r in intake.outside_reasons] == [
        ("26-00002", "L'avis ne donne aucun code CPV et ne contient aucun mot-clé du profil."),
        (
            "26-00003",
            "Remise des offres le 8 décembre 2026, dans 5 jours : le profil demande au moins "
            "10 jours.",
        ),
    ]
    assert (await watched_row(intake.created[0]))["keywords"] == ["espaces verts"]
    outside = await WatchNotice.select().where(WatchNotice.tender.is_null())
    assert sorted(n["notice_id"] for n in outside) == ["26-00002", "26-00003"]

    # A TED notice whose code lies under a watched one fits, whatever its words.
    ted = ted_notice("700001-2026", "F-CLEAN", title="Nettoyage de bureaux", cpv="90911200")
    assert (await take_in("ted", [ted], now=NOW)).new == 1
    again = await take_in("boamp", records, now=NOW)
    assert (again.known, again.outside, again.new) == (3, 0, 0)


async def test_the_same_consultation_on_boamp_and_ted_is_one_tender() -> None:
    made = await take_in("boamp", [boamp_record(1, folder_id="F-77", cpv="77310000")], now=NOW)
    [tender_id] = made.created
    ted = ted_notice("123456-2026", "F-77")
    seen = await take_in("ted", [ted], now=NOW)
    assert (seen.new, seen.known, seen.updated) == (0, 1, 0)
    assert await Tender.count() == 1
    links = await links_of(tender_id)
    assert [(x.source, x.number, x.kind) for x in links] == [
        ("BOAMP", "26-00001", "Avis initial"),
        ("TED", "123456-2026", "Avis initial"),
    ]
    assert links[1].url == "https://ted.europa.eu/fr/notice/-/detail/123456-2026"

    # TED first, then BOAMP's record of the same folder.
    first = await take_in("ted", [ted_notice("200000-2026", "F-88")], now=NOW)
    then = await take_in("boamp", [boamp_record(2, folder_id="F-88")], now=NOW)
    assert (first.new, then.new, then.known) == (1, 0, 1)
    assert await Tender.count() == 2

    # A record whose folder is only inside its donnees (« cbc:ContractFolderID »).
    inside = boamp_record(3, donnees=boamp_eforms_donnees("F-99", "Propreté urbaine"))
    assert "contractfolderid" not in inside
    assert (await take_in("boamp", [inside], now=NOW)).new == 1
    assert (await take_in("ted", [ted_notice("200001-2026", "F-99")], now=NOW)).known == 1
    assert await Tender.count() == 3


async def test_a_hand_made_tender_is_found_by_its_buyer(make_account: Any) -> None:
    actor = await coordinator(make_account)
    data = imports.notice_tender(read_notice(json.dumps(boamp_record(9)).encode()))
    data.reference, data.buyer_siret = "2026-ESP-04", "21690123100003"
    made = await service.create_tender(actor, data)
    record = boamp_record(5, objet="Espaces verts", reference="2026-ESP-04", siret="21690123100003")
    same_title = boamp_record(6, objet=data.title)  # same buyer, same deadline day
    intake = await take_in("boamp", [record, same_title], now=NOW)
    assert (intake.new, intake.known) == (0, 2)
    assert [x.number for x in await links_of(made.id)] == ["26-00005", "26-00006"]

    # Its rectificatif moves its deadline; it is not new to the watch for all that.
    rectificatif = boamp_record(
        7,
        objet=data.title,
        nature="rectificatif",
        linked="26-00005",
        deadline="2027-01-29T12:00:00+01:00",
    )
    assert (await take_in("boamp", [rectificatif], now=NOW)).changed == [made.id]
    watched = await watched_row(made.id)
    assert watched["found_at"] == (await tender_row(made.id))["created_at"]
    assert watched["changed_at"] == NOW and len(watched["changes"]) == 1


async def test_a_rectificatif_moves_the_deadline_keeps_a_hand_correction_and_the_reminders(
    make_account: Any, settings: Any
) -> None:
    actor = await coordinator(make_account)
    [tender_id] = (await take_in("boamp", [boamp_record(1, donnees=DONNEES)], now=NOW)).created
    tender = await service.get_tender(tender_id)
    corrected = imports.as_tender_in(tender)
    corrected.title = "Espaces verts du secteur nord"
    await service.update_tender(actor, tender_id, corrected)
    await service.change_status(actor, tender_id, "a_qualifier")
    await plan(NOW)
    old = stamp(FIRST_DEADLINE)
    offers = ScheduledReminder.select().where(ScheduledReminder.rule == "offers")
    assert {r["occurrence"].partition("@")[2] for r in await offers} == {old}

    # An old-format rectificatif: the deadline, and the title the coordination corrected.
    rectificatif = boamp_record(
        2,
        nature="rectificatif",
        linked=["26-00001"],
        deadline="2027-01-29T12:00:00+01:00",
        donnees={"FNSimple": {"rectificatif": {"natureMarche": "SERVICES"}}},
    )
    intake = await take_in("boamp", [rectificatif], now=NOW)
    assert (intake.updated, intake.changed, intake.new) == (1, [tender_id], 0)
    after = await service.get_tender(tender_id)
    assert after.offers_deadline == MOVED_DEADLINE
    assert after.title == "Espaces verts du secteur nord"  # the hand correction kept
    assert after.description == "Tonte, taille des haies et ramassage des feuilles."
    assert after.duration_months == 12  # not stated by the rectificatif: never blanked
    assert [d.field for d in after.import_differences] == ["title"]
    watched = await watched_row(tender_id)
    assert watched["changes"] == [
        "Remise des offres : 15 janvier 2027 à 12 h 00 → 29 janvier 2027 à 12 h 00"
    ]
    assert watched["changed_at"] == NOW
    shown = await watch_of(tender_id)
    assert [x.kind for x in shown.links] == ["Avis initial", "Rectificatif"]

    # The reminders follow the new deadline; the old one, when due, is not sent.
    about = {r["occurrence"].partition("@")[2] for r in await offers}
    assert about == {old, stamp(MOVED_DEADLINE)}
    mails = await sweep(settings, datetime(2027, 1, 8, 9, 0, tzinfo=UTC))
    assert mails == []
    stale = await ScheduledReminder.select().where(ScheduledReminder.occurrence == f"J-7@{old}")
    assert [(r["status"], r["reason_code"]) for r in stale] == [("skipped", "deadline_changed")]

    # The same rectificatif again changes nothing.
    assert (await take_in("boamp", [rectificatif], now=NOW)).known == 1


async def test_an_eforms_change_notice_updates_its_tender() -> None:
    made = await take_in("ted", [ted_notice("300001-2026", "F-9")], now=NOW)
    [tender_id] = made.created
    change = ted_notice(
        "300002-2026", "F-9", version="02", deadline=MOVED_DEADLINE, title="Espaces verts 2027"
    )
    intake = await take_in("ted", [change], now=NOW)
    assert (intake.updated, intake.changed) == (1, [tender_id])
    changes = (await watched_row(tender_id))["changes"]
    assert "Objet : Entretien des espaces verts → Espaces verts 2027" in changes
    assert "Remise des offres : 15 janvier 2027 à 12 h 00 → 29 janvier 2027 à 12 h 00" in changes
    assert (await tender_row(tender_id))["offers_deadline"] == MOVED_DEADLINE

    # A change notice of a consultation first read on BOAMP leaves its lots as they are.
    boamp_first = boamp_record(1, folder_id="F-10", objet="Entretien des espaces verts")
    [other_id] = (await take_in("boamp", [boamp_first], now=NOW)).created
    lots = [lot.key for lot in (await service.get_tender(other_id)).lots]
    moved = ted_notice("300003-2026", "F-10", version="02", deadline=MOVED_DEADLINE)
    assert (await take_in("ted", [moved], now=NOW)).changed == [other_id]
    changes = (await watched_row(other_id))["changes"]
    assert "Remise des offres : 15 janvier 2027 à 12 h 00 → 29 janvier 2027 à 12 h 00" in changes
    assert not [line for line in changes if line.startswith("Lot ")]
    assert [lot.key for lot in (await service.get_tender(other_id)).lots] == lots


async def test_a_dismissed_consultation_never_comes_back() -> None:
    first = boamp_record(1, folder_id="F-DIS")
    [tender_id] = (await take_in("boamp", [first], now=NOW)).created
    await WatchedTender.update(
        {WatchedTender.dismissed_at: NOW, WatchedTender.dismiss_reason: "Trop loin"}
    ).where(WatchedTender.tender == tender_id)
    await Tender.update({Tender.status: "no_go"}).where(Tender.id == tender_id)

    again = [
        boamp_record(2, nature="rectificatif", linked="26-00001", deadline="2027-02-01"),
        boamp_record(3, folder_id="F-DIS"),  # published again
    ]
    intake = await take_in("boamp", again, now=NOW)
    ted = await take_in("ted", [ted_notice("400001-2026", "F-DIS")], now=NOW)
    assert (intake.dismissed, intake.new, intake.updated, ted.dismissed) == (2, 0, 0, 1)
    assert await Tender.count() == 1
    row = await tender_row(tender_id)
    assert row["status"] == "no_go" and row["offers_deadline"] == FIRST_DEADLINE


async def test_a_deleted_tender_does_not_come_back() -> None:
    [tender_id] = (await take_in("boamp", [boamp_record(1, folder_id="F-DEL")], now=NOW)).created
    await Tender.delete().where(Tender.id == tender_id)
    later = [
        boamp_record(2, nature="rectificatif", linked=["26-00001"]),
        boamp_record(3, folder_id="F-DEL"),
    ]
    intake = await take_in("boamp", later, now=NOW)
    ted = await take_in("ted", [ted_notice("500001-2026", "F-DEL")], now=NOW)
    assert (intake.new, intake.known, ted.new, ted.known) == (0, 2, 0, 1)
    assert await Tender.count() == 0


async def test_two_intakes_at_once_create_each_tender_once() -> None:
    records = [boamp_record(n) for n in range(1, 6)]
    one, two = await asyncio.gather(
        take_in("boamp", records, now=NOW), take_in("boamp", records, now=NOW)
    )
    assert one.new + two.new == 5 and one.known + two.known == 5
    assert one.refused == two.refused == []
    assert await counts() == {"tenders": 5, "notices": 5, "watched": 5}


async def test_the_tender_page_lists_its_notices_and_what_the_rectificatif_changed(
    client: Any, log_in_as: Any
) -> None:
    [tender_id] = (await take_in("boamp", [boamp_record(1, folder_id="F-PAGE")], now=NOW)).created
    await take_in("ted", [ted_notice("600001-2026", "F-PAGE")], now=NOW)
    rectificatif = boamp_record(
        2, nature="rectificatif", linked=["26-00001"], deadline="2027-01-29T12:00:00+01:00"
    )
    await take_in("boamp", [rectificatif], now=NOW)
    await log_in_as("coordinator")
    page = text(await client.get(f"/consultations/{tender_id}"))
    assert "Avis publiés" in page
    assert 'href="https://ted.europa.eu/fr/notice/-/detail/600001-2026"' in page
    words = re.sub(r"<[^>]+>", "", page)
    assert "BOAMP n° 26-00001 : Avis initial, publié le 2 décembre 2026" in words
    assert "BOAMP n° 26-00002 : Rectificatif" in words
    assert "Ce que le rectificatif a changé" in page
    assert "Remise des offres : 15 janvier 2027 à 12 h 00 → 29 janvier 2027 à 12 h 00" in page

    # A tender the watch did not bring shows no such block.
    other = await take_in("boamp", [boamp_record(3, objet="Autre")], now=NOW)
    await WatchNotice.delete().where(WatchNotice.tender == other.created[0])
    assert "Avis publiés" not in text(await client.get(f"/consultations/{other.created[0]}"))


async def test_a_record_failing_half_way_leaves_nothing_and_stops_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = imports.import_draft

    async def failing(*args: Any, **kwargs: Any) -> Any:
        made = await real(*args, **kwargs)  # the tender is written, then the fault
        if made[0].title.endswith("lot 2"):
            raise RuntimeError("disk full")
        return made

    monkeypatch.setattr(imports, "import_draft", failing)
    records = [boamp_record(n) for n in range(1, 4)]
    intake = await take_in("boamp", records, now=NOW)
    assert intake.new == 2
    assert [(r.record_id, r.reason) for r in intake.refused] == [
        (
            "26-00002",
            "L'avis n'a pas pu être enregistré (erreur interne) : il sera repris au prochain "
            "passage.",
        )
    ]
    assert await counts() == {"tenders": 2, "notices": 2, "watched": 2}

    monkeypatch.setattr(imports, "import_draft", real)
    again = await take_in("boamp", records, now=NOW)
    assert (again.new, again.known) == (1, 2)
