"""Writing the mémoire technique together: the outline, a part's page, and their API."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections
from tenders.consortia.sections import SectionDetail, SectionOut, StaleVersion
from tenders.consortia.workspace import get_detail
from tenders.consortia.workspace_page import show_consortium
from tenders.errors import DomainError, Invalid, NotFound
from tenders.library import copies
from tenders.numbers import form_id
from tenders.web.auth import client_ip
from tenders.web.forms import first, multi_form, paris_datetime
from tenders.web.rendering import page, redirect

NO_STORE = {"Cache-Control": "no-store"}


def _said(exc: DomainError) -> dict[str, str]:
    """A refusal shown on the page it came from; a consortium or part that does not exist
    for this person is a plain 404 (nothing of it on a page)."""
    if isinstance(exc, NotFound):
        raise exc
    return exc.fields or {"form": exc.message}


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

    @post("/plan")
    async def outline(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        try:
            await sections.create_default_outline(user, consortium_id)
        except DomainError as exc:
            return await show_consortium(
                request, user, consortium_id, _said(exc), status_code=exc.status_code
            )
        return redirect(f"/groupements/{consortium_id}#memoire", "Plan du mémoire créé.")

    @post("/parties/nouvelle")
    async def add(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        try:
            data = _meta_from_form(form)
            created = await sections.add_section(user, consortium_id, data)
        except DomainError as exc:
            return await show_consortium(
                request, user, consortium_id, _said(exc), status_code=exc.status_code
            )
        return redirect(
            f"/groupements/{consortium_id}#memoire", f"Partie « {created.title} » ajoutée."
        )

    @post("/parties/{section_id:int}/plan")
    async def meta(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        target = f"/groupements/{consortium_id}/parties/{section_id}"
        try:
            if first(form, "delete") == "1":
                await sections.delete_section(user, consortium_id, section_id)
                return redirect(f"/groupements/{consortium_id}#memoire", "Partie supprimée.")
            await sections.update_section_meta(
                user, consortium_id, section_id, _meta_from_form(form)
            )
        except DomainError as exc:
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=exc.status_code,
                errors=_said(exc),
            )
        return redirect(target, "Partie mise à jour.")

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
        try:
            await sections.save(
                user,
                consortium_id,
                section_id,
                first(form, "body"),
                -1 if (version := form_id(base)) is None else version,
                client_ip(request),
            )
        except StaleVersion as exc:
            return await self._page(
                request, user, consortium_id, section_id, status_code=409, conflict=exc
            )
        except DomainError as exc:
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=exc.status_code,
                errors=(exc.fields or {"body": exc.message})
                if isinstance(exc, Invalid)
                else _said(exc),
            )
        return redirect(f"/groupements/{consortium_id}/parties/{section_id}", "Texte enregistré.")

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
        try:
            out = await sections.set_status(
                user, consortium_id, section_id, first(form, "status"), client_ip(request)
            )
        except DomainError as exc:
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=exc.status_code,
                errors=_said(exc),
            )
        return redirect(target, f"Statut : {out.status_label}.")

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
        try:
            await sections.comment(user, consortium_id, section_id, first(form, "comment"))
        except DomainError as exc:
            return await self._page(
                request,
                user,
                consortium_id,
                section_id,
                status_code=exc.status_code,
                errors=_said(exc),
            )
        return redirect(target, "Commentaire ajouté.")


def _meta_from_form(form: dict[str, list[Any]]) -> sections.SectionMetaIn:
    errors: dict[str, str] = {}
    due = paris_datetime(
        first(form, "due_date"), first(form, "due_time"), "due_at", errors, require_time=False
    )
    if errors:
        raise Invalid(errors)
    assignee = first(form, "assignee_id")
    person = first(form, "assignee_user_id")
    return sections.SectionMetaIn(
        title=first(form, "title"),
        assignee_id=form_id(assignee),
        assignee_user_id=form_id(person),
        due_at=due,
    )


class SectionBodyIn(msgspec.Struct):
    body: str


class SectionApi(Controller):
    path = "/api/consortia/{consortium_id:int}/sections"
    tags = ["Groupements"]

    @get("/", operation_id="listSections", summary="Plan du mémoire technique")
    async def index(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> list[SectionOut]:
        return await sections.list_sections(user, consortium_id)

    @post(
        "/default",
        operation_id="createDefaultOutline",
        summary="Créer le plan par défaut",
        status_code=HTTP_200_OK,
    )
    async def default(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> list[SectionOut]:
        return await sections.create_default_outline(user, consortium_id)

    @post("/", operation_id="addSection", summary="Ajouter une partie au plan")
    async def add(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[sections.SectionMetaIn],
        user: NamedDependency[CurrentUser],
    ) -> SectionOut:
        return await sections.add_section(user, consortium_id, data)

    @put(
        "/{section_id:int}/meta",
        operation_id="updateSectionMeta",
        summary="Titre, structure chargée de l'écrire, échéance",
    )
    async def meta(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[sections.SectionMetaIn],
        user: NamedDependency[CurrentUser],
    ) -> SectionOut:
        return await sections.update_section_meta(user, consortium_id, section_id, data)

    @delete(
        "/{section_id:int}",
        operation_id="deleteSection",
        summary="Supprimer une partie vide",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> None:
        await sections.delete_section(user, consortium_id, section_id)

    @get(
        "/{section_id:int}",
        operation_id="getSection",
        summary="Une partie, avec son ETag (sa version)",
    )
    async def show(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[SectionDetail]:
        detail = await sections.get_section(user, consortium_id, section_id)
        return Response(detail, headers={**NO_STORE, "ETag": f'"v{detail.section.version}"'})

    @put(
        "/{section_id:int}",
        operation_id="saveSection",
        summary="Enregistrer le texte ; l'en-tête If-Match porte l'ETag lu (412 sinon)",
    )
    async def save(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[SectionBodyIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[Any]:
        match = request.headers.get("if-match", "").strip().removeprefix("W/").strip('"')
        if not match.startswith("v") or form_id(match[1:]) is None:
            return Response(
                {
                    "status_code": 428,
                    "detail": (
                        "Indiquez la version sur laquelle vous avez écrit : en-tête If-Match avec "
                        'l\'ETag reçu à la lecture (par exemple "v3").'
                    ),
                },
                status_code=428,
            )
        try:
            out = await sections.save(
                user,
                consortium_id,
                section_id,
                data.body,
                form_id(match[1:]) or 0,
                client_ip(request),
            )
        except StaleVersion as exc:
            return Response(
                {
                    "status_code": 412,
                    "detail": exc.message,
                    "current": msgspec.to_builtins(exc.current),
                    "yours": exc.yours,
                },
                status_code=412,
                headers={"ETag": f'"v{exc.current.version}"'},
            )
        return Response(out, headers={**NO_STORE, "ETag": f'"v{out.version}"'})
