"""Consortium pages: the list a person may open, and one consortium's workspace."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import invitations, workspace
from tenders.consortia.schemas import BankIn, CompositionIn, CompositionMemberIn, ShareIn, SplitIn
from tenders.consortia.workspace_page import show_consortium
from tenders.errors import DomainError, Invalid, NotFound
from tenders.jobs import JobQueue
from tenders.numbers import NumberError, form_id, parse_amount, parse_percent
from tenders.settings import Settings
from tenders.web.forms import first, multi_form, optional_date, strings
from tenders.web.rendering import page, redirect


class ConsortiumPages(Controller):
    path = "/groupements"
    include_in_schema = False

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        return page(request, "consortia/index.html", consortia=await workspace.list_for(user))

    async def _show(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        consortium_id: int,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        return await show_consortium(request, user, consortium_id, errors, status_code)

    @get("/{consortium_id:int}")
    async def show(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        return await self._show(request, user, consortium_id)

    @post("/{consortium_id:int}/composition")
    async def composition(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        members = []
        for org in strings(form, "member"):
            organisation_id = form_id(org)
            if organisation_id is None:
                continue
            role = first(form, f"role_{org}", "co_traitant")
            members.append(
                CompositionMemberIn(
                    organisation_id=organisation_id,
                    role=role,
                    lots=strings(form, f"lots_{org}"),
                    subcontractor_of=form_id(first(form, f"subcontractor_of_{org}")),
                    services=first(form, f"services_{org}"),
                )
            )
        added = form_id(first(form, "add_member"))
        if added is not None and added not in {m.organisation_id for m in members}:
            members.append(CompositionMemberIn(organisation_id=added))
        lead = first(form, "lead_id")
        try:
            await workspace.set_composition(
                user,
                consortium_id,
                CompositionIn(
                    form=first(form, "form"),
                    lead_id=form_id(lead) or 0,
                    members=members,
                ),
            )
        except DomainError as exc:
            return await self._show(
                request,
                user,
                consortium_id,
                exc.fields or {"members": exc.message},
                exc.status_code,
            )
        return redirect(f"/groupements/{consortium_id}", "Composition enregistrée.")

    @post("/{consortium_id:int}/repartition")
    async def split(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        shares = []
        errors: dict[str, str] = {}
        try:
            for cell in strings(form, "cell"):
                lot_key, _, org = cell.rpartition(":")
                organisation_id = form_id(org)
                if organisation_id is None:
                    continue
                try:
                    amount = parse_amount(first(form, f"amount_{cell}"))
                    percent = parse_percent(first(form, f"percent_{cell}"))
                except NumberError as exc:
                    errors[f"amount-{cell}"] = f"Lot {lot_key} : {exc.message}"
                    continue
                if amount is None and percent is None:
                    continue
                shares.append(
                    ShareIn(
                        lot_key=lot_key,
                        organisation_id=organisation_id,
                        amount=amount,
                        percent=percent,
                        services=first(form, f"services_{cell}"),
                    )
                )
            if errors:
                raise Invalid(errors)
            await workspace.set_split(user, consortium_id, SplitIn(shares=shares))
        except DomainError as exc:
            return await self._show(
                request, user, consortium_id, exc.fields or {"shares": exc.message}, exc.status_code
            )
        return redirect(f"/groupements/{consortium_id}#repartition", "Répartition enregistrée.")

    @post("/{consortium_id:int}/banque/{organisation_id:int}")
    async def bank(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        try:
            await workspace.set_bank(
                user,
                consortium_id,
                organisation_id,
                BankIn(iban=first(form, "iban"), bic=first(form, "bic")),
            )
        except DomainError as exc:
            return await self._show(
                request, user, consortium_id, exc.fields or {"iban": exc.message}, exc.status_code
            )
        return redirect(
            f"/groupements/{consortium_id}#banque", "Coordonnées bancaires enregistrées."
        )

    @post("/{consortium_id:int}/invitations")
    async def invite(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
        jobs: NamedDependency[JobQueue],
    ) -> Template | Redirect:
        form = await multi_form(request)
        errors: dict[str, str] = {}
        respond_by = optional_date(first(form, "respond_by"), "respond_by", errors)
        try:
            if errors:
                raise Invalid(errors)
            count = await invitations.invite_members(
                user, consortium_id, settings, jobs, respond_by
            )
        except DomainError as exc:
            return await self._show(
                request,
                user,
                consortium_id,
                exc.fields or {"respond_by": exc.message},
                exc.status_code,
            )
        message = (
            f"Invitation envoyée à {count} structure{'s' if count > 1 else ''}."
            if count
            else "Toutes les structures ont déjà été invitées."
        )
        return redirect(f"/groupements/{consortium_id}", message)

    @post("/{consortium_id:int}/reponse")
    async def answer(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        choice = first(form, "answer")
        if choice not in {"accept", "decline"}:
            return await self._show(
                request,
                user,
                consortium_id,
                {"answer": "Choisissez d'accepter ou de décliner."},
                422,
            )
        try:
            await invitations.answer(
                user, consortium_id, choice == "accept", first(form, "comment")
            )
        except DomainError as exc:
            return await self._show(
                request, user, consortium_id, exc.fields or {"answer": exc.message}, exc.status_code
            )
        if choice == "decline":  # the consortium no longer exists for this structure
            return redirect(
                "/tableau-de-bord",
                "Merci : la coordination sait que votre structure décline ce groupement.",
            )
        return redirect(
            f"/groupements/{consortium_id}",
            "Merci : votre réponse est transmise à la coordination.",
        )

    @post("/{consortium_id:int}/membres/{organisation_id:int}/retirer")
    async def remove(
        self,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        try:
            await workspace.remove_member(user, consortium_id, organisation_id)
        except NotFound:
            raise
        except DomainError as exc:
            return redirect(f"/groupements/{consortium_id}", exc.message, "error")
        if not user.is_staff:
            return redirect("/groupements", "Votre structure a quitté le groupement.")
        return redirect(f"/groupements/{consortium_id}", "Structure retirée du groupement.")

    @post("/{consortium_id:int}/depot")
    async def submit(
        self,
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        try:
            await workspace.submit(user, consortium_id)
        except DomainError as exc:
            return redirect(f"/groupements/{consortium_id}", exc.message, "error")
        return redirect(
            f"/groupements/{consortium_id}",
            "Dépôt enregistré : la composition du groupement est figée.",
        )
