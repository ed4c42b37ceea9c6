"""The page of what the collective watches (« Veille › Profil »), for the coordination."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.procurement.vocabulary import KINDS
from tenders.watch import service
from tenders.watch.schemas import WatchProfileIn
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import (
    Refused,
    first,
    flash_back,
    form_values,
    fresh,
    multi_form,
    read_form,
    show_form,
    submit,
)
from tenders.web.rendering import redirect

PROFILE = "/veille/profil"
SAVED = "Profil de veille enregistré."


async def _profile_page(request: Req, user: CurrentUser, form: Refused | None = None) -> Template:
    profile = await service.get_profile(user)
    shown = form or fresh(form_values(WatchProfileIn, profile))
    return show_form(request, "watch/profile.html", shown, profile=profile, kinds=KINDS)


class WatchPages(Controller):
    path = PROFILE
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def show(self, request: Req, user: LoggedIn) -> Template:
        return await _profile_page(request, user)

    @post("/")
    async def save(self, request: Req, user: LoggedIn) -> Template | Redirect:
        posted = await read_form(request, WatchProfileIn)
        return await posted.submit(
            lambda data: service.update_profile(user, data),
            lambda _: redirect(PROFILE, SAVED),
            lambda refused: _profile_page(request, user, refused),
        )

    @post("/codes")
    async def add_code(self, request: Req, user: LoggedIn) -> Redirect:
        code = first(await multi_form(request), "code")
        return await submit(
            lambda: service.add_code(user, code),
            lambda _: redirect(PROFILE, f"Code {code} ajouté au profil de veille."),
            flash_back(PROFILE),
        )
