"""The certificate vault pages: list with status at a date, upload, history, download."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.errors import Invalid
from tenders.members import certificates
from tenders.members import service as organisations
from tenders.members.access import ensure_manages
from tenders.members.schemas import ValidityIn
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.web import downloads
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import (
    Refused,
    first,
    flash_back,
    multi_form,
    optional_date,
    posted_file,
    read_form,
    show_form,
    submit,
    upload_limit,
)
from tenders.web.rendering import redirect

VAULT = "/structures/{}/attestations"
FIELDS = ("kind", "title", "issued_on", "valid_until", "insurer", "insured_amount")


async def _vault_page(
    request: Req, user: CurrentUser, org_id: int, at: date, history: bool, form: Refused
) -> Template:
    """The papers at ``at`` (every version with ``history``) and the upload form."""
    return show_form(
        request,
        "members/certificates.html",
        form,
        organisation=await organisations.get_organisation(org_id, user),
        certificates=await certificates.list_certificates(user, org_id, at, history),
        at=at,
        history=history,
        today=utcnow().date(),
        kinds=CERTIFICATE_KINDS,
    )


class CertificatePages(Controller):
    path = "/structures/{organisation_id:int}/attestations"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: Req,
        organisation_id: FromPath[int],
        user: LoggedIn,
        date_: Annotated[str, QueryParameter(name="date")] = "",
        historique: FromQuery[bool] = False,
    ) -> Template:
        ensure_manages(user, organisation_id)
        errors: dict[str, str] = {}
        at = optional_date(date_, "date", errors) or utcnow().date()
        form = Refused({"kind": "urssaf"}, errors, 200)
        return await _vault_page(request, user, organisation_id, at, historique, form)

    @post("/", request_max_body_size=upload_limit(certificates.MAX_CERTIFICATE_BYTES))
    async def upload(
        self, request: Req, organisation_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        file = await posted_file(form)
        values = {k: first(form, k) for k in FIELDS}
        errors: dict[str, str] = {}
        issued_on = optional_date(values["issued_on"], "issued_on", errors)
        valid_until = optional_date(values["valid_until"], "valid_until", errors)
        filename, content = file or ("", b"")
        if file is None:
            errors["file"] = "Choisissez le fichier à déposer (PDF, PNG ou JPEG)."
        return await submit(
            lambda: certificates.upload_certificate(
                user,
                organisation_id,
                kind=values["kind"],
                title=values["title"],
                issued_on=issued_on,
                valid_until=valid_until,
                filename=filename,
                data=content,
                insurer=values["insurer"],
                insured_amount=values["insured_amount"],
            ),
            lambda paper: redirect(
                VAULT.format(organisation_id),
                f"{paper.kind_label} déposée ({paper.status_label.lower()}).",
            ),
            lambda refused: _vault_page(
                request, user, organisation_id, utcnow().date(), False, refused
            ),
            values=values,
            errors=errors,
            error_field="file",
        )

    @get("/{certificate_id:int}/fichier")
    async def download(
        self, organisation_id: FromPath[int], certificate_id: FromPath[int], user: LoggedIn
    ) -> Response[bytes]:
        content, paper = await certificates.certificate_file(user, organisation_id, certificate_id)
        return downloads.download(content, paper.filename, paper.content_type)

    @post("/{certificate_id:int}/validite")
    async def validity(
        self,
        request: Req,
        organisation_id: FromPath[int],
        certificate_id: FromPath[int],
        user: LoggedIn,
    ) -> Redirect:
        posted = await read_form(request, ValidityIn)
        back = VAULT.format(organisation_id)
        if posted.errors:
            return redirect(back, posted.errors["valid_until"], "error")
        return await submit(
            lambda: certificates.update_validity(
                user, organisation_id, certificate_id, posted.data.valid_until
            ),
            lambda _: redirect(back, "Fin de validité enregistrée."),
            flash_back(back),
            catch=Invalid,
        )
