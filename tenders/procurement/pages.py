"""Tender pages: the pipeline, a tender, its forms, import of notices, go / no-go."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.dume import service as dume
from tenders.errors import Invalid
from tenders.procurement import files, imports, service
from tenders.procurement.page_forms import (
    NEW_TENDER,
    lot_field_errors,
    lot_values,
    read_lot,
    read_tender,
    tender_values,
)
from tenders.procurement.schemas import DecisionIn, LotIn, TenderIn, TenderOut
from tenders.procurement.vocabulary import ACTIVE, KINDS, PROCEDURES, RESERVED, SOURCES, STATUSES
from tenders.watch.links import watch_of
from tenders.web import rendering
from tenders.web.deps import LoggedIn, PageNumber, Req
from tenders.web.downloads import download
from tenders.web.forms import (
    Refused,
    first,
    flash_back,
    fresh,
    multi_form,
    paris_datetime,
    read_form,
    show_form,
    submit,
)
from tenders.web.paging import paging
from tenders.web.rendering import page, redirect

IMPORT_LIMIT = 5 * 1024 * 1024 + 64 * 1024
FILE_LIMIT = files.MAX_TENDER_FILE_BYTES + 64 * 1024


def vocabulary() -> dict[str, Any]:
    return {
        "statuses": STATUSES,
        "procedures": PROCEDURES,
        "kinds": KINDS,
        "reserved_choices": RESERVED,
        "sources": SOURCES,
    }


class TenderPages(Controller):
    path = "/consultations"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(
        self, request: Req, statut: FromQuery[str] = "", page: PageNumber = 1
    ) -> Template:
        counts = await service.status_counts()
        wanted = [statut] if statut in STATUSES else sorted(ACTIVE)
        shown = paging(sum(counts[s] for s in wanted), page)
        return rendering.page(
            request,
            "procurement/index.html",
            tenders=await service.tender_page(wanted, shown.offset, shown.per_page),
            paging=shown,
            counts=counts,
            current=statut,
            **vocabulary(),
        )

    @get("/nouvelle")
    async def new_form(self, request: Req) -> Template:
        return _tender_form(request, fresh(NEW_TENDER))

    @post("/nouvelle")
    async def create(self, request: Req, user: LoggedIn) -> Template | Redirect:
        posted = read_tender(await multi_form(request), with_first_lot=True)
        return await posted.submit(
            lambda data: service.create_tender(user, data),
            lambda tender: redirect(f"/consultations/{tender.id}", "Consultation créée."),
            lambda refused: _tender_form(request, refused),
            rename=lot_field_errors,
        )

    @get("/importer")
    async def import_form(self, request: Req) -> Template:
        return _import_page(request)

    @post("/importer", request_max_body_size=IMPORT_LIMIT)
    async def import_notice(self, request: Req, user: LoggedIn) -> Template | Redirect:
        form = await multi_form(request)
        upload = next((v for v in form.get("file", []) if isinstance(v, UploadFile)), None)
        pasted = first(form, "pasted")
        content = await upload.read() if upload is not None and upload.filename else b""
        if not content:
            content = pasted.strip().encode()
        if not content:
            missing = "Choisissez un fichier d'avis ou collez son contenu."
            return _import_page(request, pasted, missing, 422)
        return await submit(
            lambda: imports.import_notice(user, content),
            lambda imported: redirect(f"/consultations/{imported[0].id}", _imported(*imported)),
            lambda refused: _import_page(
                request, pasted[:20_000], refused.message, refused.status_code
            ),
        )

    @get("/{tender_id:int}")
    async def show(self, request: Req, tender_id: FromPath[int]) -> Template:
        return await _tender_page(request, tender_id)

    @post("/{tender_id:int}/fichiers", request_max_body_size=FILE_LIMIT)
    async def attach(self, request: Req, tender_id: FromPath[int], user: LoggedIn) -> Redirect:
        form = await multi_form(request)
        upload = next((v for v in form.get("file", []) if isinstance(v, UploadFile)), None)
        if upload is None or not upload.filename:
            return redirect(
                f"/consultations/{tender_id}#fichiers", "Choisissez le fichier à joindre.", "error"
            )
        name, content = upload.filename, await upload.read()
        return await submit(
            lambda: files.attach(user, tender_id, name, content),
            lambda attached: redirect(
                f"/consultations/{tender_id}#fichiers", f"Fichier joint : {attached.filename}."
            ),
            flash_back(f"/consultations/{tender_id}#fichiers"),
        )

    @get("/{tender_id:int}/fichiers/{file_id:int}")
    async def download_file(
        self, tender_id: FromPath[int], file_id: FromPath[int]
    ) -> Response[bytes]:
        content, info = await files.file_content(tender_id, file_id)
        return download(content, info.filename, info.content_type)

    @get("/{tender_id:int}/modifier")
    async def edit_form(self, request: Req, tender_id: FromPath[int]) -> Template:
        tender = await service.get_tender(tender_id)
        return _tender_form(request, fresh(tender_values(tender)), tender)

    @post("/{tender_id:int}/modifier")
    async def edit(
        self, request: Req, tender_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = read_tender(await multi_form(request), with_first_lot=False)

        async def again(refused: Refused) -> Template:
            return _tender_form(request, refused, await service.get_tender(tender_id))

        return await posted.submit(
            lambda data: service.update_tender(user, tender_id, data),
            lambda _: redirect(f"/consultations/{tender_id}", "Consultation enregistrée."),
            again,
        )

    @post("/{tender_id:int}/statut")
    async def status(self, request: Req, tender_id: FromPath[int], user: LoggedIn) -> Redirect:
        form = await multi_form(request)
        return await submit(
            lambda: service.change_status(
                user, tender_id, first(form, "status"), first(form, "reason")
            ),
            lambda tender: redirect(
                f"/consultations/{tender_id}", f"Statut : {tender.status_label}."
            ),
            flash_back(f"/consultations/{tender_id}"),
        )

    @post("/{tender_id:int}/decision")
    async def decision(
        self, request: Req, tender_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = await read_form(request, DecisionIn)
        return await posted.submit(
            lambda data: service.decide(user, tender_id, data.decision, data.reasons, data.scores),
            lambda tender: redirect(
                f"/consultations/{tender_id}", f"Décision enregistrée : {tender.status_label}."
            ),
            lambda refused: _tender_page(request, tender_id, refused),
            error_field="decision",
        )

    @post("/{tender_id:int}/jalons/recalculer")
    async def replan(self, tender_id: FromPath[int], user: LoggedIn) -> Redirect:
        await service.replan_milestones(user, tender_id)
        return redirect(
            f"/consultations/{tender_id}#jalons", "Jalons recalculés à partir de la date limite."
        )

    @post("/{tender_id:int}/jalons/{milestone_id:int}")
    async def milestone(
        self, request: Req, tender_id: FromPath[int], milestone_id: FromPath[int], user: LoggedIn
    ) -> Redirect:
        form = await multi_form(request)
        errors: dict[str, str] = {}
        due = paris_datetime(first(form, "due_date"), first(form, "due_time"), "due", errors)
        if errors or due is None:
            return redirect(
                f"/consultations/{tender_id}#jalons",
                errors.get("due", "Indiquez la date du jalon."),
                "error",
            )
        await service.update_milestone(
            user, tender_id, milestone_id, due, first(form, "done") == "on"
        )
        return redirect(f"/consultations/{tender_id}#jalons", "Jalon enregistré.")

    @get("/{tender_id:int}/lots/nouveau")
    async def new_lot(self, request: Req, tender_id: FromPath[int]) -> Template:
        tender = await service.get_tender(tender_id)
        values = {
            "lot_reserved": tender.reserved,
            "lot_key": str(len(tender.lots) + 1),
            "lot_currency": tender.currency,
        }
        return _lot_form(request, tender, fresh(values))

    @post("/{tender_id:int}/lots/nouveau")
    async def add_lot(
        self, request: Req, tender_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        return await self._save_lot(request, tender_id, user, None)

    @get("/{tender_id:int}/lots/{lot_id:int}/modifier")
    async def edit_lot_form(
        self, request: Req, tender_id: FromPath[int], lot_id: FromPath[int]
    ) -> Template:
        tender = await service.get_tender(tender_id)
        lot = next((lot for lot in tender.lots if lot.id == lot_id), None)
        if lot is None:
            raise Invalid({"lot": "Ce lot n'existe pas."})
        return _lot_form(request, tender, fresh(lot_values(lot)))

    @post("/{tender_id:int}/lots/{lot_id:int}/modifier")
    async def edit_lot(
        self, request: Req, tender_id: FromPath[int], lot_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        return await self._save_lot(request, tender_id, user, lot_id)

    @post("/{tender_id:int}/lots/{lot_id:int}/supprimer")
    async def delete_lot(
        self, tender_id: FromPath[int], lot_id: FromPath[int], user: LoggedIn
    ) -> Redirect:
        data = _with_lot(await service.get_tender(tender_id), lot_id, None)
        if not data.lots:
            return redirect(
                f"/consultations/{tender_id}", "Une consultation garde au moins un lot.", "error"
            )
        await service.update_tender(user, tender_id, data)
        return redirect(f"/consultations/{tender_id}#lots", "Lot supprimé.")

    async def _save_lot(
        self, request: Req, tender_id: int, user: CurrentUser, lot_id: int | None
    ) -> Template | Redirect:
        tender = await service.get_tender(tender_id)
        posted = read_lot(await multi_form(request))
        return await posted.submit(
            lambda lot: service.update_tender(user, tender_id, _with_lot(tender, lot_id, lot)),
            lambda _: redirect(f"/consultations/{tender_id}#lots", "Lot enregistré."),
            lambda refused: _lot_form(request, tender, refused),
            rename=lot_field_errors,
            error_field="lot_title",
        )


def _with_lot(tender: TenderOut, lot_id: int | None, new_lot: LotIn | None) -> TenderIn:
    """The tender as it is, its lot ``lot_id`` replaced by ``new_lot`` (deleted if None), or
    ``new_lot`` added when ``lot_id`` is None."""
    data = imports.as_tender_in(tender)
    lots: list[LotIn] = []
    for lot, stored in zip(tender.lots, data.lots or [], strict=True):
        if lot.id != lot_id:
            lots.append(stored)
        elif new_lot is not None:
            lots.append(new_lot)
    data.lots = lots if lot_id is not None or new_lot is None else [*lots, new_lot]
    return data


def _import_page(
    request: Req, pasted: str = "", error: str = "", status_code: int = 200
) -> Template:
    """The notice import form, again with what was pasted and why it was refused."""
    errors = {"file": error} if error else {}
    return page(
        request, "procurement/import.html", status_code=status_code, pasted=pasted, errors=errors
    )


def _imported(tender: TenderOut, created: bool) -> str:
    if created:
        return "Avis importé : relisez le brouillon ci-dessous."
    if tender.import_differences:
        count = len(tender.import_differences)
        return (
            "Cet avis avait déjà été importé : le brouillon est mis à jour, et vos "
            + ("corrections sont gardées" if count > 1 else "correction est gardée")
            + " là où l'avis dit autre chose (voir ci-dessous)."
        )
    return "Cet avis avait déjà été importé : le brouillon est mis à jour."


async def _tender_page(request: Req, tender_id: int, form: Refused | None = None) -> Template:
    """A tender's page; with the go / no-go form as it was sent and its errors, if refused."""
    form = form or fresh()
    return show_form(
        request,
        "procurement/show.html",
        form,
        tender=await service.get_tender(tender_id),
        attachments=await files.list_files(tender_id),
        dume=await dume.uploaded(tender_id),
        watch=await watch_of(tender_id),
        decision_values=form.values,
        **vocabulary(),
    )


def _tender_form(request: Req, form: Refused, tender: TenderOut | None = None) -> Template:
    """The tender form: a new tender's (with its first lot) or ``tender``'s."""
    return show_form(
        request,
        "procurement/form.html",
        form,
        action=request.url.path,
        creating=tender is None,
        tender=tender,
        **vocabulary(),
    )


def _lot_form(request: Req, tender: TenderOut, form: Refused) -> Template:
    return show_form(
        request,
        "procurement/lot_form.html",
        form,
        tender=tender,
        action=request.url.path,
        **vocabulary(),
    )
