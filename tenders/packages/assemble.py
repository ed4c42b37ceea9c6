"""The documents of a package and the ZIP that holds them: pure functions of their inputs."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from tenders.formatting import datetime_fr, to_paris
from tenders.packages.context import PackageData
from tenders.storage.names import ascii_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
README = "00_LISEZMOI.txt"
CHECKSUMS = "SHA256SUMS.txt"


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    name: str  # its name in the ZIP
    kind: str  # the template it is rendered from
    context: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PackedFile:
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def file_stem(name: str) -> str:
    """A member's name as it appears in file names: « A.C.I.A.E » → ``A.C.I.A.E``."""
    stem = re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_text(name)).strip("_.")
    return stem[:60] or "membre"


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
    base = data.base
    split = {"split": data.split, "grand_total_text": data.grand_total_text}
    planned = [
        PlannedDocument("01_DC1.docx", "dc1", dict(base)),
        PlannedDocument("02_Annexe_repartition.docx", "annexe_repartition", {**base, **split}),
    ]
    stems = _unique_stems([m["name"] for m in data.members])
    for member, stem in zip(data.members, stems, strict=True):
        planned.append(
            PlannedDocument(f"03_DC2_{stem}.docx", "dc2_member", {**base, "member": member})
        )
    planned.append(
        PlannedDocument(
            "04_Memoire_technique.docx",
            "memoire",
            {**base, "sections": data.sections, "references": data.references},
        )
    )
    planned.append(
        PlannedDocument(
            "05_Convention_de_groupement.docx",
            "convention_groupement",
            {**base, **split, "duration_text": data.duration_text},
        )
    )
    return planned


def certificate_names(data: PackageData) -> list[str]:
    """``certificats/Poinfor_URSSAF.pdf``, … in the order of ``data.certificates``."""
    stems = dict(
        zip(
            [m["name"] for m in data.members],
            _unique_stems([m["name"] for m in data.members]),
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
    stamp = to_paris(compiled_at).timetuple()[:6]
    output = BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        checksums = "".join(f"{f.sha256}  {f.name}\n" for f in files)
        extras = [(README, readme_text.encode("utf-8")), (CHECKSUMS, checksums.encode())]
        for name, data in [*extras, *((f.name, f.data) for f in files)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return output.getvalue()
