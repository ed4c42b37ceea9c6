"""JSON API of tenders: list, create, edit, import a notice, pipeline, milestones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from tenders.accounts.roles import STAFF
from tenders.procurement import files, imports, service
from tenders.procurement.schemas import (
    DecisionIn,
    ImportResult,
    MilestoneIn,
    StatusIn,
    TenderIn,
    TenderOut,
    TenderSummary,
)
from tenders.web.deps import LoggedIn
from tenders.web.downloads import download
from tenders.web.paging import API_LIMIT, Limit, Offset

IMPORT_LIMIT = 5 * 1024 * 1024 + 64 * 1024
ONE = "/{tender_id:int}"


@dataclass
class NoticeUpload:
    """A file sent as multipart/form-data (a notice, or a document to attach)."""

    file: UploadFile


Multipart = Annotated[NoticeUpload, Body(media_type=RequestEncodingType.MULTI_PART)]


class TenderApi(Controller):
    path = "/api/tenders"
    tags = ["Consultations"]
    opt = {"roles": STAFF}

    @get(
        "/",
        summary="Consultations, par date limite",
        response_description="La liste des consultations (``limit`` à partir de ``offset``)",
    )
    async def list_tenders(
        self, status: FromQuery[str] = "", limit: Limit = API_LIMIT, offset: Offset = 0
    ) -> list[TenderSummary]:
        return await service.tender_page([status] if status else None, offset, limit)

    @post("/", summary="Saisir une consultation")
    async def create_tender(self, data: JSONBody[TenderIn], user: LoggedIn) -> TenderOut:
        return await service.create_tender(user, data)

    @post(
        "/import",
        summary="Importer un avis (eForms XML, BOAMP JSON, OCDS JSON) en brouillon",
        request_max_body_size=IMPORT_LIMIT,
    )
    async def import_notice(self, data: Multipart, user: LoggedIn) -> Response[ImportResult]:
        tender, created = await imports.import_notice(user, await data.file.read())
        return Response(
            ImportResult(
                created=created,
                tender=tender,
                warnings=tender.import_warnings,
                differences=tender.import_differences,
            ),
            status_code=HTTP_201_CREATED if created else HTTP_200_OK,
        )

    @get(ONE, summary="Une consultation")
    async def get_tender(self, tender_id: FromPath[int]) -> TenderOut:
        return await service.get_tender(tender_id)

    @put(ONE, summary="Remplacer une consultation (les lots aussi, s'ils sont envoyés)")
    async def update_tender(
        self, tender_id: FromPath[int], data: JSONBody[TenderIn], user: LoggedIn
    ) -> TenderOut:
        return await service.update_tender(user, tender_id, data)

    @post(
        f"{ONE}/status",
        summary="Faire avancer la consultation dans le suivi",
        status_code=HTTP_200_OK,
    )
    async def change_tender_status(
        self, tender_id: FromPath[int], data: JSONBody[StatusIn], user: LoggedIn
    ) -> TenderOut:
        return await service.change_status(user, tender_id, data.status, data.reason)

    @post(f"{ONE}/decision", summary="Décision go / no go avec sa grille", status_code=HTTP_200_OK)
    async def decide_tender(
        self, tender_id: FromPath[int], data: JSONBody[DecisionIn], user: LoggedIn
    ) -> TenderOut:
        return await service.decide(user, tender_id, data.decision, data.reasons, data.scores)

    @post(
        f"{ONE}/milestones/replan",
        summary="Recalculer les jalons à partir de la date limite",
        status_code=HTTP_200_OK,
    )
    async def replan_milestones(self, tender_id: FromPath[int], user: LoggedIn) -> TenderOut:
        return await service.replan_milestones(user, tender_id)

    @patch(f"{ONE}/milestones/{{milestone_id:int}}", summary="Modifier un jalon")
    async def update_milestone(
        self,
        tender_id: FromPath[int],
        milestone_id: FromPath[int],
        data: JSONBody[MilestoneIn],
        user: LoggedIn,
    ) -> TenderOut:
        return await service.update_milestone(
            user, tender_id, milestone_id, data.due_at, data.done, data.label
        )


class TenderFileApi(Controller):
    path = "/api/tenders/{tender_id:int}/files"
    tags = ["Consultations"]
    opt = {"roles": STAFF}

    @get("/", summary="Fichiers joints à la consultation")
    async def list_tender_files(self, tender_id: FromPath[int]) -> list[files.TenderFileOut]:
        return await files.list_files(tender_id)

    @post(
        "/",
        summary="Joindre un fichier (PDF, image, Word, Excel, OpenDocument ou ZIP ; 20 Mo)",
        request_max_body_size=files.MAX_TENDER_FILE_BYTES + 64 * 1024,
    )
    async def attach_tender_file(
        self, tender_id: FromPath[int], data: Multipart, user: LoggedIn
    ) -> files.TenderFileOut:
        return await files.attach(user, tender_id, data.file.filename or "", await data.file.read())

    @get(
        "/{file_id:int}",
        summary="Télécharger un fichier",
        media_type="application/octet-stream",
    )
    async def download_tender_file(
        self, tender_id: FromPath[int], file_id: FromPath[int]
    ) -> Response[bytes]:
        content, info = await files.file_content(tender_id, file_id)
        return download(content, info.filename, info.content_type)
