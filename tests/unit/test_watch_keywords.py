"""Keyword matching of the watch: accents, capitals and hyphens aside, at word starts."""

from __future__ import annotations

import pytest

from tenders.watch.keywords import keyword_matches


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("reinsertion", "Réinsertion"),
        ("REINSERTION", "Réinsertion"),
        ("Chantier de ré-insertion", "Réinsertion"),  # a hyphen joins…
        ("Chantier de réinsertion", "ré-insertion"),
        ("Travaux à Saint-Omer", "saint omer"),  # …or separates
        ("Entretien des espaces  verts, lot 2", "Espaces verts"),
        ("Les insertions professionnelles", "insertion"),  # a plural
        ("Cœur de ville", "coeur"),
        ("ÉCOLE", "ecole"),
    ],
)
def test_matches(text: str, keyword: str) -> None:
    assert keyword_matches(text, [keyword]) == [keyword]


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Appel d'offres ouvert", "vert"),  # not inside a word
        ("Réinsertion", "insertion"),
        ("Espaces verts", "espace vert"),  # only the last word may go on
        ("Nettoyage", "-"),  # no letter: never
        ("Nettoyage", ""),
    ],
)
def test_does_not_match(text: str, keyword: str) -> None:
    assert keyword_matches(text, [keyword]) == []


def test_keeps_the_keywords_order() -> None:
    found = keyword_matches("Insertion et espaces verts", ["verts", "nettoyage", "insertion"])
    assert found == ["verts", "insertion"]
