"""Writing the mémoire technique together: the outline and a part's page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections
from tenders.consortia.agenda import IN_REVIEW
from tenders.consortia.sections import SectionMetaIn, SectionOut, StaleVersion
from tenders.consortia.workspace import get_detail
from tenders.consortia.workspace_page import show_again
from tenders.documents import blocks
from tenders.documents.template_check import MAX_COMPRESSED
from tenders.errors import Invalid, NotFound
from tenders.formatting import size_fr
from tenders.library import copies
from tenders.numbers import form_id
from tenders.packages.templates import template_limits
from tenders.reminders.events import notify_review_requested
from tenders.web import downloads
from tenders.web.deps import AppSettings, LoggedIn, QueryId, Req
from tenders.web.forms import (
    Form,
    Posted,
    Refused,
    first,
    multi_form,
    paris_datetime,
    posted_file,
    read_form,
    submit,
    upload_limit,
)
from tenders.web.rendering import page, redirect

PART = "/parties/{section_id:int}"
IMPORTED = {
    False: "Document Word importé à la fin du texte.",
    True: "Document Word importé à la place du texte : l'ancien texte reste dans l'historique.",
}


def _said(refused: Refused) -> dict[str, str]:
    """A refusal shown on the part's page; a consortium or part that does not exist for this
    person is a plain 404 (nothing of it on a page)."""
    if isinstance(refused.error, NotFound):
        raise refused.error
    return refused.errors


def _id_field(name: str) -> Any:
    return lambda form, _: form_id(first(form, name))


def _due(form: Form, errors: dict[str, str]) -> Any:
    return paris_datetime(
        first(form, "due_date"), first(form, "due_time"), "due_at", errors, require_time=False
    )


async def _read_meta(request: Req) -> Posted[SectionMetaIn]:
    """A part's title, who writes it (a select's value: anything else is nobody), by when."""
    readers = {
        "assignee_id": _id_field("assignee_id"),
        "assignee_user_id": _id_field("assignee_user_id"),
        "due_at": _due,
    }
    return await read_form(request, SectionMetaIn, readers)


def _base_version(form: Form) -> int:
    """The version the person wrote from (none read: -1, which no part has)."""
    base = form_id(first(form, "base_version"))
    return -1 if base is None else base


async def _set_status(
    user: CurrentUser, consortium_id: int, section_id: int, status: str
) -> SectionOut:
    """The part's new status; sent for review, the coordination is told (mail or digest)."""
    changed = await sections.set_status(user, consortium_id, section_id, status)
    if changed.status == IN_REVIEW:
        await notify_review_requested(user, consortium_id, section_id)
    return changed


def _to_memoire(consortium_id: int, message: str) -> Redirect:
    return redirect(f"/groupements/{consortium_id}#memoire", message)


def _to_part(consortium_id: int, section_id: int, message: str, anchor: str = "") -> Redirect:
    return redirect(f"/groupements/{consortium_id}/parties/{section_id}{anchor}", message)


