"""Every criterion of the catalogue has its French title, word for word the French label the EU
« criterion » authority table gives it (codelists/gc/Criterion.gc, column fra_label)."""

from __future__ import annotations

from lxml import etree

from tenders.espd import criteria, french
from tests.espd_support import espd_file


def _official_french_labels() -> dict[str, str]:
    table = etree.parse(str(espd_file("codelists/gc/Criterion.gc")))
    labels = {}
    for row in table.iter("Row"):
        values = {v.get("ColumnRef"): v.findtext("SimpleValue") or "" for v in row.iter("Value")}
        labels[values["code"]] = values.get("fra_label", "")
    return labels


def test_every_criterion_of_the_catalogue_has_a_french_title():
    assert set(french.TITLES) == {c.code for c in criteria.CATALOGUE}
    assert all(french.title(c).strip() for c in criteria.CATALOGUE)


def test_each_french_title_is_the_official_label():
    official = _official_french_labels()
    assert {code: official[code] for code in french.TITLES} == french.TITLES
    assert french.title("crime-org") == "Participation à une organisation criminelle"
    assert french.title("gen-year-to") == "Chiffre d’affaires annuel général"


def test_every_kind_of_criterion_has_a_french_title():
    assert {c.kind for c in criteria.CATALOGUE} == set(french.KIND_ORDER) == set(french.KINDS)
    assert french.kind_title("exclusion") == "Motifs d’exclusion"
    assert french.kind_title("selection") == "Critères de sélection"
