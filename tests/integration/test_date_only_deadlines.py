"""A tender whose deadlines are known by their date only (a BOAMP notice's
« …T00:00:00+00:00 ») is shown by its date and « heure à vérifier » wherever its deadlines
appear — consortium pages and API, the invitation mail, « Mes échéances » and its API, the
calendars — and never at an hour nobody gave (9:00 is only how it is stored)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from icalendar import Calendar

from tests.support import api, login, post_form, propose_consortium, text, text_part

OFFERS_DAY = date(2031, 5, 14)
QUESTIONS_DAY = date(2031, 5, 7)
# An hour written after the date: « 14 mai 2031 à 9 h 00 », whatever the hour.
AT_AN_HOUR = re.compile(r"(14|7) mai 2031 à \d+ h")


async def _setup(client: Any, make_account: Any, make_organisation: Any) -> dict[str, Any]:
    ids = {name: await make_organisation(name) for name in ("Alpha", "Bêta")}
    coordinator = await make_account("coordinator")
    await login(client, coordinator.email)
    created = await api(
        client,
        "POST",
        "/api/tenders",
        {
            "title": "Entretien des berges",
            "offers_deadline": "2031-05-14T00:00:00+00:00",
            "offers_time_unknown": True,
            "questions_deadline": "2031-05-07T00:00:00+00:00",
            "questions_time_unknown": True,
            "lots": [{"key": "1", "title": "Berges", "cpv_codes": ["77310000"]}],
        },
    )
    assert created.status_code == 201, created.text
    tender = created.json()
    assert tender["offers_time_unknown"] and tender["questions_time_unknown"]
    from tenders.procurement.tables import Tender

    await Tender.update({Tender.status: "go"}).where(Tender.id == tender["id"])
    lots_of = {ids["Alpha"]: ["1"], ids["Bêta"]: ["1"]}
    consortium = await propose_consortium(client, tender["id"], lots_of)
    assert consortium.status_code == 201, consortium.text
    director = await make_account(
        "member", organisation_id=ids["Bêta"], email="direction@beta.example"
    )
    return {
        "ids": ids,
        "tender": tender["id"],
        "consortium": consortium.json()["id"],
        "coordinator": coordinator,
        "director": director,
    }


def _no_hour(page: str) -> None:
    assert not AT_AN_HOUR.search(page), AT_AN_HOUR.search(page)
    assert "9 h 00" not in page


async def test_the_consortium_pages_and_api_give_the_date_and_ask_to_check_the_hour(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)

    page = text(await client.get(f"/groupements/{s['consortium']}"))
    assert "remise des offres le 14 mai 2031 (heure à vérifier)" in page
    _no_hour(page)
    listing = text(await client.get("/groupements"))
    assert "14 mai 2031 (heure à vérifier)" in listing
    _no_hour(listing)
    detail = (await client.get(f"/api/consortia/{s['consortium']}")).json()
    assert detail["offers_time_unknown"] is True

    matching = text(await client.get(f"/consultations/{s['tender']}/rapprochement"))
    assert "Attestations vérifiées au 14 mai 2031 (heure à vérifier)" in matching
    _no_hour(matching)


async def test_the_invitation_mail_gives_the_date_and_asks_to_check_the_hour(
    client: Any, make_account: Any, make_organisation: Any, deliver_mail: Any, mailbox: Any
) -> None:
    from tests.support import html_part

    s = await _setup(client, make_account, make_organisation)
    response = await post_form(
        client, f"/groupements/{s['consortium']}/invitations", {"respond_by": ""}
    )
    assert "Invitation envoyée" in text(response)
    assert "sent" in await deliver_mail()

    [mail] = mailbox.wait_for("direction@beta.example")
    body = text_part(mail)
    assert "Remise des offres : 14 mai 2031 (heure à vérifier)" in body
    _no_hour(body)
    html = html_part(mail)
    assert "14 mai 2031 (heure à vérifier)" in html
    _no_hour(html)


async def test_my_deadlines_page_and_api_give_the_date_and_ask_to_check_the_hour(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)

    page = text(await client.get("/echeances"))
    assert "14 mai 2031, heure à vérifier" in page and "7 mai 2031, heure à vérifier" in page
    _no_hour(page)

    deadlines = (await client.get("/api/deadlines")).json()
    by_kind = {d["kind"]: d for d in deadlines if d["tender_id"] == s["tender"]}
    assert by_kind["offers"]["day"] == "2031-05-14" and by_kind["offers"]["at"] is None
    assert by_kind["offers"]["time_unknown"] is True
    assert by_kind["questions"]["day"] == "2031-05-07" and by_kind["questions"]["at"] is None
    assert by_kind["questions"]["time_unknown"] is True
    # Questions a week before the offers: the soonest first, as for any deadline.
    order = [d["kind"] for d in deadlines if d["tender_id"] == s["tender"]]
    assert order.index("questions") < order.index("offers")


def _tender_events(data: bytes, tender_id: int) -> dict[str, Any]:
    calendar = Calendar.from_ical(data)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    return {kind: events[f"{kind}-{tender_id}"] for kind in ("offers", "questions")}


def _assert_all_day(event: Any, day: date) -> None:
    start, end = event["DTSTART"], event["DTEND"]
    assert not isinstance(start.dt, datetime) and start.dt == day
    assert start.params.get("VALUE") == "DATE" or b"VALUE=DATE:" in event.to_ical()
    assert not isinstance(end.dt, datetime) and (end.dt - day).days == 1
    assert "heure à vérifier" in str(event["SUMMARY"])
    assert "Heure à vérifier" in str(event["DESCRIPTION"])


async def test_a_date_only_deadline_is_an_all_day_event_in_both_calendars(
    client: Any, other_client: Any, make_account: Any, make_organisation: Any
) -> None:
    s = await _setup(client, make_account, make_organisation)

    own = await client.get(f"/echeances/consultations/{s['tender']}/calendrier.ics")
    assert own.status_code == 200
    events = _tender_events(own.content, s["tender"])
    _assert_all_day(events["offers"], OFFERS_DAY)
    _assert_all_day(events["questions"], QUESTIONS_DAY)
    assert b"DTSTART;VALUE=DATE:20310514" in own.content

    feed_page = text(await post_form(client, "/compte/rappels/calendrier", {}))
    found = re.search(r'value="http://testserver\.local(/calendrier/[^"]+\.ics)"', feed_page)
    assert found, feed_page
    feed = await other_client.get(found.group(1))  # the calendar application, no session
    assert feed.status_code == 200
    events = _tender_events(feed.content, s["tender"])
    _assert_all_day(events["offers"], OFFERS_DAY)
    _assert_all_day(events["questions"], QUESTIONS_DAY)
    # The eve's alarm rings in the morning, not at midnight.
    [alarm] = events["offers"].walk("VALARM")
    assert alarm["TRIGGER"].dt.total_seconds() == -15 * 3600
