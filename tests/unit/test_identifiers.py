from __future__ import annotations

import pytest

from tenders.members.identifiers import (
    IdentifierError,
    clean_departement,
    clean_naf,
    clean_siren,
    clean_siret,
    departement_of_postcode,
    siren_of,
)

SIRET_TABLE = [
    # (input, expected or the start of the French error)
    ("73282932000074", "73282932000074"),
    ("732 829 320 00074", "73282932000074"),
    ("732.829.320.00074", "73282932000074"),
    ("73282932000079", "Ce SIRET n'est pas valide"),  # wrong Luhn key
    ("7328293200007", "Un SIRET comporte 14 chiffres"),  # too short
    ("732829320000741", "Un SIRET comporte 14 chiffres"),  # too long
    ("7328293200007A", "Un SIRET ne contient que des chiffres"),
    # La Poste: its establishments do not follow Luhn; the digit sum is a multiple of 5.
    ("35600000049837", "35600000049837"),
    ("35600000049838", "Ce SIRET n'est pas valide"),
    ("35600000000048", "35600000000048"),  # La Poste's head office follows Luhn
]


@pytest.mark.parametrize(("value", "expected"), SIRET_TABLE)
def test_siret(value: str, expected: str) -> None:
    if expected.isdigit():
        assert clean_siret(value) == expected
    else:
        with pytest.raises(IdentifierError, match=expected):
            clean_siret(value)


def test_siren_is_derived_from_siret_and_checked() -> None:
    assert siren_of("73282932000074") == "732829320"
    assert clean_siren("732 829 320") == "732829320"
    with pytest.raises(IdentifierError, match="clé de contrôle"):
        clean_siren("732829321")
    with pytest.raises(IdentifierError, match="9 chiffres"):
        clean_siren("73282932")


def test_naf_code_is_normalised() -> None:
    assert clean_naf("8899b") == "88.99B"
    assert clean_naf("88.99 B") == "88.99B"
    with pytest.raises(IdentifierError, match=r"88\.99B"):
        clean_naf("889")


@pytest.mark.parametrize(
    ("postcode", "departement"),
    [
        ("59300", "59"),
        ("62000", "62"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20200", "2B"),
        ("97411", "974"),
    ],
)
def test_departement_of_postcode(postcode: str, departement: str) -> None:
    assert departement_of_postcode(postcode) == departement


def test_departement_codes() -> None:
    assert clean_departement("9") == "09"
    assert clean_departement("2a") == "2A"
    with pytest.raises(IdentifierError):
        clean_departement("99")
