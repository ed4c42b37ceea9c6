"""CPV codes: check digits, what people type, the tree, the shipped labels, the importer."""

from __future__ import annotations

import csv
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from tenders.cpv import CpvCode, CpvError, Level, check_digit, descendant_range, parse
from tenders.cpv.codes import IRREGULAR_CHECK_DIGITS
from tenders.cpv.importer import CpvFileError, parse_official_file
from tenders.cpv.shipped import shipped_labels, suggest

FORMAT_MESSAGE = (
    "Un code CPV comporte 8 chiffres suivis d'une clé de contrôle, par exemple 45233142-6."
)


# --- check digits and what people type -------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "45000000-7",
        "72000000-5",
        "90910000-9",
        "90911200-8",
        "34114210-4",
        "45233142-6",
        "80411200-0",
        "77310000-6",
    ],
)
def test_the_check_digit_of_official_codes(written: str) -> None:
    digits, key = written.split("-")
    assert check_digit(digits) == int(key)
    assert parse(written).full == written


def test_a_wrong_check_digit_is_refused_with_the_expected_one() -> None:
    with pytest.raises(CpvError) as caught:
        parse("45233142-5")
    assert caught.value.message == (
        "Le code CPV 45233142-5 a une clé de contrôle incorrecte : "
        "la clé attendue est 6 (45233142-6)."
    )
    assert str(caught.value) == caught.value.message


@pytest.mark.parametrize(
    "typed",
    ["4523314", "452331426-6", "4523314-26x", "45233l42-6", "CPV 45233142-6", "", "45233142--6"],
)
def test_what_is_not_8_digits_and_a_key_is_refused(typed: str) -> None:
    with pytest.raises(CpvError) as caught:
        parse(typed)
    assert caught.value.message == FORMAT_MESSAGE


def test_division_00_does_not_exist() -> None:
    with pytest.raises(CpvError, match="aucune division du vocabulaire ne commence par 00"):
        parse("00000000-0")
    with pytest.raises(CpvError):
        CpvCode("00310000")


@pytest.mark.parametrize(
    "typed",
    [
        "45233142-6",
        "45233142",  # eForms notices carry no check digit
        "45 23 31 42-6",
        "45233142 6",
        " 45233142 - 6 ",
        "45233142\u20136",  # the en dash a word processor puts for a hyphen
        "45\u00a0233\u00a0142-6",
    ],
)
def test_the_forms_people_type_give_the_same_code(typed: str) -> None:
    code = parse(typed)
    assert code.digits == "45233142"
    assert code.full == "45233142-6"
    assert str(code) == "45233142-6"


def test_codes_whose_published_key_departs_from_the_rule_keep_the_published_key() -> None:
    # The official list writes 72400000-4 (Services Internet) and 51000000-9, not what the
    # weighted sum gives: notices carry the published form, so that is the one accepted.
    assert parse("72400000-4").full == "72400000-4"
    assert parse("72400000").full == "72400000-4"
    assert parse("51000000-9").level is Level.DIVISION
    with pytest.raises(CpvError, match=r"la clé attendue est 4 \(72400000-4\)"):
        parse("72400000-9")
    assert all(len(digits) == 8 and digits.isdigit() for digits in IRREGULAR_CHECK_DIGITS)


# --- the tree -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "level", "french", "prefix"),
    [
        ("45000000", Level.DIVISION, "division", "45"),
        ("30000000", Level.DIVISION, "division", "30"),
        ("45200000", Level.GROUP, "groupe", "452"),
        ("45210000", Level.CLASS, "classe", "4521"),
        ("90911000", Level.CATEGORY, "catégorie", "90911"),
        ("90911200", Level.SUBCATEGORY, "sous-catégorie", "909112"),
        ("45233142", Level.SUBCATEGORY, "sous-catégorie", "45233142"),
    ],
)
def test_levels_and_significant_prefix(digits: str, level: Level, french: str, prefix: str) -> None:
    code = CpvCode(digits)
    assert code.level is level
    assert code.level_label == french
    assert code.prefix == prefix
    assert code.division == digits[:2]


