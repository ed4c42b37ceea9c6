"""Importing the official CPV 2008 list, as the EU Publications Office publishes it.

Accepted: the XML (``<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="FR">…</TEXT>…</CPV>``),
a CSV export with a code column and a French column, or a .zip holding the XML. The XML is
read with expat, refusing any DOCTYPE or entity declaration: no external entity is fetched
and no entity can expand (billion laughs).
"""

from __future__ import annotations

import asyncio
import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import msgspec

from tenders import db
from tenders.cpv.codes import CpvCode, CpvError, parse
from tenders.cpv.tables import CpvLabel

BATCH_SIZE = 200
MAX_LABEL_LENGTH = 400
# The official XML, every language included, is a few tens of megabytes.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_REJECTED_SHOWN = 50
_CHUNK = 64 * 1024
_HEADER_ROWS = 10

DECLARATIONS_REFUSED = (
    "Ce fichier XML contient une déclaration DOCTYPE ou ENTITY : il est refusé par sécurité. "
    "Importez le fichier publié par l'Office des publications, sans le modifier."
)
TOO_LARGE = "Ce fichier dépasse 200 Mo une fois décompressé : ce n'est pas la liste CPV."
NO_CODES = (
    "Aucun code CPV trouvé dans ce fichier : importez la liste officielle CPV 2008 "
    "(XML, CSV ou archive .zip contenant le XML)."
)
NO_COLUMNS = (
    "Colonnes introuvables : le fichier CSV doit avoir une colonne de codes (« CODE ») "
    "et une colonne de libellés en français (« FR »)."
)
SPREADSHEET = (
    "Les classeurs Excel ne sont pas lus : enregistrez la feuille au format CSV (UTF-8) "
    "ou importez le fichier XML."
)


class CpvFileError(ValueError):
    """A file that cannot be read as the CPV list; ``message`` says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportReport(msgspec.Struct, frozen=True):
    imported: int  # codes new to the table
    updated: int  # codes whose label (or written form) changed
    unchanged: int
    rejected: int  # lines refused: not a code, wrong check digit, no French label
    rejected_codes: list[str] = []  # the first ones, as written in the file

    def summary(self) -> str:
        """The report in French: « 9454 codes importés, 0 libellé mis à jour, … »."""
        return (
            ", ".join(
                f"{n} {plural if n > 1 else singular}"
                for n, singular, plural in (
                    (self.imported, "code importé", "codes importés"),
                    (self.updated, "libellé mis à jour", "libellés mis à jour"),
                    (self.unchanged, "inchangé", "inchangés"),
                    (self.rejected, "ligne refusée", "lignes refusées"),
                )
            )
            + "."
        )


class _Limited:
    """A read-only stream that refuses to deliver more than ``MAX_FILE_BYTES`` (zip bombs)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        budget = MAX_FILE_BYTES + 1 - self._read
        data = self._stream.read(budget if size < 0 else min(size, budget))
        self._read += len(data)
        if self._read > MAX_FILE_BYTES:
            raise CpvFileError(TOO_LARGE)
        return data


class _XmlEntries:
    """Collects (code, French label) from expat's callbacks, one <CPV> element at a time."""

    def __init__(self) -> None:
        self.ready: list[tuple[str, str]] = []
        self._code: str | None = None
        self._label = ""
        self._parts: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.upper()
        attrs = {key.upper(): value for key, value in attributes.items()}
        if tag == "CPV":
            self._code, self._label = attrs.get("CODE", ""), ""
        elif tag == "TEXT" and self._code is not None and attrs.get("LANG", "").upper() == "FR":
            self._parts = []

    def text(self, data: str) -> None:
        if self._parts is not None:
            self._parts.append(data)

    def end(self, name: str) -> None:
        tag = name.upper()
        if tag == "TEXT" and self._parts is not None:
            self._label, self._parts = "".join(self._parts), None
        elif tag == "CPV" and self._code is not None:
            self.ready.append((self._code, self._label))
            self._code = None

    def take(self) -> list[tuple[str, str]]:
        taken, self.ready = self.ready, []
        return taken


def _refuse_declarations(*_args: Any) -> int:
    raise CpvFileError(DECLARATIONS_REFUSED)


def _xml_rows(stream: _Limited, head: bytes) -> Iterator[tuple[str, str]]:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.UnparsedEntityDeclHandler = _refuse_declarations
    parser.ExternalEntityRefHandler = _refuse_declarations
    entries = _XmlEntries()
    parser.StartElementHandler = entries.start
    parser.EndElementHandler = entries.end
    parser.CharacterDataHandler = entries.text
    chunk = head
    try:
        while chunk:
            parser.Parse(chunk, False)
            yield from entries.take()
            chunk = stream.read(_CHUNK)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise CpvFileError(
            f"Le fichier XML est mal formé (ligne {exc.lineno}) : importez le fichier publié "
            "par l'Office des publications, sans le modifier."
        ) from exc
    yield from entries.take()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved as CSV on a French Windows.
        return data.decode("cp1252", errors="replace")


