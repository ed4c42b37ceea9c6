"""JSON API of the collective's watch profile (the coordination only)."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.params import JSONBody

from tenders.watch import service
from tenders.watch.schemas import WatchProfileIn, WatchProfileOut
from tenders.web.deps import LoggedIn

PROFILE = "/profile"


class WatchApi(Controller):
    path = "/api/watch"
    tags = ["Veille"]

    @get(PROFILE, summary="Ce que le collectif surveille sur le BOAMP et TED (coordination)")
    async def get_watch_profile(self, user: LoggedIn) -> WatchProfileOut:
        return await service.get_profile(user)

    @put(PROFILE, summary="Enregistrer ce que le collectif surveille (remplace tout le profil)")
    async def update_watch_profile(
        self, data: JSONBody[WatchProfileIn], user: LoggedIn
    ) -> WatchProfileOut:
        return await service.update_profile(user, data)
