"""Pages: « Mes échéances », reminder choices and calendar feed, reminders sent; .ics files."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.reminders import service
from tenders.reminders.calendar import build_calendar
from tenders.reminders.deadlines import Deadline, deadlines_for, tender_deadlines, upcoming
from tenders.reminders.rules import RULES
from tenders.settings import Settings
from tenders.storage import safe_filename
from tenders.watch import alerts as watch_alerts
from tenders.web import rendering
from tenders.web.deps import AppSettings, LoggedIn, PageNumber, Req
from tenders.web.forms import first, multi_form, strings
from tenders.web.paging import paging
from tenders.web.rendering import page, redirect

# Litestar adds « ; charset=utf-8 » to a text type.
ICS_TYPE = "text/calendar"
MY_DEADLINES = "Mes échéances Cordée"


def calendar(
    title: str, deadlines: list[Deadline], settings: Settings, filename: str
) -> Response[bytes]:
    """The deadlines as an iCalendar file to download, never kept by a cache."""
    return Response(
        build_calendar(title, deadlines, settings.base_url, utcnow()),
        media_type=ICS_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


class DeadlinePages(Controller):
    path = "/echeances"
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, user: LoggedIn, page: PageNumber = 1) -> Template:
        now = utcnow()
        soon, late = upcoming(await deadlines_for(user), now)
        shown = paging(len(soon), page)
        return rendering.page(
            request,
            "reminders/deadlines.html",
            soon=shown.of(soon),
            paging=shown,
            late=late,
            planned=await service.planned_count(user),
            now=now,
        )

    @get("/mes-echeances.ics")
    async def mine(self, user: LoggedIn, settings: AppSettings) -> Response[bytes]:
        return calendar(MY_DEADLINES, await deadlines_for(user), settings, "mes-echeances.ics")

    @get("/consultations/{tender_id:int}/calendrier.ics")
    async def tender(
        self, tender_id: FromPath[int], user: LoggedIn, settings: AppSettings
    ) -> Response[bytes]:
        title, found = await tender_deadlines(user, tender_id)
        filename = safe_filename(f"echeances-{title}"[:60], "ics")
        return calendar(f"Cordée — {title}", found, settings, filename)


class CalendarFeed(Controller):
    """The private feed a calendar application subscribes to: the secret is in the address."""

    path = "/calendrier"
    include_in_schema = False

    @get("/{token:str}", opt={"public": True})
    async def feed(self, token: FromPath[str], settings: AppSettings) -> Response[bytes]:
        owner = await service.calendar_owner(token.removesuffix(".ics"))
        return calendar(MY_DEADLINES, await deadlines_for(owner), settings, "cordee.ics")


class ReminderPages(Controller):
    path = "/compte/rappels"
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, user: LoggedIn) -> Template:
        return await _preferences_page(request, user)

    @post("/")
    async def save(self, request: Req, user: LoggedIn) -> Redirect:
        form = await multi_form(request)
        wanted = set(strings(form, "rule"))
        muted = [key for key in RULES if key not in wanted]
        await service.set_preferences(
            user,
            service.PreferencesIn(digest=first(form, "mode") == "digest", muted=muted),
        )
        return redirect("/compte/rappels", "Vos choix de rappels sont enregistrés.")

    @post("/calendrier")
    async def new_feed(self, request: Req, user: LoggedIn, settings: AppSettings) -> Template:
        token = await service.new_calendar_token(user)
        return await _preferences_page(request, user, f"{settings.base_url}/calendrier/{token}.ics")

    @post("/calendrier/revoquer")
    async def revoke(self, user: LoggedIn) -> Redirect:
        await service.revoke_calendar(user)
        return redirect("/compte/rappels", "L'adresse de votre calendrier ne fonctionne plus.")


async def _preferences_page(request: Req, user: CurrentUser, feed_url: str = "") -> Template:
    director = user.role == "member" and user.organisation_id is not None
    return page(
        request,
        "reminders/preferences.html",
        preferences=await service.get_preferences(user),
        feed_url=feed_url,
        # The watch's « une consultation correspond à votre structure » mails, a director's.
        watch_alerts=await watch_alerts.get_alerts(user) if director else None,
    )


class SentReminderPages(Controller):
    path = "/rappels"
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, user: LoggedIn, page: PageNumber = 1) -> Template:
        shown = paging(await service.count_sent(user), page)
        sent = await service.sent_reminders(user, shown.per_page, shown.offset)
        return rendering.page(request, "reminders/sent.html", sent=sent, paging=shown)
