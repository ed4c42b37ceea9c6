"""Pages of the content library, and copying a passage into a part of the mémoire."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.formatting import date_fr
from tenders.library import copies, service
from tenders.library.service import FRESHNESS, THEMES, PassageIn
from tenders.numbers import form_id
from tenders.web import rendering
from tenders.web.deps import LoggedIn, PageNumber, Req
from tenders.web.forms import Reader, first, multi_form, read_form, strings
from tenders.web.paging import paging
from tenders.web.rendering import redirect

READERS: dict[str, Reader] = {
    "themes": lambda form, _: strings(form, "themes"),  # check boxes
    # Days between reviews; the service says what it expects of anything but a number.
    "review_days": lambda form, _: form_id(first(form, "review_days", "365")) or 0,
}


class LibraryPages(Controller):
    path = "/bibliotheque"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Req,
        user: LoggedIn,
        q: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        division: FromQuery[str] = "",
        state_: Annotated[str, QueryParameter(name="state")] = "",
        page: PageNumber = 1,
    ) -> Template:
        found = await service.search(user, q, theme, division, state_)
        shown = paging(len(found), page)
        return rendering.page(
            request,
            "library/index.html",
            passages=shown.of(found),
            paging=shown,
            q=q,
            theme=theme,
            division=division,
            state=state_,
            themes=THEMES,
            states=FRESHNESS,
        )

    async def _form(
        self,
        request: Req,
        user: CurrentUser,
        passage: Any = None,
        values: PassageIn | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        return rendering.page(
            request,
            "library/form.html",
            status_code=status_code,
            passage=passage,
            values=values
            or (
                msgspec.convert(passage, PassageIn, from_attributes=True)
                if passage
                else PassageIn(title="", body="", organisation_id=user.organisation_id)
            ),
            errors=errors or {},
            themes=THEMES,
        )

    @get("/nouveau")
    async def new(self, request: Req, user: LoggedIn) -> Template:
        return await self._form(request, user)

    @post("/nouveau")
    async def create(self, request: Req, user: LoggedIn) -> Template | Redirect:
        posted = await read_form(request, PassageIn, READERS)
        return await posted.submit(
            lambda values: service.create(user, values),
            lambda created: redirect(
                f"/bibliotheque/{created.id}", "Passage ajouté à la bibliothèque."
            ),
            lambda refused: self._form(
                request, user, None, posted.data, refused.errors, refused.status_code
            ),
            error_field="title",
        )

    @get("/{passage_id:int}")
    async def show(self, request: Req, passage_id: FromPath[int], user: LoggedIn) -> Template:
        return await self._form(request, user, await service.get_passage(user, passage_id))

    @post("/{passage_id:int}")
    async def update(
        self, request: Req, passage_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        passage = await service.get_passage(user, passage_id)
        posted = await read_form(request, PassageIn, READERS)
        return await posted.submit(
            lambda values: service.update(user, passage_id, values),
            lambda _: redirect(f"/bibliotheque/{passage_id}", "Passage enregistré."),
            lambda refused: self._form(
                request, user, passage, posted.data, refused.errors, refused.status_code
            ),
            error_field="title",
        )

    @post("/{passage_id:int}/relu")
    async def reviewed(self, passage_id: FromPath[int], user: LoggedIn) -> Redirect:
        passage = await service.mark_reviewed(user, passage_id)
        return redirect(
            f"/bibliotheque/{passage_id}",
            f"Passage relu : à jour jusqu'au {date_fr(passage.review_due)}.",
        )

    @post("/{passage_id:int}/supprimer")
    async def delete(self, passage_id: FromPath[int], user: LoggedIn) -> Redirect:
        await service.delete(user, passage_id)
        return redirect("/bibliotheque", "Passage supprimé de la bibliothèque.")


class PassageCopyPages(Controller):
    path = "/groupements/{consortium_id:int}/parties/{section_id:int}"
    include_in_schema = False

    @post("/inserer")
    async def insert(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Redirect:
        form = await multi_form(request)
        passage = form_id(first(form, "passage_id")) or 0
        base = form_id(first(form, "base_version"))
        version = -1 if base is None else base
        await copies.insert_passage(user, consortium_id, section_id, passage, version)
        return redirect(
            f"/groupements/{consortium_id}/parties/{section_id}",
            "Passage copié à la fin du texte : adaptez-le à cette consultation.",
        )
