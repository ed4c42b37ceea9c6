"""The buyer's ESPD Request of a tender: uploaded by the coordination, read once, kept with
what it asks, and the checklist of the criteria the members' DUME answer.

An upload is checked for size, then read (``tenders.espd.request.read_request``: no DTD nor
entity is ever expanded, so an XML bomb is refused before it can grow) in a thread so the
event loop keeps serving; only a request read whole is stored, in one transaction, replacing
the tender's previous one."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.dume.checklist import by_hand, sections_for
from tenders.dume.schemas import Checklist, UploadedRequest
from tenders.dume.tables import EspdRequestFile
from tenders.errors import NotFound
from tenders.espd.errors import MAX_REQUEST_BYTES, TOO_LARGE, EspdError
from tenders.espd.model import EspdRequest
from tenders.espd.request import read_request
from tenders.members.access import ensure_staff
from tenders.procurement.tables import Tender
from tenders.storage import safe_filename, store

XML = "application/xml"
NO_TENDER = "Cette consultation n'existe pas."
NO_REQUEST = "Cette consultation n'a pas de DUME de l'acheteur."


async def upload_request(
    user: CurrentUser, tender_id: int, filename: str, data: bytes
) -> Checklist:
    """Reads and keeps the buyer's ESPD Request of ``tender_id``, replacing the one before;
    raises EspdError (422, field « file ») with what to fix, storing nothing."""
    ensure_staff(user)
    await _ensure_tender(tender_id)
    if len(data) > MAX_REQUEST_BYTES:
        raise EspdError(TOO_LARGE)
    request = await asyncio.to_thread(read_request, data)
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    name = safe_filename(stem or "dume-acheteur", ".xml")
    async with db.transaction():
        await _ensure_tender(tender_id)
        ref = await store(data, XML)
        await EspdRequestFile.delete().where(EspdRequestFile.tender == tender_id)
        await EspdRequestFile.insert(
            EspdRequestFile(
                tender=tender_id,
                file_sha256=ref.sha256,
                filename=name,
                content_type=XML,
                size=ref.size,
                uploaded_by=user.id,
                uploaded_at=utcnow(),
                version=request.version,
                reference=request.reference[:200],
                content=msgspec.json.encode(request).decode(),
            )
        )
        await audit.record(
            user,
            "tender.espd_request_uploaded",
            ("tender", tender_id),
            detail={"file": name, "sha256": ref.sha256, "criteria": len(request.criteria)},
        )
    return await checklist(user, tender_id)


async def delete_request(user: CurrentUser, tender_id: int) -> None:
    """Forgets the tender's ESPD Request: its members' DUME answer the default criteria."""
    ensure_staff(user)
    async with db.transaction():
        await _ensure_tender(tender_id)
        if not await EspdRequestFile.exists().where(EspdRequestFile.tender == tender_id):
            raise NotFound(NO_REQUEST)
        await EspdRequestFile.delete().where(EspdRequestFile.tender == tender_id)
        await audit.record(user, "tender.espd_request_deleted", ("tender", tender_id))


async def request_for(tender_id: int) -> EspdRequest | None:
    """The ESPD Request the coordination uploaded for ``tender_id``, as read when it was
    uploaded; None without one."""
    row = await _row(tender_id)
    return None if row is None else _request(row)


async def checklist(user: CurrentUser, tender_id: int) -> Checklist:
    """The criteria each member's DUME answers for the tender, by kind, with who gives each
    and whether Cordée fills it; Cordée's default criteria without a buyer's request."""
    ensure_staff(user)
    await _ensure_tender(tender_id)
    row = await _row(tender_id)
    request = None if row is None else _request(row)
    sections = sections_for(request)
    uploaded = None if row is None or request is None else _uploaded(row, request)
    return Checklist(
        tender_id=tender_id, request=uploaded, sections=sections, by_hand=by_hand(sections)
    )


async def uploaded(tender_id: int) -> UploadedRequest | None:
    """The buyer's ESPD Request of ``tender_id`` as uploaded (for the tender page, which only
    the coordination sees); None without one."""
    row = await _row(tender_id)
    return None if row is None else _uploaded(row, _request(row))


def _uploaded(row: dict[str, Any], request: EspdRequest) -> UploadedRequest:
    return UploadedRequest(
        filename=row["filename"],
        size=row["size"],
        sha256=row["file_sha256"],
        version=row["version"],
        reference=request.reference,
        buyer_name=request.buyer_name,
        title=request.title,
        lots=[lot for lot in request.lots if lot != "LOT-0000"],
        criteria=len(request.criteria),
        uploaded_at=row["uploaded_at"],
        uploaded_by=row["uploaded_by"],
    )


async def _ensure_tender(tender_id: int) -> None:
    if not await Tender.exists().where(Tender.id == tender_id):
        raise NotFound(NO_TENDER)


async def _row(tender_id: int) -> dict[str, Any] | None:
    rows = await EspdRequestFile.select().where(EspdRequestFile.tender == tender_id)
    return rows[0] if rows else None


def _request(row: dict[str, Any]) -> EspdRequest:
    content = row["content"]
    raw = content.encode() if isinstance(content, str) else msgspec.json.encode(content)
    return msgspec.json.decode(raw, type=EspdRequest)
