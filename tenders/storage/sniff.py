"""What an uploaded file really is, judged by its bytes: never by its name or declared type."""

from __future__ import annotations

from dataclasses import dataclass

from tenders.errors import DomainError
from tenders.formatting import size_fr
from tenders.storage.pdfscan import active_content

ACCEPTED = "Seuls les fichiers PDF, PNG et JPEG sont acceptés."
MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Readers accept a header preceded by junk, and a trailer followed by some.
_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
_PDF_TRAILER_WINDOW = 2048
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_IHDR = b"\x00\x00\x00\x0dIHDR"
_JPEG_SOI = b"\xff\xd8\xff"
_JPEG_EOI = b"\xff\xd9"


@dataclass(frozen=True, slots=True)
class FileKind:
    label: str
    content_type: str
    extension: str


PDF = FileKind("PDF", "application/pdf", ".pdf")
PNG = FileKind("PNG", "image/png", ".png")
JPEG = FileKind("JPEG", "image/jpeg", ".jpg")


class UnsupportedFile(DomainError):
    status_code = 422


class FileTooLarge(DomainError):
    status_code = 413


def detect(data: bytes) -> FileKind:
    """The kind of ``data`` among PDF, PNG and JPEG, or ``UnsupportedFile`` saying why not."""
    if not data:
        raise UnsupportedFile("Le fichier est vide.")
    if data.startswith(_PNG_SIGNATURE):
        if data[8:16] != _PNG_IHDR:
            raise UnsupportedFile(f"Cette image PNG est endommagée. {ACCEPTED}")
        return PNG
    if data.startswith(_JPEG_SOI):
        if data.rfind(_JPEG_EOI) < len(_JPEG_SOI):
            raise UnsupportedFile(f"Cette image JPEG est incomplète ou endommagée. {ACCEPTED}")
        return JPEG
    # Before the lenient PDF test: a program that also hides a PDF header stays a program.
    found = None if data.startswith(_PDF_MAGIC) else _describe(data)
    if found is None and data.find(_PDF_MAGIC, 0, _PDF_HEADER_WINDOW + len(_PDF_MAGIC) - 1) >= 0:
        _check_pdf(data)
        return PDF
    if found:
        raise UnsupportedFile(f"Ce fichier est {found}, pas un PDF, PNG ou JPEG. {ACCEPTED}")
    raise UnsupportedFile(f"Le format de ce fichier n'est pas reconnu. {ACCEPTED}")


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-_PDF_TRAILER_WINDOW:]:
        raise UnsupportedFile(
            "Ce PDF est incomplet ou endommagé (sa fin est absente). "
            "Enregistrez-le à nouveau puis déposez-le."
        )
    found = active_content(data)
    if found:
        raise UnsupportedFile(
            f"Ce PDF contient du contenu actif ({', '.join(found)}), refusé par sécurité. "
            "Ouvrez-le et utilisez « Imprimer » vers « Enregistrer au format PDF », "
            "puis déposez la copie obtenue."
        )


def _describe(data: bytes) -> str | None:
    """A French phrase naming a file type people upload by mistake, if recognised."""
    head = data[:512]
    if head.startswith(b"MZ"):
        return "un programme exécutable (Windows)"
    if head.startswith(b"\x7fELF"):
        return "un programme exécutable (Linux)"
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf"):
        return "un programme exécutable (macOS)"
    if head.startswith(b"#!"):
        return "un script"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _describe_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "un ancien document Office (Word, Excel…)"
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return "une archive compressée"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "une image GIF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "une image WebP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return "une photo HEIC (format des iPhone)"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "une image TIFF"
    return _describe_text(head)


def _describe_zip(data: bytes) -> str:
    # Office files are ZIP archives whose first entries name their parts.
    head = data[:4096]
    if b"word/" in head:
        return "un document Word (DOCX)"
    if b"xl/" in head:
        return "un classeur Excel (XLSX)"
    if b"ppt/" in head:
        return "une présentation PowerPoint (PPTX)"
    if b"application/vnd.oasis.opendocument" in head:
        return "un document OpenDocument (LibreOffice)"
    return "une archive ZIP"


def _describe_text(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "une page web (HTML)"
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "une image SVG"
    if text.startswith(b"<?xml"):
        return "un fichier XML"
    if text.startswith(b"{\\rtf"):
        return "un document RTF"
    return None


def check_size(size: int, limit: int = MAX_UPLOAD_SIZE) -> None:
    if size > limit:
        raise FileTooLarge(f"Le fichier dépasse la taille maximale de {size_fr(limit)}.")
