"""Pages of bid packages (compile, progress, versions, download) and of document templates."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.errors import DomainError
from tenders.jobs import JobQueue
from tenders.packages import service, templates
from tenders.packages.api import TEMPLATE_UPLOAD_LIMIT, ZIP_TYPE
from tenders.packages.templates import DOCX_TYPE
from tenders.settings import Settings
from tenders.web.downloads import download
from tenders.web.forms import first, multi_form
from tenders.web.rendering import page, redirect


class PackagePages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @post("/compiler")
    async def compile(
        self,
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        jobs: NamedDependency[JobQueue],
    ) -> Redirect:
        job = await service.request_compile(user, consortium_id, jobs)
        return redirect(
            f"/groupements/{consortium_id}#dossier",
            "Compilation demandée : l'avancement s'affiche ci-dessous."
            if job.status == "queued" and job.attempts == 0
            else "Une compilation est déjà en cours pour ce groupement.",
        )

    @post("/compilations/{job_id:int}/relancer")
    async def retry(
        self,
        consortium_id: FromPath[int],
        job_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        jobs: NamedDependency[JobQueue],
    ) -> Redirect:
        await service.retry(user, job_id, jobs)
        return redirect(f"/groupements/{consortium_id}#dossier", "Compilation relancée.")

    @get("/dossiers/{version:int}/zip")
    async def zip(
        self,
        consortium_id: FromPath[int],
        version: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[bytes]:
        name, data = await service.package_zip(user, consortium_id, version)
        return download(data, name, ZIP_TYPE)


class TemplatePages(Controller):
    path = "/modeles"
    include_in_schema = False
    opt = {"roles": STAFF}

    async def _page(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        return page(
            request,
            "packages/templates.html",
            status_code=status_code,
            kinds=await templates.list_templates(user),
            errors=errors or {},
        )

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        return await self._page(request, user)

    @post("/{kind:str}", request_max_body_size=TEMPLATE_UPLOAD_LIMIT)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        kind: FromPath[str],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        form = await multi_form(request)
        upload = next((v for v in form.get("file", []) if isinstance(v, UploadFile)), None)
        try:
            content = await upload.read() if upload is not None and upload.filename else b""
            version = await templates.upload(
                user,
                kind,
                content,
                upload.filename if upload else "",
                first(form, "comment"),
                settings,
            )
        except DomainError as exc:
            message = exc.fields.get("file") or exc.message
            return await self._page(request, user, {kind: message}, exc.status_code)
        return redirect(
            f"/modeles#{kind}",
            f"{templates.KIND_LABELS[kind]} : version {version.version} acceptée et en service.",
        )

    @post("/{kind:str}/{version:int}/retirer")
    async def withdraw(
        self, kind: FromPath[str], version: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> Redirect:
        await templates.withdraw(user, kind, version)
        return redirect(f"/modeles#{kind}", f"Version {version} retirée.")

    @get("/{kind:str}/{version:int}/fichier")
    async def original(
        self, kind: FromPath[str], version: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> Response[bytes]:
        name, data = await templates.template_file(user, kind, version)
        return download(data, name, DOCX_TYPE)

    @get("/{kind:str}/{version:int}/apercu")
    async def preview(
        self,
        kind: FromPath[str],
        version: FromPath[int],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        name, data = await templates.preview(user, kind, version, settings)
        return download(data, name, DOCX_TYPE)
