"""JSON API of deadlines and reminder choices."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.params import JSONBody

from tenders.reminders import service
from tenders.reminders.deadlines import Deadline, deadlines_for
from tenders.reminders.service import PreferencesIn, PreferencesOut, SentReminder
from tenders.web.deps import LoggedIn
from tenders.web.paging import API_LIMIT, Limit, Offset

PREFERENCES = "/reminder-preferences"


class ReminderApi(Controller):
    path = "/api"
    tags = ["Échéances et rappels"]

    @get("/deadlines", summary="Mes échéances, la plus proche d'abord")
    async def list_deadlines(
        self, user: LoggedIn, limit: Limit = API_LIMIT, offset: Offset = 0
    ) -> list[Deadline]:
        return (await deadlines_for(user))[offset : offset + limit]

    @get(PREFERENCES, summary="Mes choix de rappels (résumé quotidien, rappels désactivés)")
    async def get_reminder_preferences(self, user: LoggedIn) -> PreferencesOut:
        return await service.get_preferences(user)

    @put(PREFERENCES, summary="Changer mes choix de rappels")
    async def set_reminder_preferences(
        self, data: JSONBody[PreferencesIn], user: LoggedIn
    ) -> PreferencesOut:
        return await service.set_preferences(user, data)

    @get(
        "/reminders/sent",
        summary="Rappels envoyés (tous pour la coordination, les siens pour un membre)",
    )
    async def list_sent_reminders(
        self, user: LoggedIn, limit: Limit = API_LIMIT, offset: Offset = 0
    ) -> list[SentReminder]:
        return await service.sent_reminders(user, limit, offset)
