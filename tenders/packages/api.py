"""JSON API of bid packages and document templates (the coordination only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_202_ACCEPTED

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.documents.template_check import MAX_COMPRESSED
from tenders.jobs import JobQueue
from tenders.packages import service, templates
from tenders.packages.service import JobOut, PackageOut
from tenders.packages.templates import DOCX_TYPE, TemplateKindOut, TemplateVersionOut
from tenders.settings import Settings
from tenders.web.downloads import download

NO_STORE = {"Cache-Control": "no-store"}
TEMPLATE_UPLOAD_LIMIT = MAX_COMPRESSED + 64 * 1024
ZIP_TYPE = "application/zip"


@dataclass
class TemplateUpload:
    """A DOCX template sent as multipart/form-data."""

    file: UploadFile
    comment: str = ""


class PackageApi(Controller):
    path = "/api"
    tags = ["Dossiers de candidature"]
    opt = {"roles": STAFF}

    @post(
        "/consortia/{consortium_id:int}/compile",
        operation_id="compilePackage",
        summary="Compiler le dossier de candidature (tâche de fond ; suivre la tâche renvoyée)",
        status_code=HTTP_202_ACCEPTED,
    )
    async def compile(
        self,
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        jobs: NamedDependency[JobQueue],
    ) -> Response[JobOut]:
        job = await service.request_compile(user, consortium_id, jobs)
        return Response(job, status_code=HTTP_202_ACCEPTED, headers=NO_STORE)

    @get(
        "/compile-jobs/{job_id:int}",
        operation_id="getCompileJob",
        summary="Avancement d'une compilation (documents faits / total)",
    )
    async def job(
        self, job_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> Response[JobOut]:
        return Response(await service.get_job(user, job_id), headers=NO_STORE)

    @post(
        "/compile-jobs/{job_id:int}/retry",
        operation_id="retryCompileJob",
        summary="Relancer une compilation en échec",
        status_code=HTTP_202_ACCEPTED,
    )
    async def retry(
        self,
        job_id: FromPath[int],
        user: NamedDependency[CurrentUser],
        jobs: NamedDependency[JobQueue],
    ) -> Response[JobOut]:
        job = await service.retry(user, job_id, jobs)
        return Response(job, status_code=HTTP_202_ACCEPTED, headers=NO_STORE)

    @get(
        "/consortia/{consortium_id:int}/packages",
        operation_id="listPackages",
        summary="Les versions compilées du dossier, avec l'empreinte SHA-256 de chaque fichier",
    )
    async def packages(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> Response[list[PackageOut]]:
        return Response(await service.list_packages(user, consortium_id), headers=NO_STORE)

    @get(
        "/consortia/{consortium_id:int}/packages/{version:int}/zip",
        operation_id="downloadPackage",
        summary="Télécharger une version du dossier (ZIP)",
        media_type=ZIP_TYPE,
    )
    async def zip(
        self,
        consortium_id: FromPath[int],
        version: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[bytes]:
        name, data = await service.package_zip(user, consortium_id, version)
        return download(data, name, ZIP_TYPE)


class TemplateApi(Controller):
    path = "/api/document-templates"
    tags = ["Modèles de documents"]
    opt = {"roles": STAFF}

    @get("/", operation_id="listDocumentTemplates", summary="Les modèles et leurs versions")
    async def index(self, user: NamedDependency[CurrentUser]) -> list[TemplateKindOut]:
        return await templates.list_templates(user)

    @post(
        "/{kind:str}",
        operation_id="uploadDocumentTemplate",
        summary="Déposer une nouvelle version d'un modèle (DOCX vérifié avant d'être accepté)",
        request_max_body_size=TEMPLATE_UPLOAD_LIMIT,
    )
    async def upload(
        self,
        kind: FromPath[str],
        data: Annotated[TemplateUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> TemplateVersionOut:
        content = await data.file.read()
        return await templates.upload(
            user, kind, content, data.file.filename or "", data.comment, settings
        )

    @get(
        "/{kind:str}/{version:int}/preview",
        operation_id="previewDocumentTemplate",
        summary="Le document que produit une version, avec les données de démonstration",
        media_type=DOCX_TYPE,
    )
    async def preview(
        self,
        kind: FromPath[str],
        version: FromPath[int],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        name, data = await templates.preview(user, kind, version, settings)
        return download(data, name, DOCX_TYPE)
