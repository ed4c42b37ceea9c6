"""Writing the mémoire technique together: the outline and a part's page."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections
from tenders.consortia.sections import SectionMetaIn, StaleVersion
from tenders.consortia.workspace import get_detail
from tenders.consortia.workspace_page import show_consortium
from tenders.errors import Invalid, NotFound
from tenders.library import copies
from tenders.numbers import form_id
from tenders.web.forms import (
    Form,
    Posted,
    Refused,
    first,
    multi_form,
    paris_datetime,
    read_form,
    submit,
)
from tenders.web.rendering import page, redirect


def _said(refused: Refused) -> dict[str, str]:
    """A refusal shown on the page it came from; a consortium or part that does not exist
    for this person is a plain 404 (nothing of it on a page)."""
    if isinstance(refused.error, NotFound):
        raise refused.error
    return refused.errors


def _id_field(name: str) -> Any:
    return lambda form, _: form_id(first(form, name))


def _due(form: Form, errors: dict[str, str]) -> Any:
    return paris_datetime(
        first(form, "due_date"), first(form, "due_time"), "due_at", errors, require_time=False
    )


async def _read_meta(request: Request[Any, Any, Any]) -> Posted[SectionMetaIn]:
    """A part's title, who writes it (a select's value: anything else is nobody), by when."""
    readers = {
        "assignee_id": _id_field("assignee_id"),
        "assignee_user_id": _id_field("assignee_user_id"),
        "due_at": _due,
    }
    return await read_form(request, SectionMetaIn, readers)


class SectionPages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False

    async def _page(
        self,
        request: Request[Any, Any, Any],
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
            statuses=sections.STATUSES,
            people=await sections.writers(consortium_id),
            errors=errors or {},
            sources=await copies.sources_of(user, consortium_id, section_id),
            passages=await copies.passages_for_picker(user),
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def _again(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        consortium_id: int,
        section_id: int,
    ) -> Any:
        """The part's page again, with the refusal next to its field."""

        async def again(refused: Refused) -> Template:
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=refused.status_code,
                errors=_said(refused),
            )

        return again

    @post("/plan")
    async def outline(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        return await submit(
            lambda: sections.create_default_outline(user, consortium_id),
            lambda _: redirect(f"/groupements/{consortium_id}#memoire", "Plan du mémoire créé."),
            lambda refused: _consortium_again(request, user, consortium_id, refused),
            error_field="form",
        )

    @post("/parties/nouvelle")
    async def add(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        posted = await _read_meta(request)
        return await posted.submit(
            lambda data: sections.add_section(user, consortium_id, data),
            lambda created: redirect(
                f"/groupements/{consortium_id}#memoire", f"Partie « {created.title} » ajoutée."
            ),
            lambda refused: _consortium_again(request, user, consortium_id, refused),
            error_field="form",
        )

    @post("/parties/{section_id:int}/plan")
    async def meta(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        posted = await _read_meta(request)
        again = self._again(request, user, consortium_id, section_id)
        if first(posted.form, "delete") == "1":
            return await submit(
                lambda: sections.delete_section(user, consortium_id, section_id),
                lambda _: redirect(f"/groupements/{consortium_id}#memoire", "Partie supprimée."),
                again,
                error_field="form",
            )
        return await posted.submit(
            lambda data: sections.update_section_meta(user, consortium_id, section_id, data),
            lambda _: redirect(
                f"/groupements/{consortium_id}/parties/{section_id}", "Partie mise à jour."
            ),
            again,
            error_field="form",
        )

    @get("/parties/{section_id:int}")
    async def show(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        return await self._page(request, user, consortium_id, section_id)

    @post("/parties/{section_id:int}")
    async def save(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        base = first(form, "base_version")

        async def again(refused: Refused) -> Template:
            if isinstance(refused.error, StaleVersion):
                return await self._page(
                    request,
                    user,
                    consortium_id,
                    section_id,
                    status_code=409,
                    conflict=refused.error,
                )
            errors = _said(refused)
            if isinstance(refused.error, Invalid) and not refused.error.fields:
                errors = {"body": refused.message}
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=refused.status_code,
                errors=errors,
            )

        return await submit(
            lambda: sections.save(
                user,
                consortium_id,
                section_id,
                first(form, "body"),
                -1 if (version := form_id(base)) is None else version,
            ),
            lambda _: redirect(
                f"/groupements/{consortium_id}/parties/{section_id}", "Texte enregistré."
            ),
            again,
            error_field="form",
        )

    @post("/parties/{section_id:int}/statut")
    async def status(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        target = f"/groupements/{consortium_id}/parties/{section_id}"
        return await submit(
            lambda: sections.set_status(user, consortium_id, section_id, first(form, "status")),
            lambda out: redirect(target, f"Statut : {out.status_label}."),
            self._again(request, user, consortium_id, section_id),
            error_field="form",
        )

    @post("/parties/{section_id:int}/commentaires")
    async def comment(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        target = f"/groupements/{consortium_id}/parties/{section_id}#commentaires"
        return await submit(
            lambda: sections.comment(user, consortium_id, section_id, first(form, "comment")),
            lambda _: redirect(target, "Commentaire ajouté."),
            self._again(request, user, consortium_id, section_id),
            error_field="form",
        )


async def _consortium_again(
    request: Request[Any, Any, Any], user: CurrentUser, consortium_id: int, refused: Refused
) -> Template:
    return await show_consortium(
        request, user, consortium_id, _said(refused), status_code=refused.status_code
    )
