"""Pages to add, change and remove an organisation's capabilities and references."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.errors import DomainError, Invalid
from tenders.members import capabilities, references
from tenders.members import service as organisations
from tenders.members.access import ensure_manages
from tenders.members.schemas import CapabilityIn, CapabilityOut, ReferenceIn, ReferenceOut
from tenders.members.vocabulary import CAPABILITY_KINDS
from tenders.numbers import NumberError, parse_amount
from tenders.web.auth import client_ip
from tenders.web.forms import first, multi_form, optional_int, split_list
from tenders.web.rendering import page, redirect


def _amount(text: str, field: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_amount(text)
    except NumberError as exc:
        errors[field] = exc.message
        return None


def capability_from_form(form: dict[str, list[Any]]) -> tuple[CapabilityIn, dict[str, str]]:
    errors: dict[str, str] = {}
    data = CapabilityIn(
        title=first(form, "title"),
        kind=first(form, "kind"),
        cpv_codes=split_list(first(form, "cpv_codes")),
        departements=split_list(first(form, "departements")),
        communes=split_list(first(form, "communes")),
        radius_km=optional_int(
            first(form, "radius_km"), "radius_km", errors, "Indiquez un rayon en kilomètres."
        ),
        people_available=optional_int(
            first(form, "people_available"),
            "people_available",
            errors,
            "Indiquez un nombre entier de personnes.",
        ),
        max_contract_value=_amount(first(form, "max_contract_value"), "max_contract_value", errors),
        description=first(form, "description"),
    )
    return data, errors


def capability_values(
    cap: CapabilityOut | None, form: dict[str, list[Any]] | None = None
) -> dict[str, Any]:
    if form is not None:
        return {
            k: first(form, k)
            for k in (
                "title",
                "kind",
                "cpv_codes",
                "departements",
                "communes",
                "radius_km",
                "people_available",
                "max_contract_value",
                "description",
            )
        }
    if cap is None:
        return {"kind": "services"}
    return {
        "title": cap.title,
        "kind": cap.kind,
        "cpv_codes": ", ".join(c.full_code for c in cap.cpv),
        "departements": ", ".join(cap.departements),
        "communes": ", ".join(cap.communes),
        "radius_km": cap.radius_km or "",
        "people_available": cap.people_available or "",
        "max_contract_value": cap.max_contract_value or "",
        "description": cap.description,
    }


def reference_from_form(form: dict[str, list[Any]]) -> tuple[ReferenceIn, dict[str, str]]:
    errors: dict[str, str] = {}
    year = optional_int(first(form, "year"), "year", errors, "Indiquez l'année, par exemple 2024.")
    data = ReferenceIn(
        buyer=first(form, "buyer"),
        title=first(form, "title"),
        year=year or 0,
        amount=_amount(first(form, "amount"), "amount", errors),
        cpv_code=first(form, "cpv_code"),
        contact=first(form, "contact"),
        shareable=first(form, "shareable") == "on",
        description=first(form, "description"),
    )
    return data, errors


def reference_values(
    ref: ReferenceOut | None, form: dict[str, list[Any]] | None = None
) -> dict[str, Any]:
    if form is not None:
        values: dict[str, Any] = {
            k: first(form, k)
            for k in ("buyer", "title", "year", "amount", "cpv_code", "contact", "description")
        }
        values["shareable"] = first(form, "shareable") == "on"
        return values
    if ref is None:
        return {"shareable": False}
    return {
        "buyer": ref.buyer,
        "title": ref.title,
        "year": ref.year,
        "amount": ref.amount or "",
        "cpv_code": ref.cpv_code,
        "contact": ref.contact,
        "shareable": ref.shareable,
        "description": ref.description,
    }


class CapabilityPages(Controller):
    path = "/structures/{organisation_id:int}/savoir-faire"
    include_in_schema = False

    async def _form(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        org_id: int,
        values: dict[str, Any],
        errors: dict[str, str],
        action: str,
        status_code: int = 200,
    ) -> Template:
        org = await organisations.get_organisation(org_id, user)
        return page(
            request,
            "members/capability_form.html",
            status_code=status_code,
            organisation=org,
            values=values,
            errors=errors,
            action=action,
            capability_kinds=CAPABILITY_KINDS,
        )

    @get("/nouveau")
    async def new_form(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        ensure_manages(user, organisation_id)
        return await self._form(
            request,
            user,
            organisation_id,
            capability_values(None),
            {},
            f"/structures/{organisation_id}/savoir-faire/nouveau",
        )

    @post("/nouveau")
    async def create(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        data, errors = capability_from_form(form)
        try:
            if errors:
                raise Invalid(errors)
            cap = await capabilities.add_capability(user, organisation_id, data, client_ip(request))
        except DomainError as exc:
            return await self._form(
                request,
                user,
                organisation_id,
                capability_values(None, form),
                exc.fields,
                request.url.path,
                exc.status_code,
            )
        return redirect(
            f"/structures/{organisation_id}#savoir-faire", f"Savoir-faire « {cap.title} » ajouté."
        )

    @get("/{capability_id:int}/modifier")
    async def edit_form(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        capability_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        ensure_manages(user, organisation_id)
        cap = await capabilities.get_capability(organisation_id, capability_id)
        return await self._form(
            request, user, organisation_id, capability_values(cap), {}, request.url.path
        )

    @post("/{capability_id:int}/modifier")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        capability_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        data, errors = capability_from_form(form)
        try:
            if errors:
                raise Invalid(errors)
            cap = await capabilities.update_capability(
                user, organisation_id, capability_id, data, client_ip(request)
            )
        except DomainError as exc:
            return await self._form(
                request,
                user,
                organisation_id,
                capability_values(None, form),
                exc.fields,
                request.url.path,
                exc.status_code,
            )
        return redirect(
            f"/structures/{organisation_id}#savoir-faire",
            f"Savoir-faire « {cap.title} » enregistré.",
        )

    @post("/{capability_id:int}/supprimer")
    async def remove(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        capability_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        await capabilities.delete_capability(
            user, organisation_id, capability_id, client_ip(request)
        )
        return redirect(f"/structures/{organisation_id}#savoir-faire", "Savoir-faire supprimé.")


class ReferencePages(Controller):
    path = "/structures/{organisation_id:int}/references"
    include_in_schema = False

    async def _form(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        org_id: int,
        values: dict[str, Any],
        errors: dict[str, str],
        action: str,
        status_code: int = 200,
    ) -> Template:
        org = await organisations.get_organisation(org_id, user)
        return page(
            request,
            "members/reference_form.html",
            status_code=status_code,
            organisation=org,
            values=values,
            errors=errors,
            action=action,
        )

    @get("/nouvelle")
    async def new_form(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        ensure_manages(user, organisation_id)
        return await self._form(
            request, user, organisation_id, reference_values(None), {}, request.url.path
        )

    @post("/nouvelle")
    async def create(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        data, errors = reference_from_form(form)
        try:
            if errors:
                raise Invalid(errors)
            await references.add_reference(user, organisation_id, data, client_ip(request))
        except DomainError as exc:
            return await self._form(
                request,
                user,
                organisation_id,
                reference_values(None, form),
                exc.fields,
                request.url.path,
                exc.status_code,
            )
        return redirect(f"/structures/{organisation_id}#references", "Référence ajoutée.")

    @get("/{reference_id:int}/modifier")
    async def edit_form(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        reference_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        ensure_manages(user, organisation_id)
        ref = await references.get_reference(organisation_id, reference_id)
        return await self._form(
            request, user, organisation_id, reference_values(ref), {}, request.url.path
        )

    @post("/{reference_id:int}/modifier")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        reference_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        data, errors = reference_from_form(form)
        try:
            if errors:
                raise Invalid(errors)
            await references.update_reference(
                user, organisation_id, reference_id, data, client_ip(request)
            )
        except DomainError as exc:
            return await self._form(
                request,
                user,
                organisation_id,
                reference_values(None, form),
                exc.fields,
                request.url.path,
                exc.status_code,
            )
        return redirect(f"/structures/{organisation_id}#references", "Référence enregistrée.")

    @post("/{reference_id:int}/supprimer")
    async def remove(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        reference_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        await references.delete_reference(user, organisation_id, reference_id, client_ip(request))
        return redirect(f"/structures/{organisation_id}#references", "Référence supprimée.")
