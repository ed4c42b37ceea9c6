"""Directory pages: search, an organisation's page, its profile form, adding a structure."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.clock import utcnow
from tenders.errors import Invalid
from tenders.fields import given
from tenders.members import capabilities, certificates, completeness, directory, references
from tenders.members import service as organisations
from tenders.members.access import ensure_manages, manages
from tenders.members.fiscal import fiscal_year_end_fr
from tenders.members.schemas import (
    OrganisationCreate,
    OrganisationOut,
    OrganisationUpdate,
    TurnoverYear,
)
from tenders.members.vocabulary import (
    CAPABILITY_KINDS,
    ESS_STATUSES,
    KINDS,
    LABELS,
    VAT_REGIMES,
)
from tenders.web.deps import LoggedIn, PageNumber, Req
from tenders.web.forms import (
    Form,
    Posted,
    Refused,
    form_values,
    fresh,
    read_form,
    show_form,
    strings,
)
from tenders.web.rendering import page, redirect


def vocabulary() -> dict[str, Any]:
    return {
        "kinds": KINDS,
        "labels_choice": LABELS,
        "ess_statuses": ESS_STATUSES,
        "vat_regimes": VAT_REGIMES,
        "capability_kinds": CAPABILITY_KINDS,
    }


def _turnover_rows(org: OrganisationOut) -> list[dict[str, Any]]:
    """The last years, each with its figure when known, as the form's table shows them."""
    this_year = utcnow().year
    known = {t.year: t.amount for t in org.turnover or []}
    years = sorted(set(known) | {this_year - 1, this_year - 2, this_year - 3}, reverse=True)[:4]
    return [{"year": y, "amount": known.get(y, "")} for y in years]


def profile_values(org: OrganisationOut) -> dict[str, Any]:
    """The form's values from the stored organisation."""
    return form_values(
        OrganisationUpdate,
        org,
        fiscal_year_end=fiscal_year_end_fr(org.fiscal_year_end),
        turnover=_turnover_rows(org),
    )


def _typed_turnover(form: Form) -> list[tuple[str, str]]:
    years, amounts = strings(form, "turnover_year"), strings(form, "turnover_amount")
    return list(zip(years, amounts, strict=False))


def _read_turnover(form: Form, errors: dict[str, str]) -> list[TurnoverYear]:
    typed = [{"year": y, "amount": a} for y, a in _typed_turnover(form) if a.strip()]
    return organisations.clean_turnover(typed, errors)


async def read_profile(request: Req) -> Posted[OrganisationUpdate]:
    """The profile form as the API's update; its table of turnover shown again as typed."""
    posted = await read_form(request, OrganisationUpdate, {"turnover": _read_turnover})
    posted.values["turnover"] = [{"year": y, "amount": a} for y, a in _typed_turnover(posted.form)]
    return posted


class OrganisationPages(Controller):
    path = "/structures"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Req,
        q: FromQuery[str] = "",
        cpv: FromQuery[str] = "",
        departement: FromQuery[str] = "",
        kind: FromQuery[str] = "",
        label: FromQuery[str] = "",
        page_number: PageNumber = 1,
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
    async def new_form(self, request: Req) -> Template:
        return _new_page(request, fresh())

    @post("/nouvelle", opt={"roles": STAFF})
    async def create(self, request: Req, user: LoggedIn) -> Template | Redirect:
        posted = await read_form(request, OrganisationCreate)
        return await posted.submit(
            lambda data: organisations.create_organisation(user, data),
            lambda org: redirect(
                f"/structures/{org.id}/modifier",
                f"La structure {org.name} est ajoutée. Complétez sa fiche.",
            ),
            lambda refused: _new_page(request, refused),
            error_field="name",
        )

    @get("/{organisation_id:int}")
    async def show(self, request: Req, organisation_id: FromPath[int], user: LoggedIn) -> Template:
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
        self, request: Req, organisation_id: FromPath[int], user: LoggedIn
    ) -> Template:
        ensure_manages(user, organisation_id)
        org = await organisations.get_organisation(organisation_id, user)
        return _edit_page(request, org, fresh(profile_values(org)))

    @post("/{organisation_id:int}/modifier")
    async def edit(
        self, request: Req, organisation_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        posted = await read_profile(request)

        async def again(refused: Refused) -> Template:
            org = await organisations.get_organisation(organisation_id, user)
            return _edit_page(request, org, refused)

        return await posted.submit(
            lambda data: organisations.update_organisation(user, organisation_id, given(data)),
            lambda _: redirect(f"/structures/{organisation_id}", "La fiche est enregistrée."),
            again,
            error_field="name",
        )


def _new_page(request: Req, form: Refused) -> Template:
    return show_form(request, "members/new.html", form, **vocabulary())


def _edit_page(request: Req, org: OrganisationOut, form: Refused) -> Template:
    return show_form(request, "members/edit.html", form, organisation=org, **vocabulary())
