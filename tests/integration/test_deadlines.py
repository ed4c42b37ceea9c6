"""« Mes échéances », the calendar feeds and the reminder choices, over HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar

from tests.integration.test_reminders import World, make_world
from tests.support import csrf, login, post_form, text


@pytest.fixture
async def world(make_account: Any, make_organisation: Any) -> World:
    """The reminders' fixed world: a tender, a consortium, a part, a paper, two directors."""
    return await make_world(make_account, make_organisation)


def _events(data: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


async def test_a_director_sees_their_deadlines_soonest_first(client: Any, world: World) -> None:
    await login(client, world.lead.email)

    page = text(await client.get("/echeances"))

    section = page.index("« Moyens humains » — Nettoyage des écoles")
    questions = page.index("Questions à l'acheteur")
    offers = page.index("Remise des offres")
    assert section < questions < offers
    assert "20 mars 2027 à 18 h 00" in page and "30 mars 2027 à 12 h 00" in page
    assert f"/echeances/consultations/{world.tender_id}/calendrier.ics" in page
    assert "Attestation de vigilance URSSAF" not in page  # Capep's paper, not Poinfor's

    await login(client, world.other.email)
    other = text(await client.get("/echeances"))
    assert "Attestation de vigilance URSSAF" in other and "25 mars 2027" in other
    assert "Moyens humains" not in other  # given to Poinfor
    assert "Compilation du dossier" not in other  # the coordination's own planning

    await login(client, world.coordinator.email)
    coordination = text(await client.get("/echeances"))
    assert "Compilation du dossier" in coordination and "Moyens humains" in coordination
    assert f'href="/consultations/{world.tender_id}"' in coordination


async def test_the_private_feed_is_parsed_back_with_paris_times_around_the_change(
    client: Any, other_client: Any, world: World
) -> None:
    await login(client, world.lead.email)

    page = text(await post_form(client, "/compte/rappels/calendrier", {}))
    url = re.search(r'value="(http://testserver\.local/calendrier/[^"]+\.ics)"', page)
    assert url, page
    path = url.group(1).removeprefix("http://testserver.local")

    feed = await other_client.get(path)  # no session: the secret is the address
    assert feed.status_code == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(feed.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    # The feed's own time zone (no English comment, no end year) places Paris times right,
    # for a calendar that reads it rather than knowing Europe/Paris.
    assert b"COMMENT" not in feed.content
    paris = calendar.walk("VTIMEZONE")[0].to_tz()
    for moment, hours in ((datetime(2027, 3, 30, 12), 2), (datetime(2051, 11, 2, 12), 1)):
        assert moment.replace(tzinfo=paris).utcoffset() == timedelta(hours=hours)
    events = _events(feed.content)
    offers = events[f"offers-{world.tender_id}"]["DTSTART"].dt
    questions = events[f"questions-{world.tender_id}"]["DTSTART"].dt
    # 12:00 in Paris on both sides of 28 March 2027: summer time, then winter time.
    assert str(offers.tzinfo) == "Europe/Paris" and (offers.hour, offers.minute) == (12, 0)
    assert offers.astimezone(UTC) == datetime(2027, 3, 30, 10, 0, tzinfo=UTC)
    assert questions.astimezone(UTC) == datetime(2027, 3, 26, 11, 0, tzinfo=UTC)
    assert str(events[f"offers-{world.tender_id}"]["SUMMARY"]).startswith("Remise des offres")
    assert events[f"section-{world.section_id}"]["DTSTART"].dt.astimezone(UTC).hour == 17

    # A new address replaces the old one; revoking stops both.
    again = text(await post_form(client, "/compte/rappels/calendrier", {}))
    assert path not in again
    assert (await other_client.get(path)).status_code == 404
    second = re.search(r'/calendrier/[^"]+\.ics', again)
    assert second and (await other_client.get(second.group(0))).status_code == 200
    await post_form(client, "/compte/rappels/calendrier/revoquer", {})
    gone = await other_client.get(second.group(0))
    assert gone.status_code == 404
    assert "son adresse a été renouvelée" in text(gone)


async def test_a_tender_calendar_is_for_those_who_follow_it(
    client: Any, other_client: Any, make_account: Any, world: World
) -> None:
    outsider = await make_account("member")
    path = f"/echeances/consultations/{world.tender_id}/calendrier.ics"
    await login(client, world.lead.email)
    await login(other_client, outsider.email)

    mine = await client.get(path)
    assert mine.status_code == 200
    assert "echeances-Nettoyage_des_ecoles.ics" in mine.headers["content-disposition"]
    assert set(_events(mine.content)) >= {
        f"offers-{world.tender_id}",
        f"questions-{world.tender_id}",
        f"section-{world.section_id}",
    }
    assert (await other_client.get(path)).status_code == 404


async def test_reminder_choices_are_saved_from_the_page(client: Any, world: World) -> None:
    from tenders.reminders import service
    from tests.support import as_actor

    await login(client, world.lead.email)
    page = text(await client.get("/compte/rappels"))
    assert "Un résumé par jour" in page and "Attestation qui arrive à échéance" in page

    response = await client.post(
        "/compte/rappels",
        data={
            "_csrf_token": await csrf(client),
            "mode": "digest",
            "rule": ["offers", "section_due", "section_overdue"],
        },
    )
    assert "Vos choix de rappels sont enregistrés." in text(response)
    saved = await service.get_preferences(as_actor(world.lead))
    assert saved.digest
    assert {r.key for r in saved.rules if r.muted} == {
        "questions",
        "invitation",
        "certificate",
        "certificate_deadline",
        "package",
        "passage_review",
        "contract_papers",
    }  # what only the coordination is told is not offered to a director
    bad = await client.put(
        "/api/reminder-preferences",
        json={"muted": ["inconnu"]},
        headers={"x-csrftoken": await csrf(client)},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "muted", "message": "Rappel inconnu : inconnu."}]


async def test_sent_reminders_are_listed_to_whom_they_concern(
    client: Any, settings: Any, world: World
) -> None:
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep
    from tests.integration.test_reminders import START, paris

    await plan(START)
    await sweep(settings, paris(2027, 3, 27, 9, 0))

    await login(client, world.lead.email)
    mine = text(await client.get("/rappels"))
    assert "Remise des offres dans 3 jours" in mine
    assert world.coordinator.email not in mine and world.lead.email in mine
    await login(client, world.coordinator.email)
    everyone = text(await client.get("/rappels"))
    assert world.lead.email in everyone and world.coordinator.email in everyone
    sent = (await client.get("/api/reminders/sent")).json()
    assert {s["recipient"] for s in sent} >= {world.lead.email, world.coordinator.email}
