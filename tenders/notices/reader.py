"""``read_notice``: which format a file is in (from its content, never its name), and the
refusals every format shares (empty, too large, unsafe or broken XML, broken JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from tenders.notices import boamp, eforms, ocds, tree
from tenders.notices.common import NoticeParts, finish
from tenders.notices.errors import (
    EMPTY,
    JSON_BROKEN,
    JSON_NOT_UTF8,
    JSON_TOO_DEEP,
    MAX_NOTICE_BYTES,
    TOO_LARGE,
    UNKNOWN_FORMAT,
    XML_BROKEN,
    XML_DOCTYPE,
    XML_ENTITY,
    NoticeError,
)
from tenders.notices.schema import NoticeDraft
from tenders.xmlsafe import XmlRefused, parse_untrusted

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_WHITESPACE = b" \t\r\n"


def read_notice(data: bytes, now: datetime | None = None) -> NoticeDraft:
    """The draft of a contract notice: eForms XML, a BOAMP record or an OCDS release.

    Raises NoticeError (422) with a French reason when the file is not one of them, is
    unsafe, broken, larger than 5 Mo, or is another kind of notice (an award…). With
    ``now``, the draft's warnings say when its deadline has already passed.
    """
    if len(data) > MAX_NOTICE_BYTES:
        raise NoticeError(TOO_LARGE)
    start = _first_character(data)
    if start is None:
        raise NoticeError(EMPTY)
    if start == "<":
        return finish(_read_xml(data), now)
    if start in "{[":
        return finish(_read_json(data), now)
    raise NoticeError(UNKNOWN_FORMAT)


def _first_character(data: bytes) -> str | None:
    """The first meaningful character, whatever the byte order mark; None for nothing."""
    for bom, encoding in zip(_BOMS, ("utf-8", "utf-16-le", "utf-16-be"), strict=True):
        if data.startswith(bom):
            head = data[len(bom) : len(bom) + 400]
            text = head.decode(encoding, errors="ignore").lstrip()
            return text[:1] if text else None
    stripped = data.lstrip(_WHITESPACE)
    if not stripped:
        return None
    return chr(stripped[0]) if stripped[0] < 0x80 else "\x00"


def _parse_xml(data: bytes) -> Element:
    try:
        return parse_untrusted(data)
    except XmlRefused as refused:
        said = {"entity": XML_ENTITY, "doctype": XML_DOCTYPE}.get(refused.why)
        raise NoticeError(said or XML_BROKEN.format(line=refused.line)) from refused


def _read_xml(data: bytes) -> NoticeParts:
    root = _parse_xml(data)
    eforms.check_document(root)
    return eforms.read(root)


def _read_json(data: bytes) -> NoticeParts:
    document = _parse_json(data)
    records = boamp.unwrap(document)
    if records is not None:
        return boamp.read(records)
    releases = ocds.unwrap(document)
    if releases is not None:
        return ocds.read(releases)
    raise NoticeError(UNKNOWN_FORMAT)


def _parse_json(data: bytes) -> Any:
    try:
        return tree.loads(data)
    except tree.TooDeep as error:
        raise NoticeError(JSON_TOO_DEEP) from error
    except UnicodeDecodeError as error:
        raise NoticeError(JSON_NOT_UTF8) from error
    except ValueError as error:  # json.JSONDecodeError, or an integer of 5 000 digits
        line = getattr(error, "lineno", 1)
        raise NoticeError(JSON_BROKEN.format(line=line)) from error
