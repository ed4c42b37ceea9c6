"""The pure parts of a bid package: file names, read-me and ZIP."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO

import pytest

from tenders.packages.assemble import PackedFile, build_zip, file_stem, readme
from tenders.packages.context import consortium_name, join_fr
from tenders.packages.french import by_the, of, of_the

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


def test_long_names_are_cut_between_two_words() -> None:
    title = "Entretien des espaces verts et propreté des équipements (banc d'essai)"
    assert file_stem(title, 50) == "Entretien_des_espaces_verts_et_proprete_des"
    assert file_stem("Anticonstitutionnellement" * 4, 50) == ("Anticonstitutionnellement" * 2)


def test_french_lists_names_and_elision() -> None:
    assert [join_fr([]), join_fr(["1"]), join_fr(["1", "2", "3"])] == ["", "1", "1, 2 et 3"]
    # Templates write « le groupement « … » »: the name carries no « Groupement ».
    assert consortium_name("Poinfor", ["Capep"]) == "Poinfor – Capep"
    assert consortium_name("Poinfor", ["A", "B", "C"]) == "Poinfor et 3 autres structures"
    assert [of("A.C.I.A.E"), of("Espoir Avenir"), of("Poinfor")] == [
        "d'A.C.I.A.E",
        "d'Espoir Avenir",
        "de Poinfor",
    ]
    assert [of("La Maison du vélo"), of("Le Relais")] == ["de la Maison du vélo", "du Relais"]
    assert by_the("Communauté d'agglomération de la Porte du Hainaut") == (
        "par la Communauté d'agglomération de la Porte du Hainaut"
    )
    assert of_the("Département du Nord") == "du Département du Nord"
    assert by_the("Valenciennes Métropole") == "par Valenciennes Métropole"


def test_a_document_says_who_made_it_for_which_tender_and_when() -> None:
    from pathlib import Path

    from docx import Document

    from tenders.documents import render_docx
    from tenders.packages.assemble import PlannedDocument, finish
    from tenders.packages.demo import demo_context

    template = (Path(__file__).resolve().parents[2] / "templates_docx" / "dc1.docx").read_bytes()
    context = demo_context("dc1")
    rendered = render_docx(template, context)
    planned = PlannedDocument("01_DC1.docx", "dc1", context, "DC1 — Espaces verts")
    stamped = render_docx(template, context, finish=finish(planned, "Espaces verts", WHEN))

    props = Document(BytesIO(stamped)).core_properties
    assert props.author == "Cordée"
    assert props.title == "DC1 — Espaces verts"
    assert props.created == WHEN
    assert [p.text for p in Document(BytesIO(stamped)).paragraphs] == [
        p.text for p in Document(BytesIO(rendered)).paragraphs
    ]


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


async def test_a_package_gives_the_same_bytes_from_a_fresh_or_a_warm_rendering_process() -> None:
    from tenders.documents.isolation import Limits, render_documents
    from tenders.packages.assemble import PlannedDocument, finish
    from tenders.packages.demo import demo_context
    from tenders.packages.templates import shipped_template

    kinds = ("dc2_member", "memoire")
    templates = {kind: shipped_template(kind) for kind in kinds}
    # Each kind twice in one process: the second renders from what the first left compiled.
    planned = [
        PlannedDocument(f"{rank}_{kind}.docx", kind, demo_context(kind), f"{kind} — Espaces verts")
        for rank in (1, 2)
        for kind in kinds
    ]
    finishes = [finish(doc, "Espaces verts", WHEN) for doc in planned]
    documents = [(doc.name, doc.kind, doc.context) for doc in planned]
    limits = Limits(60, 1024)

    first = await render_documents(templates, documents, limits, finishes=finishes)
    again = await render_documents(templates, documents, limits, finishes=finishes)

    assert first[:2] == first[2:]
    assert first == again
    zips = [
        build_zip(
            [PackedFile(doc.name, data) for doc, data in zip(planned, rendered, strict=True)],
            "Lisez-moi\r\n",
            WHEN,
        )
        for rendered in (first, again)
    ]
    assert zips[0] == zips[1]


def test_a_document_written_once_holds_the_parts_of_a_plain_render_and_its_properties() -> None:
    from docx import Document

    from tenders.documents import render_docx
    from tenders.packages.assemble import PlannedDocument, finish
    from tenders.packages.demo import demo_context
    from tenders.packages.templates import shipped_template

    context = demo_context("dc1")
    doc = PlannedDocument("01_DC1.docx", "dc1", context, "DC1 — Espaces verts")
    template = shipped_template("dc1")

    finished = render_docx(template, context, finish=finish(doc, "Espaces verts", WHEN))
    plain = render_docx(template, context)

    with zipfile.ZipFile(BytesIO(finished)) as one, zipfile.ZipFile(BytesIO(plain)) as other:
        assert one.namelist() == other.namelist()
        parts = [name for name in one.namelist() if name != "docProps/core.xml"]
        assert all(one.read(name) == other.read(name) for name in parts)
    props = Document(BytesIO(finished)).core_properties
    assert (props.author, props.title, props.created) == ("Cordée", "DC1 — Espaces verts", WHEN)