def test_ancestors_go_from_the_division_down_to_the_parent() -> None:
    assert [a.full for a in parse("45233142-6").ancestors()] == [
        "45000000-7",
        "45200000-9",
        "45230000-8",
        "45233000-9",
        "45233100-0",
        "45233140-2",
    ]
    assert [a.digits for a in parse("80411200").ancestors()] == [
        "80000000",
        "80400000",
        "80410000",
        "80411000",
    ]
    # A 0 inside the code opens no level: 45112710's parents skip nothing and repeat nothing.
    assert [a.digits for a in parse("45112710").ancestors()] == [
        "45000000",
        "45100000",
        "45110000",
        "45112000",
        "45112700",
    ]
    assert parse("30200000").ancestors() == [CpvCode("30000000")]
    assert parse("45000000").ancestors() == []


def test_ancestor_and_descendant_matching() -> None:
    construction, group, road_repair = parse("45000000"), parse("45200000"), parse("45233142")
    assert construction.is_ancestor_of(road_repair)
    assert group.is_ancestor_of(road_repair)
    assert not road_repair.is_ancestor_of(group)
    assert not group.is_ancestor_of(group)
    assert group.covers(group) and group.covers(road_repair)
    assert not group.covers(parse("45300000"))
    # Division 30 must not swallow division 03 nor 31, whatever the trailing zeros.
    assert not parse("30000000").covers(parse("03000000"))
    assert not parse("30000000").covers(parse("31000000"))


CODES = [
    "03000000",
    "30000000",
    "30200000",
    "31000000",
    "44000000",
    "45000000",
    "45100000",
    "45200000",
    "45210000",
    "45233142",
    "45300000",
    "48000000",
]


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("45200000-9", {"45200000", "45210000", "45233142"}),
        ("45000000", {"45000000", "45100000", "45200000", "45210000", "45233142", "45300000"}),
        (CpvCode("30000000"), {"30000000", "30200000"}),
        ("45233142", {"45233142"}),
        ("4523", {"45233142"}),
    ],
)
def test_descendant_range_selects_the_code_and_its_descendants(
    asked: str | CpvCode, expected: set[str]
) -> None:
    low, high = descendant_range(asked)
    assert len(low) == len(high) == 8
    assert {c for c in CODES if low <= c <= high} == expected


def test_descendant_range_refuses_what_is_not_a_code() -> None:
    with pytest.raises(CpvError):
        descendant_range("4")
    with pytest.raises(CpvError):
        descendant_range("45233142-5")


# --- the labels shipped -----------------------------------------------------------------------