def _columns(header: list[str]) -> tuple[int, int] | None:
    names = [cell.strip().upper() for cell in header]
    code = next((i for i, name in enumerate(names) if "CODE" in name), None)
    if code is None:
        return None
    french = next((i for i, name in enumerate(names) if name == "FR"), None)
    if french is None:
        french = next((i for i, n in enumerate(names) if "FR" in n and i != code), None)
    return None if french is None else (code, french)


def _csv_rows(stream: _Limited, head: bytes) -> Iterator[tuple[str, str]]:
    lines = _decode(head + stream.read()).splitlines()
    sample = "\n".join(lines[:_HEADER_ROWS])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.reader(lines, delimiter=delimiter)
    columns = None
    # Exports sometimes carry a title or a blank line above the header.
    for row in reader:
        columns = _columns(row)
        if columns is not None or reader.line_num >= _HEADER_ROWS:
            break
    if columns is None:
        raise CpvFileError(NO_COLUMNS)
    code, french = columns
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield (
            row[code] if code < len(row) else "",
            row[french] if french < len(row) else "",
        )


def _rows(stream: _Limited) -> Iterator[tuple[str, str]]:
    head = stream.read(_CHUNK)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _xml_rows(stream, head)
    return _csv_rows(stream, head)


def _member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    files = [i for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
    if any(i.filename == "xl/workbook.xml" for i in files):
        raise CpvFileError(SPREADSHEET)
    for suffix in (".xml", ".csv"):
        for info in files:
            if info.filename.lower().endswith(suffix):
                return info
    raise CpvFileError(NO_CODES)


def _raw_rows(path: Path) -> Iterator[tuple[str, str]]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive, archive.open(_member(archive)) as stream:
            yield from _rows(_Limited(stream))
    else:
        with path.open("rb") as stream:
            yield from _rows(_Limited(stream))


def parse_official_file(
    path: str | Path, *, rejected: list[str] | None = None
) -> Iterator[tuple[str, str]]:
    """(8-digit code, French label) for each valid line of the official file, in file order.

    A line whose code is not a valid CPV code (wrong check digit included), or that has no
    French label, is skipped; its code, as written, is appended to ``rejected`` when given.
    Raises CpvFileError for a file that is not the CPV list or that declares entities.
    """
    seen = 0
    for raw_code, raw_label in _raw_rows(Path(path)):
        seen += 1
        label = " ".join(raw_label.split())
        try:
            code = parse(raw_code)
        except CpvError:
            code = None
        if code is None or not label or len(label) > MAX_LABEL_LENGTH:
            if rejected is not None:
                rejected.append(raw_code.strip())
            continue
        yield code.digits, label
    if seen == 0:
        raise CpvFileError(NO_CODES)


def _read(path: Path) -> tuple[dict[str, str], list[str]]:
    rejected: list[str] = []
    entries = dict(parse_official_file(path, rejected=rejected))
    return entries, rejected


async def import_labels(path: str | Path) -> ImportReport:
    """Insert or update every code of the file in ``cpv_label``, in one transaction."""
    entries, rejected = await asyncio.to_thread(_read, Path(path))
    imported = updated = unchanged = 0
    rows: list[CpvLabel] = []
    async with db.transaction():
        existing = {
            row["code"]: (row["full_code"], row["label"], row["level"])
            for row in await CpvLabel.select(
                CpvLabel.code, CpvLabel.full_code, CpvLabel.label, CpvLabel.level
            )
        }
        for digits, label in entries.items():
            code = CpvCode(digits)
            values = (code.full, label, code.level.value)
            before = existing.get(digits)
            if before == values:
                unchanged += 1
                continue
            if before is None:
                imported += 1
            else:
                updated += 1
            rows.append(
                CpvLabel(code=digits, full_code=values[0], label=values[1], level=values[2])
            )
        for start in range(0, len(rows), BATCH_SIZE):
            await CpvLabel.insert(*rows[start : start + BATCH_SIZE]).on_conflict(
                target=CpvLabel.code,
                action="DO UPDATE",
                values=[CpvLabel.full_code, CpvLabel.label, CpvLabel.level],
            )
    return ImportReport(
        imported=imported,
        updated=updated,
        unchanged=unchanged,
        rejected=len(rejected),
        rejected_codes=rejected[:MAX_REJECTED_SHOWN],
    )
