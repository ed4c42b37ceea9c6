"""Files attached to a tender: the consultation documents as downloaded from the buyer."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import msgspec

from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.errors import NotFound
from tenders.members.access import ensure_staff
from tenders.procurement.tables import Tender, TenderFile
from tenders.storage import (
    FileKind,
    UnsupportedFile,
    check_size,
    detect,
    load,
    safe_filename,
    store,
)

MAX_TENDER_FILE_BYTES = 20 * 1024 * 1024

ZIP_KINDS = (
    (
        "word/document.xml",
        FileKind(
            "document Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
    ),
    (
        "xl/workbook.xml",
        FileKind(
            "classeur Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
    ),
)
ODF = {
    b"application/vnd.oasis.opendocument.text": FileKind(
        "document OpenDocument", "application/vnd.oasis.opendocument.text", ".odt"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind(
        "classeur OpenDocument", "application/vnd.oasis.opendocument.spreadsheet", ".ods"
    ),
}
ZIP = FileKind("archive ZIP", "application/zip", ".zip")


class TenderFileOut(msgspec.Struct):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    download_url: str


def detect_document(data: bytes) -> FileKind:
    """PDF, PNG, JPEG as for certificates; also Word, Excel, OpenDocument and ZIP archives
    (a DCE often comes zipped). Only the archive's directory is read, never its content."""
    if not data.startswith(b"PK\x03\x04"):
        return detect(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnsupportedFile("Cette archive ZIP est abîmée : elle ne peut pas être lue.") from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsupportedFile("Ce document contient des macros : il est refusé par sécurité.")
    if mimetype in ODF:
        return ODF[mimetype]
    for marker, kind in ZIP_KINDS:
        if marker in names:
            return kind
    return ZIP


async def _files(*where: Any) -> list[TenderFileOut]:
    rows = (
        await TenderFile.select(
            TenderFile.id,
            TenderFile.tender,
            TenderFile.filename,
            TenderFile.content_type,
            TenderFile.size,
            TenderFile.file_sha256.as_alias("sha256"),
        )
        .where(*where)
        .order_by(TenderFile.uploaded_at)
    )
    return [
        msgspec.convert(
            row | {"download_url": f"/consultations/{row['tender']}/fichiers/{row['id']}"},
            TenderFileOut,
        )
        for row in rows
    ]


async def list_files(tender_id: int) -> list[TenderFileOut]:
    return await _files(TenderFile.tender == tender_id)


async def attach(actor: CurrentUser, tender_id: int, filename: str, data: bytes) -> TenderFileOut:
    ensure_staff(actor)
    check_size(len(data), MAX_TENDER_FILE_BYTES)
    kind = detect_document(data)
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    name = safe_filename(stem or "document", kind.extension)
    async with db.transaction():
        if not await Tender.exists().where(Tender.id == tender_id):
            raise NotFound("Cette consultation n'existe pas.")
        ref = await store(data, kind.content_type)
        rows = await TenderFile.insert(
            TenderFile(
                tender=tender_id,
                file_sha256=ref.sha256,
                filename=name,
                content_type=ref.content_type,
                size=ref.size,
                uploaded_by=actor.id,
                uploaded_at=utcnow(),
            )
        ).returning(TenderFile.id)
        file_id = int(rows[0]["id"])
        await audit.record(
            actor,
            "tender.file_attached",
            ("tender", tender_id),
            detail={"file": name, "sha256": ref.sha256},
        )
    return (await _files(TenderFile.id == file_id))[0]


async def file_content(tender_id: int, file_id: int) -> tuple[bytes, TenderFileOut]:
    found = await _files(TenderFile.id == file_id, TenderFile.tender == tender_id)
    if not found:
        raise NotFound("Ce fichier n'existe pas ou n'appartient pas à cette consultation.")
    return await load(found[0].sha256), found[0]