def _shipped_lines() -> list[dict[str, str]]:
    text = resources.files("tenders.cpv").joinpath("data", "cpv_fr.csv").read_text("utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter=";")
    assert reader.fieldnames == ["code", "label"]
    return list(reader)


def test_every_shipped_line_is_a_valid_code_written_with_its_check_digit() -> None:
    lines = _shipped_lines()
    assert 200 <= len(lines) <= 400
    seen = set()
    for line in lines:
        digits, _, key = line["code"].partition("-")
        assert len(digits) == 8 and digits.isdigit() and len(key) == 1, line
        assert check_digit(digits) == int(key), line
        assert parse(line["code"]).full == line["code"], line
        assert line["label"] and line["label"] == line["label"].strip(), line
        assert digits not in seen, line
        seen.add(digits)


def test_all_45_divisions_are_shipped() -> None:
    divisions = {c for c in shipped_labels() if CpvCode(c).level is Level.DIVISION}
    assert len(divisions) == 45
    assert shipped_labels()["45000000"] == "Travaux de construction"
    assert shipped_labels()["90910000"] == "Services de nettoyage"


def test_suggest_by_words_without_accents_and_by_code_prefix() -> None:
    # « Produits de nettoyage » and « Services de nettoyage » before the longer labels.
    assert suggest("nettoyage", limit=2) == [
        ("39830000-9", "Produits de nettoyage"),
        ("90910000-9", "Services de nettoyage"),
    ]
    assert suggest("NETTOYAGE") == suggest("nettoyage")
    assert suggest("velo")[0] == ("34430000-0", "Bicyclettes")
    assert suggest("vélos")[0] == ("34430000-0", "Bicyclettes")
    assert suggest("demolition")[0] == ("45111100-9", "Travaux de démolition")
    assert suggest("nettoyage vitres") == [
        ("90911300-9", "Services de nettoyage de vitres"),
        ("90911000-6", "Services de nettoyage de logements, de bâtiments et de vitres"),
    ]
    assert [full for full, _ in suggest("9091", limit=3)] == [
        "90910000-9",
        "90911000-6",
        "90911100-7",
    ]
    assert suggest("45 23 31 42-6") == [("45233142-6", "Travaux de réparation de routes")]
    assert len(suggest("services", limit=5)) == 5
    assert suggest("") == []
    assert suggest("xylophone") == []


# --- the official file ------------------------------------------------------------------------

OFFICIAL_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CPV_CODE>
  <CPV CODE="03000000-1">
    <TEXT LANG="EN">Agricultural, farming, fishing, forestry and related products</TEXT>
    <TEXT LANG="FR">Produits agricoles, de l'élevage, de la pêche,
      de la sylviculture et produits connexes</TEXT>
  </CPV>
  <CPV CODE="45233141-9">
    <TEXT LANG="DE">Straßeninstandhaltungsarbeiten</TEXT>
    <TEXT LANG="FR">Travaux d'entretien routier</TEXT>
  </CPV>
  <CPV CODE="90911200-8"><TEXT LANG="FR">Services de nettoyage de bâtiments</TEXT></CPV>
  <CPV CODE="72400000-4"><TEXT LANG="FR">Services Internet</TEXT></CPV>
  <CPV CODE="45233142-5"><TEXT LANG="FR">Travaux de réparation de routes</TEXT></CPV>
  <CPV CODE="80411200-0"><TEXT LANG="EN">Driving lessons</TEXT></CPV>
</CPV_CODE>
"""


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_the_xml_gives_the_french_labels_and_rejects_wrong_keys(tmp_path: Path) -> None:
    rejected: list[str] = []
    entries = list(
        parse_official_file(_write(tmp_path / "cpv_2008.xml", OFFICIAL_XML), rejected=rejected)
    )
    assert entries == [
        (
            "03000000",
            "Produits agricoles, de l'élevage, de la pêche, de la sylviculture et produits "
            "connexes",
        ),
        ("45233141", "Travaux d'entretien routier"),
        ("90911200", "Services de nettoyage de bâtiments"),
        ("72400000", "Services Internet"),
    ]
    # A wrong check digit, and a code with no French text.
    assert rejected == ["45233142-5", "80411200-0"]


def test_a_csv_export_is_read_by_its_code_and_french_columns(tmp_path: Path) -> None:
    text = (
        "Vocabulaire commun pour les marchés publics\n"
        "\n"
        "CODE;EN;FR;DE\n"
        "90911200-8;Building-cleaning services;Services de nettoyage de bâtiments;"
        "Gebäudereinigung\n"
        '45000000-7;Construction work;"Travaux de construction";Bauarbeiten\n'
        "45000000-1;Construction work;Travaux de construction;Bauarbeiten\n"
    )
    rejected: list[str] = []
    entries = list(
        parse_official_file(_write(tmp_path / "cpv.csv", text, "cp1252"), rejected=rejected)
    )
    assert entries == [
        ("90911200", "Services de nettoyage de bâtiments"),
        ("45000000", "Travaux de construction"),
    ]
    assert rejected == ["45000000-1"]

    with_bom = "\ufeffCode CPV,Libellé FR\n77310000-6,Services de plantation et d'entretien\n"
    entries = list(parse_official_file(_write(tmp_path / "bom.csv", with_bom)))
    assert entries == [("77310000", "Services de plantation et d'entretien")]


def test_files_that_are_not_the_cpv_list_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CpvFileError, match="Colonnes introuvables"):
        list(parse_official_file(_write(tmp_path / "other.csv", "nom;ville\nPhare;Denain\n")))
    with pytest.raises(CpvFileError, match="Aucun code CPV"):
        list(parse_official_file(_write(tmp_path / "empty.xml", "<CPV_CODE/>")))
    with pytest.raises(CpvFileError, match="mal formé"):
        list(parse_official_file(_write(tmp_path / "broken.xml", "<CPV_CODE><CPV>")))
    workbook = tmp_path / "cpv_2008.xlsx"
    with zipfile.ZipFile(workbook, "w") as zipped:
        zipped.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CpvFileError, match="classeurs Excel"):
        list(parse_official_file(workbook))
