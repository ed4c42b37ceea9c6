"""The ``06_DUME/`` folder of a package: each member's DUME as XML and its French summary.

Names (the member's file stem as elsewhere in the package, « A.C.I.A.E », « Poinfor »):
- ``06_DUME/<Membre>.xml``: the DUME of a member on one lot;
- ``06_DUME/<Membre>_lot_<lot>.xml``: one per lot for a member on several lots (ESPD-EDM 4.1.0
  lets a response name one lot only);
- ``06_DUME/<Membre>_resume.docx``: what its DUME declares, in French;
- ``pdf/06_DUME_<Membre>_resume.pdf``: its PDF copy, when LibreOffice is there.
A member whose file lacks what its DUME needs has none: the pre-flight says what to fill.
"""

from __future__ import annotations

from datetime import datetime

from tenders.documents.render import Finish
from tenders.espd.response import Structures, build_response
from tenders.packages import pdf
from tenders.packages.assemble import (
    PackedFile,
    _unique_stems,
    core_properties,
    entry_time,
    file_stem,
)
from tenders.packages.context import PackageData
from tenders.packages.dume import MemberDume
from tenders.packages.dume_summary import Blank, render_summary

FOLDER = "06_DUME"


def xml_names(stem: str, dume: MemberDume) -> dict[str, str]:
    """The ESPD lot of each of the member's responses → its file name (one response for all
    its lots when the buyer's request names none)."""
    keys: dict[str, str] = {}
    for key, lot in dume.lots.items():
        keys.setdefault(lot, key)
    if len(keys) == 1:
        return {lot: f"{FOLDER}/{stem}.xml" for lot in keys}
    return {lot: f"{FOLDER}/{stem}_lot_{file_stem(key, 20)}.xml" for lot, key in keys.items()}


def _lot_line(key: str, espd: str, titles: dict[str, str]) -> str:
    named = f"Lot {key} — {titles[key]}" if titles.get(key) else f"Lot {key}"
    return f"{named} ({espd} dans le DUME)"


def dume_files(data: PackageData, compiled_at: datetime, with_pdf: bool) -> list[PackedFile]:
    """The XML and summaries of every member's DUME, then their PDF copies (one LibreOffice
    run for them all, under flat names: ``pdf.convert`` writes each file by its name)."""
    ready = [d for d in data.dumes if d.data is not None]
    stems = _unique_stems([d.name for d in data.dumes])
    stem_of = {d.organisation_id: s for d, s in zip(data.dumes, stems, strict=True)}
    files: list[PackedFile] = []
    summaries: list[PackedFile] = []
    structures, blank = Structures(), Blank()
    for dume in ready:
        assert dume.data is not None
        stem = stem_of[dume.organisation_id]
        names = xml_names(stem, dume)
        for lot, name in names.items():
            files.append(PackedFile(name, build_response(dume.data, lot, structures)))
        lots = [_lot_line(k, lot, data.lot_titles) for k, lot in dume.lots.items()]
        document = render_summary(
            dume.data,
            lots,
            [n.split("/")[-1] for n in names.values()],
            data.model.base.get("draft_mark", ""),
            Finish(
                core_properties(
                    f"DUME, résumé, {dume.name} — {data.tender_title}",
                    data.tender_title,
                    compiled_at,
                ),
                entry_time(compiled_at),
                compresslevel=1,
            ),
            blank,
        )
        summary = PackedFile(f"{FOLDER}/{stem}_resume.docx", document)
        files.append(summary)
        summaries.append(PackedFile(f"{FOLDER}_{stem}_resume.docx", summary.data))
    if with_pdf and summaries:
        files += pdf.convert(summaries)
    return files
