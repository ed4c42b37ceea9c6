"""JSON API of deadlines and reminder choices."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody

from tenders.accounts.schemas import CurrentUser
from tenders.reminders import service
from tenders.reminders.deadlines import Deadline, deadlines_for
from tenders.reminders.service import PreferencesIn, PreferencesOut, SentReminder


class ReminderApi(Controller):
    path = "/api"
    tags = ["Échéances et rappels"]

    @get(
        "/deadlines", operation_id="listDeadlines", summary="Mes échéances, la plus proche d'abord"
    )
    async def deadlines(self, user: NamedDependency[CurrentUser]) -> list[Deadline]:
        return await deadlines_for(user)

    @get(
        "/reminder-preferences",
        operation_id="getReminderPreferences",
        summary="Mes choix de rappels (résumé quotidien, rappels désactivés)",
    )
    async def preferences(self, user: NamedDependency[CurrentUser]) -> PreferencesOut:
        return await service.get_preferences(user)

    @put(
        "/reminder-preferences",
        operation_id="setReminderPreferences",
        summary="Changer mes choix de rappels",
    )
    async def set_preferences(
        self, data: JSONBody[PreferencesIn], user: NamedDependency[CurrentUser]
    ) -> PreferencesOut:
        return await service.set_preferences(user, data)

    @get(
        "/reminders/sent",
        operation_id="listSentReminders",
        summary="Rappels envoyés (tous pour la coordination, les siens pour un membre)",
    )
    async def sent(self, user: NamedDependency[CurrentUser]) -> list[SentReminder]:
        return await service.sent_reminders(user)
