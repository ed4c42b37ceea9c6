"""JSON API of bid packages and document templates (the coordination only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_202_ACCEPTED

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.documents.template_check import MAX_COMPRESSED
from tenders.packages import service, templates
from tenders.packages.service import JobOut, PackageOut
from tenders.packages.templates import DOCX_TYPE, TemplateKindOut, TemplateVersionOut
from tenders.settings import Settings
from tenders.web.deps import AppSettings, Jobs, LoggedIn
from tenders.web.downloads import download

NO_STORE = {"Cache-Control": "no-store"}
TEMPLATE_UPLOAD_LIMIT = MAX_COMPRESSED + 64 * 1024
ZIP_TYPE = "application/zip"
CONSORTIUM = "/consortia/{consortium_id:int}"
JOB = "/compile-jobs/{job_id:int}"
VERSION = "/{kind:str}/{version:int}"


@dataclass
class TemplateUpload:
    """A DOCX template sent as multipart/form-data."""

    file: UploadFile
    comment: str = ""


def _accepted(job: JobOut) -> Response[JobOut]:
    return Response(job, status_code=HTTP_202_ACCEPTED, headers=NO_STORE)


async def package_zip(user: CurrentUser, consortium_id: int, version: int) -> Response[bytes]:
    """A compiled version of the package as a ZIP download (the pages serve it too)."""
    name, data = await service.package_zip(user, consortium_id, version)
    return download(data, name, ZIP_TYPE)


async def template_preview(
    user: CurrentUser, kind: str, version: int, settings: Settings
) -> Response[bytes]:
    """The document a template version makes of the demo data (the pages serve it too)."""
    name, data = await templates.preview(user, kind, version, settings)
    return download(data, name, DOCX_TYPE)


class PackageApi(Controller):
    path = "/api"
    tags = ["Dossiers de candidature"]
    opt = {"roles": STAFF}

    @post(
        f"{CONSORTIUM}/compile",
        summary="Compiler le dossier de candidature (tâche de fond ; suivre la tâche renvoyée)",
        status_code=HTTP_202_ACCEPTED,
    )
    async def compile_package(
        self, consortium_id: FromPath[int], user: LoggedIn, jobs: Jobs
    ) -> Response[JobOut]:
        return _accepted(await service.request_compile(user, consortium_id, jobs))

    @get(JOB, summary="Avancement d'une compilation (documents faits / total)")
    async def get_compile_job(self, job_id: FromPath[int], user: LoggedIn) -> Response[JobOut]:
        return Response(await service.get_job(user, job_id), headers=NO_STORE)

    @post(
        f"{JOB}/retry", summary="Relancer une compilation en échec", status_code=HTTP_202_ACCEPTED
    )
    async def retry_compile_job(
        self, job_id: FromPath[int], user: LoggedIn, jobs: Jobs
    ) -> Response[JobOut]:
        return _accepted(await service.retry(user, job_id, jobs))

    @get(
        f"{CONSORTIUM}/packages",
        summary="Les versions compilées du dossier, avec l'empreinte SHA-256 de chaque fichier",
    )
    async def list_packages(
        self, consortium_id: FromPath[int], user: LoggedIn
    ) -> Response[list[PackageOut]]:
        return Response(await service.list_packages(user, consortium_id), headers=NO_STORE)

    @get(
        f"{CONSORTIUM}/packages/{{version:int}}/zip",
        summary="Télécharger une version du dossier (ZIP)",
        media_type=ZIP_TYPE,
    )
    async def download_package(
        self, consortium_id: FromPath[int], version: FromPath[int], user: LoggedIn
    ) -> Response[bytes]:
        return await package_zip(user, consortium_id, version)


class TemplateApi(Controller):
    path = "/api/document-templates"
    tags = ["Modèles de documents"]
    opt = {"roles": STAFF}

    @get("/", summary="Les modèles et leurs versions")
    async def list_document_templates(self, user: LoggedIn) -> list[TemplateKindOut]:
        return await templates.list_templates(user)

    @post(
        "/{kind:str}",
        summary="Déposer une nouvelle version d'un modèle (DOCX vérifié avant d'être accepté)",
        request_max_body_size=TEMPLATE_UPLOAD_LIMIT,
    )
    async def upload_document_template(
        self,
        kind: FromPath[str],
        data: Annotated[TemplateUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        user: LoggedIn,
        settings: AppSettings,
    ) -> TemplateVersionOut:
        content = await data.file.read()
        return await templates.upload(
            user, kind, content, data.file.filename or "", data.comment, settings
        )

    @get(
        f"{VERSION}/preview",
        summary="Le document que produit une version, avec les données de démonstration",
        media_type=DOCX_TYPE,
    )
    async def preview_document_template(
        self, kind: FromPath[str], version: FromPath[int], user: LoggedIn, settings: AppSettings
    ) -> Response[bytes]:
        return await template_preview(user, kind, version, settings)
