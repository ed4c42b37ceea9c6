"""A record a source sent, read for the intake: the notice's draft (with the existing
readers) and what the watch needs beside it — its key, its consultation's eForms folder, the
notices it corrects, whether it is corrective, its address and publication day. No database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tenders.notices import NoticeDraft, NoticeError, read_notice
from tenders.notices import tree as notice_tree
from tenders.notices.eforms import CHANGE_NOTICE
from tenders.notices.values import clean_text, cuts_noted, searchable
from tenders.watch import boamp, ted
from tenders.watch.results import Refusal

TED_PAGE = "https://ted.europa.eu/fr/notice/-/detail/{number}"
SOURCES = {"boamp": "BOAMP", "ted": "TED"}
_FOLDER = {"contractfolderid"}
_PUBLISHED = (
    re.compile(rb"<(?:\w+:)?PublicationDate>\s*(\d{4}-\d{2}-\d{2})"),
    re.compile(rb"<(?:\w+:)?IssueDate>\s*(\d{4}-\d{2}-\d{2})"),
)


@dataclass
class Read:
    """One notice read: ``key`` is WatchNotice.key ("boamp:<idweb>", "ted:<number>")."""

    source: str  # boamp | ted
    number: str  # the idweb, the publication number
    draft: NoticeDraft
    cut: list[str] = field(default_factory=list)  # texts the reader shortened
    folder_id: str | None = None
    linked: list[str] = field(default_factory=list)  # keys of the notices it corrects
    corrective: bool = False
    url: str = ""
    published_on: date | None = None

    @property
    def key(self) -> str:
        return key_of(self.source, self.number)


def key_of(source: str, number: str) -> str:
    return f"{source}:{number}"[:120]


def record_number(source: str, record: Any) -> str:
    """The record's number before reading it ("" when it has none): to pass over known ones."""
    if source == "ted":
        number = getattr(record, "publication_number", "")
    else:
        number = record.get("idweb") if isinstance(record, dict) else ""
    return str(number or "").strip()


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text or "")[:10])
    except ValueError:
        return None


def _draft(data: bytes, now: datetime) -> tuple[NoticeDraft, list[str]]:
    with cuts_noted() as cut:
        draft = read_notice(data, now=now)
    return draft, cut


def _boamp_folder(record: dict[str, Any]) -> str | None:
    folder = clean_text(notice_tree.text_of(record.get("contractfolderid")))
    if not folder:
        donnees = record.get("donnees")
        try:
            parsed = json.loads(donnees) if isinstance(donnees, str) else donnees
        except ValueError:
            parsed = None
        found = notice_tree.first(parsed, _FOLDER) if parsed else None
        folder = clean_text(notice_tree.text_of(found)) if found is not None else ""
    return folder[:200] or None


def _linked(record: dict[str, Any]) -> list[str]:
    raw = record.get("annonce_lie")
    values = raw if isinstance(raw, list) else [raw]
    found = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    # A string may list several: « 26-00001, 26-00002 ».
    return [key_of("boamp", n) for v in found for n in re.split(r"[\s,;]+", v) if n]


def is_corrective_record(record: Any) -> bool:
    """A BOAMP rectificatif: nature, état or label say « rectificatif »."""
    if not isinstance(record, dict):
        return False
    words = " ".join(
        notice_tree.text_of(record.get(key)) for key in ("nature", "etat", "nature_libelle")
    )
    return "rectificatif" in searchable(words)


def read_boamp(record: Any, now: datetime) -> Read | Refusal:
    reason = boamp.check_record(record)
    if reason is not None:
        ident = str(record.get("idweb") or "?") if isinstance(record, dict) else "?"
        return Refusal(ident, reason)
    number = record_number("boamp", record)
    try:
        draft, cut = _draft(json.dumps(record).encode(), now)
    except NoticeError as error:
        return Refusal(number, error.message)
    url = notice_tree.text_of(record.get("url_avis"))
    return Read(
        "boamp",
        number,
        draft,
        cut,
        folder_id=_boamp_folder(record),
        linked=_linked(record),
        corrective=is_corrective_record(record),
        url=url if url.startswith(("https://", "http://")) else "",
        published_on=_day(record.get("dateparution")),
    )


def _published(xml: bytes) -> date | None:
    for pattern in _PUBLISHED:
        found = pattern.search(xml)
        if found:
            return _day(found[1].decode())
    return None


def read_ted(notice: Any, now: datetime) -> Read | Refusal:
    number = record_number("ted", notice)
    if not number or not isinstance(getattr(notice, "xml", None), bytes):
        return Refusal(number or "?", ted.NO_NUMBER)
    try:
        draft, cut = _draft(notice.xml, now)
    except NoticeError as error:
        return Refusal(number, error.message)
    return Read(
        "ted",
        number,
        draft,
        cut,
        folder_id=draft.source_id or None,
        corrective=CHANGE_NOTICE in draft.warnings,
        url=TED_PAGE.format(number=number),
        published_on=_published(notice.xml),
    )


def read_record(source: str, record: Any, now: datetime) -> Read | Refusal:
    return read_ted(record, now) if source == "ted" else read_boamp(record, now)
