"""The DUME page of a tender: the buyer's ESPD Request uploaded, and the checklist of the
criteria each member's DUME answers (Cordée's default criteria without a request)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.dume import service
from tenders.dume.missing_page import missing_by_consortium
from tenders.espd.errors import MAX_REQUEST_BYTES
from tenders.procurement.service import get_tender
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import (
    Refused,
    flash_back,
    fresh,
    multi_form,
    posted_file,
    show_form,
    submit,
    upload_limit,
)
from tenders.web.rendering import redirect

PAGE = "/consultations/{}/dume"
CHOOSE = "Choisissez le fichier XML du DUME de l'acheteur (ESPD Request)."


async def _checklist_page(request: Req, user: LoggedIn, tender_id: int, form: Refused) -> Template:
    return show_form(
        request,
        "dume/checklist.html",
        form,
        tender=await get_tender(tender_id),
        checklist=await service.checklist(user, tender_id),
        consortia=await missing_by_consortium(tender_id),
    )


class DumePages(Controller):
    path = "/consultations/{tender_id:int}/dume"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def checklist(self, request: Req, tender_id: FromPath[int], user: LoggedIn) -> Template:
        return await _checklist_page(request, user, tender_id, fresh())

    @post("/", request_max_body_size=upload_limit(MAX_REQUEST_BYTES))
    async def upload(
        self, request: Req, tender_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        file = await posted_file(await multi_form(request))
        filename, content = file or ("", b"")
        return await submit(
            lambda: service.upload_request(user, tender_id, filename, content),
            lambda checklist: redirect(
                PAGE.format(tender_id),
                f"DUME de l'acheteur lu : {sum(len(s.items) for s in checklist.sections)} "
                "critères demandés.",
            ),
            lambda refused: _checklist_page(request, user, tender_id, refused),
            errors={} if file else {"file": CHOOSE},
            error_field="file",
        )

    @post("/supprimer")
    async def delete(self, tender_id: FromPath[int], user: LoggedIn) -> Redirect:
        return await submit(
            lambda: service.delete_request(user, tender_id),
            lambda _: redirect(
                PAGE.format(tender_id),
                "DUME de l'acheteur retiré : les DUME des membres répondent aux critères "
                "par défaut.",
            ),
            flash_back(PAGE.format(tender_id)),
        )
