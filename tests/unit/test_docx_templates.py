"""The DOCX bid templates render with plain docxtpl and the demo contexts, and read right."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docxtpl import DocxTemplate
from stdnum.fr import siret

from tenders.documents_demo import KINDS, demo_context

TEMPLATES = Path(__file__).resolve().parents[2] / "templates_docx"


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_templates", TEMPLATES / "build_templates.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the templates afresh into a temporary folder (the committed ones are not trusted)."""
    target = tmp_path_factory.mktemp("templates")
    load_builder().build_all(target)
    return target


def render(folder: Path, kind: str) -> DocumentObject:
    template = DocxTemplate(str(folder / f"{kind}.docx"))
    template.render(demo_context(kind))
    out = io.BytesIO()
    template.save(out)
    out.seek(0)
    return Document(out)


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def all_text(doc: DocumentObject) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return plain("\n".join(parts))


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_is_built_and_renders_without_a_leftover_tag(built: Path, kind: str) -> None:
    assert (TEMPLATES / f"{kind}.docx").exists(), "run templates_docx/build_templates.py"
    doc = render(built, kind)
    text = all_text(doc)
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in text
    header = doc.sections[0].header.paragraphs[0].text
    assert "Entretien des espaces verts et mobilité douce (démonstration)" in header
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.left_margin.cm, 1) == 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_templates_render_too(kind: str) -> None:
    text = all_text(render(TEMPLATES, kind))
    assert "Poinfor" in text
    assert "{{" not in text


def test_demo_sirets_pass_the_luhn_check() -> None:
    for member in demo_context("dc1")["members"]:
        assert siret.is_valid(member["siret"])
        assert member["siret"].startswith(member["siren"])


def test_dc1_table_e_has_one_row_per_member_with_its_siret(built: Path) -> None:
    context = demo_context("dc1")
    doc = render(built, "dc1")
    table_e = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nom et adresse")
    header, *rows = table_e.rows
    assert [c.text for c in header.cells] == [
        "Nom et adresse",
        "SIRET",
        "Lots",
        "Prestations exécutées",
        "Rôle",
    ]
    assert len(rows) == len(context["members"]) == 3
    for row, member in zip(rows, context["members"], strict=True):
        assert row.cells[0].text.startswith(member["name"])
        assert row.cells[1].text == member["siret"]
        assert row.cells[3].text == member["services"]
    assert [r.cells[4].text for r in rows] == ["Mandataire", "Co-traitant", "Co-traitant"]

    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h[0] for h in headings] == list("ABCDEFG")
    text = all_text(doc)
    assert "Groupement conjoint avec mandataire solidaire" in text
    assert "SIRET : 41234567000019" in text


def test_dc2_shows_the_member_turnover_years(built: Path) -> None:
    member = demo_context("dc2_member")["member"]
    doc = render(built, "dc2_member")
    turnover = next(t for t in doc.tables if t.rows[0].cells[0].text == "Exercice")
    rows = [[plain(c.text) for c in r.cells] for r in turnover.rows[1:]]
    assert rows == [
        ["2023", "612 000,00 €"],
        ["2024", "648 500,00 €"],
        ["2025", "671 250,00 €"],
    ]
    text = all_text(doc)
    assert f"SIREN : {member['siren']}" in text
    assert "Atelier et chantier d'insertion (ACI)" in text
    assert "Qualiopi (démonstration)" in text


def test_memoire_has_every_section_title_in_order_as_headings(built: Path) -> None:
    context = demo_context("memoire")
    doc = render(built, "memoire")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    titles = [s["title"] for s in context["sections"]]
    start = headings.index(titles[0])
    assert headings[start : start + len(titles)] == titles
    assert headings[0] == "Sommaire"
    bodies = [p.text for p in doc.paragraphs]
    assert any(b.startswith("L'agglomération souhaite confier") for b in bodies)
    member_headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert member_headings == ["Poinfor", "A.C.I.A.E", "Capep"]


def test_the_annex_shows_lot_and_grand_totals(built: Path) -> None:
    doc = render(built, "annexe_repartition")
    assert len(doc.tables) == 2  # one per lot
    totals = [plain(t.rows[-1].cells[2].text) for t in doc.tables]
    assert totals == ["72 000,00 €", "50 000,00 €"]
    assert [len(t.rows) for t in doc.tables] == [4, 5]  # header, shares, total
    assert "Montant total hors taxes de l'offre : 122 000,00 €" in all_text(doc)


def test_the_agreement_lists_the_parties(built: Path) -> None:
    doc = render(built, "convention_groupement")
    parties = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert [p.split(",")[0] for p in parties] == ["Poinfor", "A.C.I.A.E", "Capep"]
    text = all_text(doc)
    assert "Les membres désignent Poinfor (SIRET 41234567000019) comme mandataire." in text
    assert "122 000,00 €" in text
    assert "31 décembre 2031" in text


def test_building_twice_gives_the_same_text(tmp_path: Path) -> None:
    builder = load_builder()
    first, second = tmp_path / "a", tmp_path / "b"
    builder.build_all(first)
    builder.build_all(second)
    for kind in KINDS:
        a = Document(str(first / f"{kind}.docx"))
        b = Document(str(second / f"{kind}.docx"))
        assert all_text(a) == all_text(b)
        assert [p.style.name for p in a.paragraphs] == [p.style.name for p in b.paragraphs]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown template kind"):
        demo_context("dc4")
