"""The certificate vault pages: list with status at a date, upload, history, download."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.errors import Invalid
from tenders.members import certificates
from tenders.members import service as organisations
from tenders.members.access import ensure_manages
from tenders.members.api import UPLOAD_LIMIT, file_response
from tenders.members.schemas import CertificateOut, ValidityIn
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.web.forms import first, flash_back, multi_form, optional_date, read_form, submit
from tenders.web.rendering import page, redirect


class CertificatePages(Controller):
    path = "/structures/{organisation_id:int}/attestations"
    include_in_schema = False

    async def _page(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        org_id: int,
        at: date,
        history: bool,
        values: dict[str, Any],
        errors: dict[str, str],
        status_code: int = 200,
    ) -> Template:
        org = await organisations.get_organisation(org_id, user)
        papers = await certificates.list_certificates(user, org_id, at, history)
        return page(
            request,
            "members/certificates.html",
            status_code=status_code,
            organisation=org,
            certificates=papers,
            at=at,
            history=history,
            today=utcnow().date(),
            kinds=CERTIFICATE_KINDS,
            values=values,
            errors=errors,
        )

    @get("/")
    async def index(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        date_: Annotated[str, QueryParameter(name="date")] = "",
        historique: FromQuery[bool] = False,
    ) -> Template:
        ensure_manages(user, organisation_id)
        errors: dict[str, str] = {}
        at = optional_date(date_, "date", errors) or utcnow().date()
        return await self._page(
            request, user, organisation_id, at, historique, {"kind": "urssaf"}, errors
        )

    @post("/", request_max_body_size=UPLOAD_LIMIT)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        form = await multi_form(request)
        upload = next((v for v in form.get("file", []) if isinstance(v, UploadFile)), None)
        values = {k: first(form, k) for k in ("kind", "title", "issued_on", "valid_until")}
        errors: dict[str, str] = {}
        issued_on = optional_date(values["issued_on"], "issued_on", errors)
        valid_until = optional_date(values["valid_until"], "valid_until", errors)
        if upload is None or not upload.filename:
            errors["file"] = "Choisissez le fichier à déposer (PDF, PNG ou JPEG)."

        async def store() -> CertificateOut:
            assert upload is not None
            return await certificates.upload_certificate(
                user,
                organisation_id,
                kind=values["kind"],
                title=values["title"],
                issued_on=issued_on,
                valid_until=valid_until,
                filename=upload.filename,
                data=await upload.read(),
            )

        return await submit(
            store,
            lambda paper: redirect(
                f"/structures/{organisation_id}/attestations",
                f"{paper.kind_label} déposée ({paper.status_label.lower()}).",
            ),
            lambda refused: self._page(
                request,
                user,
                organisation_id,
                utcnow().date(),
                False,
                refused.values,
                refused.errors,
                refused.status_code,
            ),
            values=values,
            errors=errors,
            error_field="file",
        )

    @get("/{certificate_id:int}/fichier")
    async def download(
        self,
        organisation_id: FromPath[int],
        certificate_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[bytes]:
        content, paper = await certificates.certificate_file(user, organisation_id, certificate_id)
        return file_response(content, paper)

    @post("/{certificate_id:int}/validite")
    async def validity(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[int],
        certificate_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        posted = await read_form(request, ValidityIn)
        back = f"/structures/{organisation_id}/attestations"
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
