"""Checking the identifiers a French organisation gives: SIRET, SIREN, NAF code, postcode."""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

_NAF = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")
_POSTCODE = re.compile(r"^\d{5}$")
_DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$")


class IdentifierError(ValueError):
    """The French sentence saying what is wrong with the value."""


def clean_siret(value: str) -> str:
    """The 14 digits of a valid SIRET (La Poste's establishments included)."""
    compact = stdnum_siret.compact(value.replace("\u00a0", " ").replace("\u202f", " "))
    try:
        return str(stdnum_siret.validate(compact))
    except InvalidLength as exc:
        raise IdentifierError(
            f"Un SIRET comporte 14 chiffres (9 pour le SIREN et 5 pour l'établissement) ; "
            f"celui-ci en a {len(compact)}."
        ) from exc
    except InvalidFormat as exc:
        raise IdentifierError("Un SIRET ne contient que des chiffres.") from exc
    except (InvalidChecksum, ValidationError) as exc:
        raise IdentifierError(
            "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez-le sur votre avis de situation Sirene."
        ) from exc


def siren_of(siret: str) -> str:
    return str(stdnum_siret.to_siren(siret))


def clean_siren(value: str) -> str:
    compact = stdnum_siren.compact(value)
    try:
        return str(stdnum_siren.validate(compact))
    except InvalidLength as exc:
        raise IdentifierError("Un SIREN comporte 9 chiffres.") from exc
    except InvalidFormat as exc:
        raise IdentifierError("Un SIREN ne contient que des chiffres.") from exc
    except ValidationError as exc:
        raise IdentifierError(
            "Ce SIREN n'est pas valide : sa clé de contrôle ne correspond pas."
        ) from exc


def clean_naf(value: str) -> str:
    """« 88.99B » from « 8899b », « 88.99 B »…"""
    compact = value.replace(" ", "").upper()
    if not _NAF.match(compact):
        raise IdentifierError(
            "Le code NAF/APE s'écrit avec 4 chiffres et une lettre, par exemple 88.99B."
        )
    digits = compact.replace(".", "")
    return f"{digits[:2]}.{digits[2:4]}{digits[4]}"


def clean_postcode(value: str) -> str:
    compact = value.replace(" ", "")
    if not _POSTCODE.match(compact):
        raise IdentifierError("Le code postal comporte 5 chiffres, par exemple 59300.")
    return compact


def departement_of_postcode(postcode: str) -> str:
    """The département a French postcode belongs to (Corsica and overseas included)."""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]


def clean_departement(value: str) -> str:
    code = value.strip().upper()
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    if not _DEPARTEMENT.match(code):
        raise IdentifierError(
            f"« {value.strip()} » n'est pas un numéro de département (exemples : 59, 62, 2A, 974)."
        )
    return code