class SectionPages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False

    async def _page(
        self,
        request: Req,
        user: CurrentUser,
        consortium_id: int,
        section_id: int,
        *,
        status_code: int = 200,
        conflict: StaleVersion | None = None,
        errors: dict[str, str] | None = None,
    ) -> Template:
        """The part's page; ``errors`` or ``conflict`` bring back what to correct."""
        detail = await sections.get_section(user, consortium_id, section_id)
        consortium = await get_detail(user, consortium_id)
        response = page(
            request,
            "consortia/section.html",
            status_code=status_code,
            consortium=consortium,
            detail=detail,
            conflict=conflict,
            body_html=blocks.to_html(detail.section.body),
            word_limit=size_fr(MAX_COMPRESSED),
            people=await sections.writers(consortium_id),
            errors=errors or {},
            can_write=sections.may_write(user, detail.section),
            sources=await copies.sources_of(user, consortium_id, section_id),
            passages=await copies.passages_for_picker(user),
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def _again(self, request: Req, user: CurrentUser, consortium_id: int, section_id: int) -> Any:
        """The part's page again, with the refusal next to its field; a text saved in between
        by someone else (``StaleVersion``) shows both texts."""

        async def again(refused: Refused) -> Template:
            shown: dict[str, Any] = {"status_code": refused.status_code}
            if isinstance(refused.error, StaleVersion):
                shown = {"status_code": 409, "conflict": refused.error}
            elif isinstance(refused.error, Invalid) and not refused.error.fields:
                shown["errors"] = {"body": refused.message}
            else:
                shown["errors"] = _said(refused)
            return await self._page(request, user, consortium_id, section_id, **shown)

        return again

    def _on_part(
        self, request: Req, user: CurrentUser, consortium_id: int, section_id: int
    ) -> Callable[..., Awaitable[Template | Redirect]]:
        """``forms.submit`` for a form of this part, ``(save, done, error_field="form")``:
        refused, the part's page again."""
        again = self._again(request, user, consortium_id, section_id)
        return lambda save, done, error_field="form": submit(
            save, done, again, error_field=error_field
        )

    @post("/plan")
    async def outline(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        return await submit(
            lambda: sections.create_default_outline(user, consortium_id),
            lambda made: _to_memoire(consortium_id, f"Plan du mémoire créé. {made.note}".strip()),
            show_again(request, user, consortium_id),
            error_field="form",
        )

    @post("/parties/nouvelle")
    async def add(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = await _read_meta(request)
        return await posted.submit(
            lambda data: sections.add_section(user, consortium_id, data),
            lambda created: _to_memoire(consortium_id, f"Partie « {created.title} » ajoutée."),
            show_again(request, user, consortium_id),
            error_field="form",
        )

    @post(f"{PART}/plan")
    async def meta(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = await _read_meta(request)
        return await posted.submit(
            lambda data: sections.update_section_meta(user, consortium_id, section_id, data),
            lambda _: _to_part(consortium_id, section_id, "Partie mise à jour."),
            self._again(request, user, consortium_id, section_id),
            error_field="form",
        )

    @post(f"{PART}/supprimer")
    async def delete(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        on_part = self._on_part(request, user, consortium_id, section_id)
        return await on_part(
            lambda: sections.delete_section(user, consortium_id, section_id),
            lambda _: _to_memoire(consortium_id, "Partie supprimée."),
        )

    @get(PART)
    async def show(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template:
        return await self._page(request, user, consortium_id, section_id)

    @post(PART)
    async def save(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        form = await multi_form(request)
        on_part = self._on_part(request, user, consortium_id, section_id)
        return await on_part(
            lambda: sections.save(
                user, consortium_id, section_id, first(form, "body"), _base_version(form)
            ),
            lambda _: _to_part(consortium_id, section_id, "Texte enregistré."),
        )

    @post(f"{PART}/statut")
    async def status(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        form = await multi_form(request)
        on_part = self._on_part(request, user, consortium_id, section_id)
        return await on_part(
            lambda: _set_status(user, consortium_id, section_id, first(form, "status")),
            lambda out: _to_part(consortium_id, section_id, f"Statut : {out.status_label}."),
        )

    @post(f"{PART}/commentaires")
    async def comment(
        self, request: Req, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        form = await multi_form(request)
        on_part = self._on_part(request, user, consortium_id, section_id)
        return await on_part(
            lambda: sections.comment(user, consortium_id, section_id, first(form, "comment")),
            lambda _: _to_part(consortium_id, section_id, "Commentaire ajouté.", "#commentaires"),
        )

    @post(f"{PART}/word", request_max_body_size=upload_limit(MAX_COMPRESSED))
    async def import_word(
        self,
        request: Req,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: LoggedIn,
        settings: AppSettings,
    ) -> Template | Redirect:
        """A Word document's text after the part's (« Ajouter à la fin ») or in its place
        (« Remplacer le texte »): a new version either way."""
        form = await multi_form(request)
        document = await posted_file(form, "document")
        replace = first(form, "mode") == "replace"
        on_part = self._on_part(request, user, consortium_id, section_id)
        return await on_part(
            lambda: sections.import_word(
                user,
                consortium_id,
                section_id,
                document.content if document else b"",
                _base_version(form),
                replace=replace,
                limits=template_limits(settings),
            ),
            lambda _: _to_part(consortium_id, section_id, IMPORTED[replace]),
            error_field="document",
        )

    @get(f"{PART}/word")
    async def export_word(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: LoggedIn,
        version: QueryId = None,
    ) -> Response[bytes]:
        """The part in Word: its text, or an earlier ``version`` of it."""
        filename, document = await sections.word_file(user, consortium_id, section_id, version)
        return downloads.download(document, filename, sections.WORD_TYPE)
