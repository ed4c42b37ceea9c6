"""Pages: « Mes échéances », reminder choices and calendar feed, reminders sent; .ics files."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.reminders import service
from tenders.reminders.calendar import build_calendar
from tenders.reminders.deadlines import deadlines_for, tender_deadlines, upcoming
from tenders.reminders.rules import RULES
from tenders.settings import Settings
from tenders.storage import safe_filename
from tenders.web.forms import first, multi_form, strings
from tenders.web.rendering import page, redirect

ICS_TYPE = "text/calendar; charset=utf-8"


def ics_response(data: bytes, filename: str) -> Response[bytes]:
    return Response(
        data,
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
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        now = utcnow()
        soon, late = upcoming(await deadlines_for(user), now)
        return page(
            request,
            "reminders/deadlines.html",
            soon=soon,
            late=late,
            planned=await service.planned_count(user),
            now=now,
        )

    @get("/mes-echeances.ics")
    async def mine(
        self, user: NamedDependency[CurrentUser], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        data = build_calendar(
            "Mes échéances Cordée", await deadlines_for(user), settings.base_url, utcnow()
        )
        return ics_response(data, "mes-echeances.ics")

    @get("/consultations/{tender_id:int}/calendrier.ics")
    async def tender(
        self,
        tender_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        title, found = await tender_deadlines(user, tender_id)
        data = build_calendar(f"Cordée — {title}", found, settings.base_url, utcnow())
        return ics_response(data, safe_filename(f"echeances-{title}"[:60], "ics"))


class CalendarFeed(Controller):
    """The private feed a calendar application subscribes to: the secret is in the address."""

    path = "/calendrier"
    include_in_schema = False

    @get("/{token:str}", opt={"public": True})
    async def feed(
        self, token: FromPath[str], settings: NamedDependency[Settings]
    ) -> Response[bytes]:
        owner = await service.calendar_owner(token.removesuffix(".ics"))
        data = build_calendar(
            "Mes échéances Cordée", await deadlines_for(owner), settings.base_url, utcnow()
        )
        return ics_response(data, "cordee.ics")


class ReminderPages(Controller):
    path = "/compte/rappels"
    include_in_schema = False

    async def _page(
        self, request: Request[Any, Any, Any], user: CurrentUser, feed_url: str = ""
    ) -> Template:
        return page(
            request,
            "reminders/preferences.html",
            preferences=await service.get_preferences(user),
            feed_url=feed_url,
        )

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        return await self._page(request, user)

    @post("/")
    async def save(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Redirect:
        form = await multi_form(request)
        wanted = set(strings(form, "rule"))
        muted = [key for key in RULES if key not in wanted]
        await service.set_preferences(
            user,
            service.PreferencesIn(digest=first(form, "mode") == "digest", muted=muted),
        )
        return redirect("/compte/rappels", "Vos choix de rappels sont enregistrés.")

    @post("/calendrier")
    async def new_feed(
        self,
        request: Request[Any, Any, Any],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> Template:
        token = await service.new_calendar_token(user)
        return await self._page(request, user, f"{settings.base_url}/calendrier/{token}.ics")

    @post("/calendrier/revoquer")
    async def revoke(self, user: NamedDependency[CurrentUser]) -> Redirect:
        await service.revoke_calendar(user)
        return redirect("/compte/rappels", "L'adresse de votre calendrier ne fonctionne plus.")


class SentReminderPages(Controller):
    path = "/rappels"
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        return page(request, "reminders/sent.html", sent=await service.sent_reminders(user))
