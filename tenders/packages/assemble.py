"""The documents of a package and the ZIP that holds them: pure functions of their inputs."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from tenders.documents.render import Finish
from tenders.formatting import datetime_fr, to_paris
from tenders.packages import build
from tenders.packages.context import PackageData
from tenders.packages.contract import LABELS, MemberDoc, to_context
from tenders.storage.names import ascii_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
README = "00_LISEZMOI.txt"
CHECKSUMS = "SHA256SUMS.txt"


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    name: str  # its name in the ZIP
    kind: str  # the template it is rendered from
    context: dict[str, Any]
    title: str = ""  # its title in the document's properties


@dataclass(frozen=True, slots=True)
class PackedFile:
    name: str
    data: bytes
    # Read three times (the read-me, the checksum file, the manifest): worked out once.
    sha256: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())


def file_stem(name: str, limit: int = 60) -> str:
    """A name as it appears in file names: « A.C.I.A.E » → ``A.C.I.A.E``; a long one is cut
    between two words, never inside one."""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_text(name)).strip("_.")
    if len(stem) > limit:
        cut = stem[: limit + 1]
        space = cut.rfind("_")
        stem = (cut[:space] if space > limit // 2 else stem[:limit]).strip("_.")
    return stem or "membre"


def _unique_stems(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    stems = []
    for name in names:
        stem = file_stem(name)
        seen[stem] = seen.get(stem, 0) + 1
        stems.append(stem if seen[stem] == 1 else f"{stem}_{seen[stem]}")
    return stems


def plan_documents(data: PackageData) -> list[PlannedDocument]:
    """The documents of the package, in the order of the ZIP."""
    model = data.model
    stems = dict(
        zip(
            [m.organisation_id for m in model.members],
            _unique_stems([m.name for m in model.members]),
            strict=True,
        )
    )
    tender = model.tender_title

    def doc(name: str, kind: str, contract: Any, what: str = "") -> PlannedDocument:
        title = f"{LABELS[kind].split(' (')[0]}{what} — {tender}"
        return PlannedDocument(name, kind, to_context(contract), title)

    def member_doc(prefix: str, kind: str, contract: Any, member: MemberDoc) -> PlannedDocument:
        name = f"{prefix}_{stems[member.organisation_id]}.docx"
        return doc(name, kind, contract, f", {member.name}")

    return [
        doc("01_DC1.docx", "dc1", build.dc1(model)),
        *(member_doc("02_DC2", "dc2_member", build.dc2(model, m), m) for m in model.co_contractors),
        *(member_doc("03_DC4", "dc4", build.dc4(model, m), m) for m in model.subcontractors),
        *(
            doc(
                f"04_ATTRI1_lot_{file_stem(lot.number, 20)}.docx",
                "attri1",
                build.attri1(model, lot),
                f", lot {lot.number}",
            )
            for lot in model.split
        ),
        doc("05_Annexe_repartition.docx", "annexe_repartition", build.annexe(model)),
        doc("06_Memoire_technique.docx", "memoire", build.memoire(model)),
        doc("07_Convention_de_groupement.docx", "convention_groupement", build.convention(model)),
    ]


_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:creator>Cordée</dc:creator><cp:lastModifiedBy>Cordée</cp:lastModifiedBy>"
    "<cp:revision>1</cp:revision><dc:language>fr-FR</dc:language>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
    "</cp:coreProperties>"
)


def core_properties(title: str, subject: str, compiled_at: datetime) -> bytes:
    """The properties of a package's DOCX (``docProps/core.xml``): Cordée as author, its
    title with the tender's, created and modified at the compile date (not the template's)."""
    when = compiled_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return _CORE.format(title=escape(title), subject=escape(subject), when=when).encode()


def entry_time(compiled_at: datetime) -> tuple[int, int, int, int, int, int]:
    """The time the entries of the package's archives carry: the compile's, in Paris."""
    year, month, day, hour, minute, second = to_paris(compiled_at).timetuple()[:6]
    return (year, month, day, hour, minute, second)


def finish(doc: PlannedDocument, tender_title: str, compiled_at: datetime) -> Finish:
    """How a planned document is written out: with its properties (``core_properties``), its
    entries at the compile's time (the same data give the same bytes), quickly compressed."""
    core = core_properties(doc.title, tender_title, compiled_at)
    return Finish(core=core, date_time=entry_time(compiled_at), compresslevel=1)


def certificate_names(data: PackageData) -> list[str]:
    """``certificats/Poinfor_URSSAF.pdf``, … in the order of ``data.certificates``."""
    stems = dict(
        zip(
            [m.name for m in data.members],
            _unique_stems([m.name for m in data.members]),
            strict=True,
        )
    )
    names = []
    for paper in data.certificates:
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
            paper.content_type, "pdf"
        )
        names.append(f"certificats/{stems[paper.member_name]}_{paper.short}.{extension}")
    return names


def readme(
    tender_title: str,
    version: int,
    compiled_at: datetime,
    preflight: list[dict[str, Any]],
    files: list[PackedFile],
) -> str:
    lines = [
        f"Dossier de candidature — {tender_title}",
        f"Version {version}, compilée par Cordée le {datetime_fr(compiled_at)}.",
        "",
    ]
    blocking = [p for p in preflight if p["blocking"]]
    warnings = [p for p in preflight if not p["blocking"]]
    if blocking:
        lines.append(
            f"ATTENTION : {len(blocking)} point(s) bloquant(s) au moment de la compilation ; "
            "ce dossier n'est pas prêt à être déposé."
        )
        lines += [f"  - {p['text']}" for p in blocking]
        lines.append("")
    if warnings:
        lines.append("Points à vérifier :")
        lines += [f"  - {p['text']}" for p in warnings]
        lines.append("")
    if not preflight:
        lines += ["Contrôles avant dépôt : aucun point en suspens.", ""]
    lines.append("Fichiers (empreinte SHA-256, vérifiable avec « sha256sum -c SHA256SUMS.txt ») :")
    lines += [f"  {f.sha256}  {f.name}" for f in files]
    return "\r\n".join(lines) + "\r\n"


def build_zip(files: list[PackedFile], readme_text: str, compiled_at: datetime) -> bytes:
    """The ZIP of the package, with a read-me and a checksum file first."""
    stamp = entry_time(compiled_at)
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        checksums = "".join(f"{f.sha256}  {f.name}\n" for f in files)
        extras = [(README, readme_text.encode("utf-8")), (CHECKSUMS, checksums.encode())]
        for name, data in [*extras, *((f.name, f.data) for f in files)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # A DOCX is a compressed archive already: deflating it again gains 4 % for the
            # time of compressing it twice.
            stored = name.endswith(".docx")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return output.getvalue()
