"""Pages of bid packages (compile, progress, versions, download) and of document templates."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.packages import service, templates
from tenders.packages.api import TEMPLATE_UPLOAD_LIMIT, package_zip, template_preview
from tenders.packages.templates import DOCX_TYPE, TemplateVersionOut
from tenders.web.deps import AppSettings, Jobs, LoggedIn, Req
from tenders.web.downloads import download
from tenders.web.forms import Refused, first, fresh, multi_form, show_form, submit
from tenders.web.rendering import redirect


class PackagePages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @post("/compiler")
    async def compile(self, consortium_id: FromPath[int], user: LoggedIn, jobs: Jobs) -> Redirect:
        job = await service.request_compile(user, consortium_id, jobs)
        return redirect(
            f"/groupements/{consortium_id}#dossier",
            "Compilation demandée : l'avancement s'affiche ci-dessous."
            if job.status == "queued" and job.attempts == 0
            else "Une compilation est déjà en cours pour ce groupement.",
        )

    @post("/compilations/{job_id:int}/relancer")
    async def retry(
        self, consortium_id: FromPath[int], job_id: FromPath[int], user: LoggedIn, jobs: Jobs
    ) -> Redirect:
        await service.retry(user, job_id, jobs)
        return redirect(f"/groupements/{consortium_id}#dossier", "Compilation relancée.")

    @get("/dossiers/{version:int}/zip")
    async def zip(
        self, consortium_id: FromPath[int], version: FromPath[int], user: LoggedIn
    ) -> Response[bytes]:
        return await package_zip(user, consortium_id, version)


async def _templates_page(request: Req, user: CurrentUser, form: Refused) -> Template:
    return show_form(
        request, "packages/templates.html", form, kinds=await templates.list_templates(user)
    )


class TemplatePages(Controller):
    path = "/modeles"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Req, user: LoggedIn) -> Template:
        return await _templates_page(request, user, fresh())

    @post("/{kind:str}", request_max_body_size=TEMPLATE_UPLOAD_LIMIT)
    async def upload(
        self, request: Req, kind: FromPath[str], user: LoggedIn, settings: AppSettings
    ) -> Template | Redirect:
        form = await multi_form(request)
        upload = next((v for v in form.get("file", []) if isinstance(v, UploadFile)), None)

        async def save() -> TemplateVersionOut:
            content = await upload.read() if upload is not None and upload.filename else b""
            filename = upload.filename if upload else ""
            return await templates.upload(
                user, kind, content, filename, first(form, "comment"), settings
            )

        # The refusal is shown beside the template's own upload form: the file's message, or
        # the service's when it names no field.
        label = templates.KIND_LABELS.get(kind, kind)
        return await submit(
            save,
            lambda version: redirect(
                f"/modeles#{kind}", f"{label} : version {version.version} acceptée et en service."
            ),
            lambda refused: _templates_page(request, user, refused),
            error_field=kind,
            rename=lambda fields: {kind: fields["file"]} if fields.get("file") else {},
        )

    @post("/{kind:str}/{version:int}/retirer")
    async def withdraw(
        self, kind: FromPath[str], version: FromPath[int], user: LoggedIn
    ) -> Redirect:
        await templates.withdraw(user, kind, version)
        return redirect(f"/modeles#{kind}", f"Version {version} retirée.")

    @get("/{kind:str}/{version:int}/fichier")
    async def original(
        self, kind: FromPath[str], version: FromPath[int], user: LoggedIn
    ) -> Response[bytes]:
        name, data = await templates.template_file(user, kind, version)
        return download(data, name, DOCX_TYPE)

    @get("/{kind:str}/{version:int}/apercu")
    async def preview(
        self, kind: FromPath[str], version: FromPath[int], user: LoggedIn, settings: AppSettings
    ) -> Response[bytes]:
        return await template_preview(user, kind, version, settings)
