"""The DOCX bid templates render with the demo contexts, follow the official forms rubric by
rubric, and read right."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from stdnum.fr import siret

from tenders.documents import render_docx
from tenders.packages.demo import KINDS, demo_context
from tests.bids import DC1_F_RUBRICS, DC1_RUBRICS

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


def render(folder: Path, kind: str, context: dict | None = None) -> DocumentObject:
    data = render_docx((folder / f"{kind}.docx").read_bytes(), context or demo_context(kind))
    return Document(io.BytesIO(data))


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


def missing_from(text: str, *phrases: str) -> list[str]:
    """The ``phrases`` the text does not hold (a test asserts there are none, and sees which)."""
    return [phrase for phrase in phrases if phrase not in text]


def headings(doc: DocumentObject, level: int = 1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_is_built_and_renders_without_a_leftover_tag(built: Path, kind: str) -> None:
    assert (TEMPLATES / f"{kind}.docx").exists(), "run templates_docx/build_templates.py"
    doc = render(built, kind)
    text = all_text(doc)
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in text
    header = doc.sections[0].header.paragraphs[0].text
    assert "Entretien des espaces verts et mobilité douce (démonstration)" in header
    assert "BROUILLON" not in text  # the demo is no draft
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.left_margin.cm, 1) == 2.0


@pytest.mark.parametrize("kind", KINDS)
def test_the_committed_templates_render_too(kind: str) -> None:
    text = all_text(render(TEMPLATES, kind))
    assert "Poinfor" in text
    assert "{{" not in text


def test_a_draft_says_so_in_the_header_of_every_page(built: Path) -> None:
    for kind in KINDS:
        context = demo_context(kind)
        context.update(draft=True, draft_mark="BROUILLON — ne pas déposer")
        header = [p.text for p in render(built, kind, context).sections[0].header.paragraphs]
        assert "BROUILLON — ne pas déposer" in header, kind


def test_demo_sirets_pass_the_luhn_check() -> None:
    for member in [*demo_context("dc1")["members"], demo_context("dc4")["subcontractor"]]:
        assert siret.is_valid(member["siret"])
        assert member["siret"].startswith(member["siren"])


def test_dc1_follows_the_official_rubrics_and_lists_each_member_lot_by_lot(built: Path) -> None:
    context = demo_context("dc1")
    doc = render(built, "dc1")
    assert headings(doc) == DC1_RUBRICS
    assert headings(doc, 2)[:3] == DC1_F_RUBRICS
    table_e = next(t for t in doc.tables if t.rows[0].cells[0].text == "N° du lot")
    rows = [[c.text for c in r.cells] for r in table_e.rows[1:]]
    # Poinfor and A.C.I.A.E on both lots, Capep on lot 2; the sous-traitant is not a member.
    assert [(r[0], r[1].split(" (")[0]) for r in rows] == [
        ("1", "Poinfor"),
        ("2", "Poinfor"),
        ("1", "A.C.I.A.E"),
        ("2", "A.C.I.A.E"),
        ("2", "Capep"),
    ]
    capep = next(m for m in context["members"] if m["name"] == "Capep")
    for value in (capep["address"], capep["email"], capep["phone"], capep["siret"]):
        assert value in rows[-1][1]
    # What each member performs, lot by lot (its general services where the lot says nothing).
    assert [r[2] for r in rows] == [
        "Coordination et entretien du matériel thermique",
        "Réparation et révision des vélos",
        "Tonte, taille et désherbage",
        "Point de location de Cambrai",
        capep["services"],
    ]
    text = all_text(doc)
    assert "☒ pour tous les lots de la procédure de passation du marché public" in text
    assert "☒ Le candidat est un groupement d'entreprises : ☒ conjoint OU ☐ solidaire" in text
    assert "solidaire : ☐ Non ☒ Oui" in text
    assert "L. 2141-1 à L. 2141-5" in text and "L. 2141-7 à L. 2141-10" in text
    assert "L. 5212-1 à L. 5212-11 du code du travail" in text
    assert "Numéro SIRET : 41234567000019" in text  # the mandataire, rubric G
    # Each member signs at its own town, as its own representative.
    signatures = next(t for t in doc.tables if t.rows[0].cells[0].text == "Membre")
    assert [r.cells[2].text for r in signatures.rows[1:]] == [
        "Fait à Valenciennes, le 1er mars 2027",
        "Fait à Cambrai, le 1er mars 2027",
        "Fait à Lourches, le 1er mars 2027",
    ]
    assert signatures.rows[2].cells[1].text == "Karim Benali, président"


def test_dc2_has_every_rubric_and_the_closed_fiscal_years_with_their_dates(built: Path) -> None:
    doc = render(built, "dc2_member")
    assert [h.split(" - ")[0] for h in headings(doc)] == list("ABCDEFGHI")
    assert headings(doc)[3] == (
        "D - Le candidat individuel ou le membre du groupement est-il en redressement judiciaire ?"
    )
    turnover = next(t for t in doc.tables if t.rows[0].cells[0].text == "Exercice")
    rows = [[plain(c.text) for c in r.cells][:2] for r in turnover.rows[1:]]
    assert rows == [
        ["du 1er janvier 2023 au 31 décembre 2023", "612 000,00 €"],
        ["du 1er janvier 2024 au 31 décembre 2024", "648 500,00 €"],
        ["du 1er janvier 2025 au 31 décembre 2025", "671 250,00 €"],
    ]
    text = all_text(doc)
    assert (
        missing_from(
            text,
            "SIREN 412345670",
            "Qualiopi (démonstration)",
            # Poinfor is an entreprise d'insertion: L. 2113-13, not L. 2113-12.
            "☒ Structure d'insertion par l'activité économique",
            "☐ Entreprise adaptée",
            "prévus à l'article L. 2113-13 du code de la commande publique",
            # Its subcontractor on lot 2, in rubric H.
            "La Maison du vélo — 3 place du Guidon",
        )
        == []
    )
    assert "L. 2113-12 et L. 2113-13" not in text


def test_dc4_declares_the_subcontractor_with_its_price_payment_and_duration(built: Path) -> None:
    doc = render(built, "dc4")
    assert [h.split(" - ")[0] for h in headings(doc)] == list("ABCDEFGHIJKLM")
    assert headings(doc)[5:] == [
        "F - Nature des prestations sous-traitées",
        "G - Prix des prestations sous-traitées",
        "H - Conditions de paiement",
        "I - Durée du contrat de sous-traitance en nombre de mois",
        "J - Capacités du sous-traitant",
        "K - Attestations sur l'honneur du sous-traitant",
        "L - Cession ou nantissement des créances résultant du marché public",
        "M - Acceptation et agrément des conditions de paiement du sous-traitant",
    ]
    assert [h.split(" - ")[0] for h in headings(doc, 2)] == ["J1", "J2", "K1", "Signatures"]
    assert (
        missing_from(
            all_text(doc),
            "Nom commercial et dénomination sociale : La Maison du vélo",
            "8 000,00 € HT, soit 9 600,00 € TTC",
            "payé directement par l'acheteur : ☒ Oui ☐ Non",
            "La durée du contrat de sous-traitance en nombre de mois est de : 48.",
            "ne renonce pas à l'avance prévue à l'article R. 2193-19",
            "L. 2141-1 à L. 2141-5",
        )
        == []
    )


def test_attri1_is_one_lot_with_its_members_amounts_and_accounts(built: Path) -> None:
    doc = render(built, "attri1")
    assert [h.split(" - ")[0] for h in headings(doc)] == list("ABCD")
    assert [h.split(" - ")[0] for h in headings(doc, 2)] == ["B1", "B2", "B3", "B4", "B5"]
    text = all_text(doc)
    assert "☒ le lot n° 1 : Entretien des espaces verts" in text
    assert "72 000,00 €" in text
    assert "Capep" not in text  # not on lot 1
    assert "FR1610278000010002000300113" in text  # A.C.I.A.E's account (conjoint)


def test_memoire_has_a_cover_a_filled_table_of_contents_and_the_sections(built: Path) -> None:
    context = demo_context("memoire")
    doc = render(built, "memoire")
    titles = [s["title"] for s in context["sections"]]
    assert headings(doc)[: len(titles)] == titles
    toc = [p.text.split("\t")[0] for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert toc[: len(titles)] == titles
    assert "Présentation des membres du groupement" in toc and "Poinfor" in toc
    text = all_text(doc)
    assert "Mettre à jour les champs" not in text
    assert "Rôle d'A.C.I.A.E : Co-traitant" in text
    assert "Rôle de la Maison du vélo : Sous-traitant" in text
    assert headings(doc, 2) == ["Poinfor", "A.C.I.A.E", "Capep", "La Maison du vélo"]


def test_the_annex_shows_lot_and_grand_totals(built: Path) -> None:
    doc = render(built, "annexe_repartition")
    assert len(doc.tables) == 2  # one per lot
    totals = [plain(t.rows[-1].cells[2].text) for t in doc.tables]
    assert totals == ["72 000,00 €", "50 000,00 €"]
    assert [len(t.rows) for t in doc.tables] == [4, 6]  # header, shares, total
    assert "Montant total hors taxes de l'offre : 122 000,00 €" in all_text(doc)


def test_the_agreement_has_the_clauses_real_agreements_carry(built: Path) -> None:
    doc = render(built, "convention_groupement")
    parties = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert [p.split(",")[0] for p in parties[:3]] == ["Poinfor", "A.C.I.A.E", "Capep"]
    articles = [h.split(" — ", 1)[1] for h in headings(doc) if h.startswith("Article")]
    assert articles == [
        "Objet",
        "Membres et forme du groupement",
        "Mandataire : désignation, mission et pouvoirs",
        "Répartition des prestations",
        "Paiement",
        "Responsabilité et solidarité",
        "Coordination",
        "Confidentialité",
        "Retrait ou défaillance d'un membre",
        "Règlement des différends",
        "Durée",
        "Signatures",
    ]
    text = all_text(doc)
    assert "lancée par la Communauté d'agglomération de démonstration" in text
    assert "Les membres désignent Poinfor (SIRET 41234567000019) comme mandataire" in text
    assert "122 000,00 €" in text
    assert "48 mois" in text
    assert "Groupement « Groupement" not in text and "« Groupement" not in text


def test_building_twice_gives_the_same_text(built: Path, tmp_path: Path) -> None:
    first, second = built, tmp_path / "again"
    load_builder().build_all(second)
    for kind in KINDS:
        a = Document(str(first / f"{kind}.docx"))
        b = Document(str(second / f"{kind}.docx"))
        assert all_text(a) == all_text(b)
        assert [p.style.name for p in a.paragraphs] == [p.style.name for p in b.paragraphs]


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown template kind"):
        demo_context("dc5")


def test_a_member_without_a_town_leaves_no_empty_parentheses(built: Path) -> None:
    context = demo_context("memoire")
    context["members"][1]["town"] = ""
    text = all_text(render(built, "memoire", context))
    assert "A.C.I.A.E ()" not in text and ", \n" not in text
    assert "A.C.I.A.E — Co-traitant" in text
