"""JSON API of a tender's DUME: the buyer's ESPD Request and the checklist it gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, delete, get, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.roles import STAFF
from tenders.dume import service
from tenders.dume.schemas import Checklist
from tenders.espd.errors import MAX_REQUEST_BYTES
from tenders.web.deps import LoggedIn
from tenders.web.forms import upload_limit


@dataclass
class RequestUpload:
    """The buyer's ESPD Request (XML), sent as multipart/form-data in the field ``file``."""

    file: UploadFile


class EspdRequestApi(Controller):
    path = "/api/tenders/{tender_id:int}/espd-request"
    tags = ["DUME"]
    opt = {"roles": STAFF}

    @get(
        "/",
        summary="Critères du DUME de la consultation : ceux de l'acheteur, ou par défaut",
    )
    async def get_espd_checklist(self, tender_id: FromPath[int], user: LoggedIn) -> Checklist:
        return await service.checklist(user, tender_id)

    @put(
        "/",
        summary="Déposer le DUME de l'acheteur (ESPD Request XML, version 4.1.0, 5 Mo au plus)",
        status_code=HTTP_200_OK,
        request_max_body_size=upload_limit(MAX_REQUEST_BYTES),
    )
    async def upload_espd_request(
        self,
        tender_id: FromPath[int],
        data: Annotated[RequestUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        user: LoggedIn,
    ) -> Checklist:
        content = await data.file.read()
        return await service.upload_request(user, tender_id, data.file.filename or "", content)

    @delete(
        "/",
        summary="Retirer le DUME de l'acheteur (retour aux critères par défaut)",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def delete_espd_request(self, tender_id: FromPath[int], user: LoggedIn) -> None:
        await service.delete_request(user, tender_id)
