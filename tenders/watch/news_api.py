"""JSON API of the notices the watch brought: list, qualify, dismiss; directors' alerts.

The list is the « Veille » page's; reading it through the API does not record a visit (a
script polling the list leaves the person's « nouveaux » as they were): ``since`` says from
when a notice counts as new, by default the person's last visit on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from tenders.watch import alerts, news
from tenders.watch.news_schemas import (
    AlertsIn,
    AlertsOut,
    DismissIn,
    WatchDecisionOut,
    WatchNewsPage,
)
from tenders.web.deps import LoggedIn, PageNumber


class WatchNewsApi(Controller):
    path = "/api/watch"
    tags = ["Veille"]

    @get("/notices", summary="Les avis de la veille encore « en veille », nouveaux d'abord")
    async def list_watch_notices(
        self,
        user: LoggedIn,
        only_new: FromQuery[bool] = False,
        min_score: Annotated[int | None, QueryParameter(ge=0, le=100)] = None,
        page: PageNumber = 1,
        since: FromQuery[datetime | None] = None,
    ) -> WatchNewsPage:
        return await news.list_news(
            user, only_new=only_new, min_score=min_score, page=page, since=since
        )

    @post(
        "/notices/{tender_id:int}/qualify",
        summary="Passer un avis de la veille « À qualifier »",
        status_code=200,
    )
    async def qualify_watch_notice(
        self, user: LoggedIn, tender_id: FromPath[int]
    ) -> WatchDecisionOut:
        return await news.qualify(user, tender_id)

    @post(
        "/notices/{tender_id:int}/dismiss",
        summary="Écarter un avis de la veille, avec la raison (il ne reviendra plus)",
        status_code=200,
    )
    async def dismiss_watch_notice(
        self, user: LoggedIn, tender_id: FromPath[int], data: JSONBody[DismissIn]
    ) -> WatchDecisionOut:
        return await news.dismiss(user, tender_id, data.reason)

    @get("/alerts", summary="Mes alertes de la veille (directeur·rice de structure)")
    async def get_watch_alerts(self, user: LoggedIn) -> AlertsOut:
        return await alerts.get_alerts(user)

    @put(
        "/alerts",
        summary="Être prévenu·e quand une consultation correspond à ma structure (ou plus)",
    )
    async def set_watch_alerts(self, user: LoggedIn, data: JSONBody[AlertsIn]) -> AlertsOut:
        return await alerts.set_alerts(user, data.enabled)
