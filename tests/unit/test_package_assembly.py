"""The pure parts of a bid package: file names, read-me and ZIP."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest

from tenders.packages.assemble import PackedFile, build_zip, file_stem, readme
from tenders.packages.context import consortium_name, join_fr

WHEN = datetime(2027, 3, 12, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Poinfor", "Poinfor"),
        ("A.C.I.A.E", "A.C.I.A.E"),
        ("Régie de quartier « Élan » / Cambrai", "Regie_de_quartier_Elan_Cambrai"),
        ("../../etc/passwd", "etc_passwd"),
        ("???", "membre"),
    ],
)
def test_member_names_become_safe_file_stems(name: str, stem: str) -> None:
    assert file_stem(name) == stem


def test_french_lists_and_consortium_names() -> None:
    assert [join_fr([]), join_fr(["1"]), join_fr(["1", "2", "3"])] == ["", "1", "1, 2 et 3"]
    assert consortium_name("Poinfor", ["Capep"]) == "Groupement Poinfor – Capep"
    assert (
        consortium_name("Poinfor", ["A", "B", "C"]) == "Groupement Poinfor et 3 autres structures"
    )


def test_readme_lists_blocking_points_warnings_and_fingerprints() -> None:
    files = [PackedFile("01_DC1.docx", b"dc1")]
    text = readme(
        "Espaces verts",
        2,
        WHEN,
        [
            {"blocking": True, "text": "Capep n'a pas encore accepté."},
            {"blocking": False, "text": "DC2"},
        ],
        files,
    )

    assert "Version 2, compilée par Cordée le 12 mars 2027 à 12 h 00." in text
    assert (
        "ATTENTION : 1 point(s) bloquant(s)" in text and "  - Capep n'a pas encore accepté." in text
    )
    assert "Points à vérifier :\r\n  - DC2" in text
    assert f"{files[0].sha256}  01_DC1.docx" in text


def test_zip_starts_with_the_readme_and_checksums_and_keeps_names() -> None:
    files = [PackedFile("01_DC1.docx", b"dc1"), PackedFile("certificats/Capep_URSSAF.pdf", b"%PDF")]

    data = build_zip(files, "lisez-moi", WHEN)

    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.namelist() == [
            "00_LISEZMOI.txt",
            "SHA256SUMS.txt",
            "01_DC1.docx",
            "certificats/Capep_URSSAF.pdf",
        ]
        assert archive.read("certificats/Capep_URSSAF.pdf") == b"%PDF"
        assert archive.getinfo("01_DC1.docx").date_time == (2027, 3, 12, 12, 0, 0)
        sums = archive.read("SHA256SUMS.txt").decode()
    assert sums == "".join(f"{f.sha256}  {f.name}\n" for f in files)
    assert build_zip(files, "lisez-moi", WHEN) == data  # same input, same bytes
