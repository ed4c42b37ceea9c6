"""Files kept in the database by content hash, checked by content when uploaded."""

from __future__ import annotations

from tenders.storage.names import content_disposition, safe_filename
from tenders.storage.placeholder import placeholder_pdf
from tenders.storage.service import StoredRef, exists, load, load_many, sha256_of, store
from tenders.storage.sniff import (
    JPEG,
    MAX_UPLOAD_SIZE,
    PDF,
    PNG,
    FileKind,
    FileTooLarge,
    UnsupportedFile,
    check_size,
    detect,
)

__all__ = [
    "JPEG",
    "MAX_UPLOAD_SIZE",
    "PDF",
    "PNG",
    "FileKind",
    "FileTooLarge",
    "StoredRef",
    "UnsupportedFile",
    "check_size",
    "content_disposition",
    "detect",
    "exists",
    "load",
    "load_many",
    "placeholder_pdf",
    "safe_filename",
    "sha256_of",
    "store",
]
