"""Deadlines as an iCalendar file (a pure function), times in Europe/Paris with their
VTIMEZONE, so that calendars place them right on both sides of a change of time. A whole day
(a paper's last day, a tender's deadline whose notice gave the date only) is an all-day
event: DTSTART;VALUE=DATE, never an hour nobody gave."""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from tenders.formatting import PARIS
from tenders.reminders.deadlines import Deadline

PRODID = "-//Cordée//Échéances//FR"
HOUR_TO_CHECK = (
    "Heure à vérifier : l'avis ne donne que la date, voyez le règlement de la consultation."
)


def build_calendar(name: str, deadlines: list[Deadline], base_url: str, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    host = base_url.split("//", 1)[-1].split("/", 1)[0] or "cordee"
    for item in deadlines:
        if item.done:
            continue
        check = " (heure à vérifier)" if item.time_unknown else ""
        description = f"{item.kind_label} — {item.title}\n"
        if item.time_unknown:
            description += f"{HOUR_TO_CHECK}\n"
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", now)
        event.add("summary", f"{item.kind_label}{check} : {item.title}")
        event.add("url", base_url + item.link)
        event.add("description", description + base_url + item.link)
        if item.at is not None:
            start = item.at.astimezone(PARIS)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
        else:
            assert item.day is not None
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if item.kind in {"offers", "questions"}:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{item.kind_label} demain{check} : {item.title}")
            # The day before: at the same hour, or at 9:00 for a whole day (its start is
            # midnight, a bad time for an alarm).
            alarm.add("trigger", timedelta(days=-1) if item.at else timedelta(hours=-15))
            event.add_component(alarm)
        calendar.add_component(event)
    if any(item.at is not None and not item.done for item in deadlines):
        calendar.add_component(paris_timezone())
    return calendar.to_ical()


def paris_timezone() -> Timezone:
    """Europe/Paris as calendars read it: summer time from the last Sunday of March at 2:00
    to the last Sunday of October at 3:00 (the European rule since 1996), with no end date."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/Paris")
    for part, name, start, month, offsets in (
        (TimezoneDaylight(), "CEST", datetime(1970, 3, 29, 2, 0), 3, (1, 2)),
        (TimezoneStandard(), "CET", datetime(1970, 10, 25, 3, 0), 10, (2, 1)),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        timezone.add_component(part)
    return timezone
