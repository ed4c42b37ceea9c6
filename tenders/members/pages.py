"""Directory pages: search, an organisation's page, its profile form, adding a structure."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.errors import DomainError, Invalid
from tenders.members import capabilities, certificates, completeness, directory, references
from tenders.members import service as organisations
from tenders.members.access import ensure_manages, manages
from tenders.members.fiscal import fiscal_year_end_fr
from tenders.members.schemas import OrganisationOut
from tenders.members.vocabulary import CAPABILITY_KINDS, ESS_STATUSES, KINDS, LABELS
from tenders.web.auth import client_ip
from tenders.web.forms import first, multi_form, optional_date, optional_int, strings
from tenders.web.rendering import page, redirect

PROFILE_TEXT_FIELDS = (
    "name",
    "legal_form",
    "siret",
    "naf_code",
    "address",
    "postal_code",
    "town",
    "territory",
    "contact_name",
    "contact_email",
    "contact_phone",
    "representative_name",
    "representative_title",
    "website",
    "description",
    "other_labels",
    "insurer",
    "insurance_policy",
)


def vocabulary() -> dict[str, Any]:
    return {
        "kinds": KINDS,
        "labels_choice": LABELS,
        "ess_statuses": ESS_STATUSES,
        "capability_kinds": CAPABILITY_KINDS,
    }


def profile_values(org: OrganisationOut) -> dict[str, Any]:
    """The form's values from the stored organisation."""
    values: dict[str, Any] = {f: getattr(org, f) or "" for f in PROFILE_TEXT_FIELDS}
    values.update(
        kind=org.kind,
        ess_status=org.ess_status,
        labels=org.labels,
        headcount_permanent=org.headcount_permanent or "",
        headcount_insertion=org.headcount_insertion or "",
        insurance_expiry=org.insurance_expiry.isoformat() if org.insurance_expiry else "",
        fiscal_year_end=fiscal_year_end_fr(org.fiscal_year_end),
        in_receivership=org.in_receivership,
    )
    this_year = utcnow().year
    known = {t.year: t.amount for t in org.turnover or []}
    years = sorted(set(known) | {this_year - 1, this_year - 2, this_year - 3}, reverse=True)[:4]
    values["turnover"] = [{"year": y, "amount": known.get(y, "")} for y in years]
    return values


def changes_from_form(form: dict[str, list[Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {f: first(form, f) for f in PROFILE_TEXT_FIELDS}
    changes["kind"] = first(form, "kind")
    changes["ess_status"] = first(form, "ess_status")
    changes["labels"] = strings(form, "labels")
    changes["fiscal_year_end"] = first(form, "fiscal_year_end")
    changes["in_receivership"] = first(form, "in_receivership") == "oui"
    for field in ("headcount_permanent", "headcount_insertion"):
        changes[field] = optional_int(
            first(form, field), field, errors, "Indiquez un nombre entier de personnes."
        )
    changes["insurance_expiry"] = optional_date(
        first(form, "insurance_expiry"), "insurance_expiry", errors
    )
    turnover = []
    for year, amount in zip(
        strings(form, "turnover_year"), strings(form, "turnover_amount"), strict=False
    ):
        if amount.strip():
            turnover.append({"year": year, "amount": amount})
    changes["turnover"] = turnover
    return changes, errors


def _form_values(form: dict[str, list[Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {f: first(form, f) for f in PROFILE_TEXT_FIELDS}
    values.update(
        kind=first(form, "kind"),
        ess_status=first(form, "ess_status"),
        labels=strings(form, "labels"),
        headcount_permanent=first(form, "headcount_permanent"),
        headcount_insertion=first(form, "headcount_insertion"),
        insurance_expiry=first(form, "insurance_expiry"),
        fiscal_year_end=first(form, "fiscal_year_end"),
        in_receivership=first(form, "in_receivership") == "oui",
    )
    values["turnover"] = [
        {"year": y, "amount": a}
        for y, a in zip(
            strings(form, "turnover_year"), strings(form, "turnover_amount"), strict=False
        )
    ]
    return values


class OrganisationPages(Controller):
    path = "/structures"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Request[Any, Any, Any],
        q: FromQuery[str] = "",
        cpv: FromQuery[str] = "",
        departement: FromQuery[str] = "",
        kind: FromQuery[str] = "",
        label: FromQuery[str] = "",
        page_number: FromQuery[int] = 1,
    ) -> Template:
        query = directory.DirectoryQuery(
            q=q[:200],
            cpv=cpv[:20],
            departement=departement[:3],
            kind=kind[:20],
            label=label[:40],
            page=max(1, min(page_number, 10_000)),
        )
        errors: dict[str, str] = {}
        try:
            result = await directory.search(query)
        except Invalid as exc:
            errors = exc.fields
            result = directory.DirectoryPage(
                total=0, page=1, page_size=directory.PAGE_SIZE, organisations=[]
            )
        return page(
            request,
            "members/list.html",
            query=query,
            result=result,
            errors=errors,
            searching=any([q, cpv, departement, kind, label]),
            **vocabulary(),
        )

    @get("/nouvelle", opt={"roles": STAFF})
    async def new_form(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "members/new.html", values={}, errors={}, **vocabulary())

    @post("/nouvelle", opt={"roles": STAFF})
    async def create(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template | Redirect:
        form = await multi_form(request)
        values = {f: first(form, f) for f in ("name", "kind", "town", "siret")}
        try:
            org = await organisations.create_organisation(
                user,
                values["name"],
                values["kind"],
                values["town"],
                values["siret"] or None,
                client_ip(request),
            )
        except DomainError as exc:
            return page(
                request,
                "members/new.html",
                status_code=exc.status_code,
                values=values,
                errors=exc.fields or {"name": exc.message},
                **vocabulary(),
            )
        return redirect(
            f"/structures/{org.id}/modifier",
            f"La structure {org.name} est ajoutée. Complétez sa fiche.",
        )

    @get("/{organisation_id:int}")
    async def show(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        org = await organisations.get_organisation(organisation_id, user)
        context: dict[str, Any] = {
            "organisation": org,
            "capabilities": await capabilities.list_capabilities(organisation_id),
            "references": await references.list_references(organisation_id, user),
            "manages": manages(user, organisation_id),
        }
        if context["manages"]:
            today = utcnow().date()
            context["certificates"] = await certificates.list_certificates(
                user, organisation_id, today
            )
            context["completeness"] = await completeness.completeness(user, organisation_id, today)
        return page(request, "members/show.html", **context, **vocabulary())

    @get("/{organisation_id:int}/modifier")
    async def edit_form(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template:
        ensure_manages(user, organisation_id)
        org = await organisations.get_organisation(organisation_id, user)
        return page(
            request,
            "members/edit.html",
            organisation=org,
            values=profile_values(org),
            errors={},
            **vocabulary(),
        )

    @post("/{organisation_id:int}/modifier")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        changes, errors = changes_from_form(form)
        try:
            if errors:
                raise Invalid(errors)
            await organisations.update_organisation(
                user, organisation_id, changes, client_ip(request)
            )
        except DomainError as exc:
            org = await organisations.get_organisation(organisation_id, user)
            return page(
                request,
                "members/edit.html",
                status_code=exc.status_code,
                organisation=org,
                values=_form_values(form),
                errors=exc.fields or {"name": exc.message},
                **vocabulary(),
            )
        return redirect(f"/structures/{organisation_id}", "La fiche est enregistrée.")
