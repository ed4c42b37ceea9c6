"""CPV codes: check digit, parsing of what people type, and the place of a code in the tree.

A code is 8 digits and a check digit ("45233142-6"). The tree is read off the digits: the
first 2 are the division, 3 the group, 4 the class, 5 the category; further non-zero digits
are sub-categories. Pure functions only: no database, no file.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# Established from the official CPV 2008 list: weights 3, 7, 1 repeated, sum modulo 10.
_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)
# The official list itself departs from that rule for about one code in twenty (no weighting
# fits them all); these are the ones seen in published notices and national copies of the list.
# The published digit wins: a notice says 72400000-4, so "72400000-4" must be accepted.
IRREGULAR_CHECK_DIGITS: dict[str, int] = {
    "03321000": 5,
    "03460000": 2,
    "09121100": 4,
    "09134220": 5,
    "37442600": 8,
    "42113320": 3,
    "42122161": 6,
    "42124170": 6,
    "42131146": 1,
    "42141200": 1,
    "51000000": 9,
    "65122000": 0,
    "65123000": 3,
    "71351921": 2,
    "72212224": 5,
    "72212322": 2,
    "72212450": 8,
    "72212490": 0,
    "72212650": 0,
    "72400000": 4,
    "72413000": 8,
    "72420000": 0,
    "72600000": 6,
    "72610000": 9,
    "72611000": 6,
    "72700000": 7,
    "72800000": 8,
    "72900000": 9,
    "72910000": 2,
}
# Spaces people and word processors put between digit groups.
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# A hyphen, or the dashes a word processor turns it into.
_CODE = re.compile(r"(\d{8})(?:[-\u2010\u2011\u2012\u2013\u2014\u2212]?(\d))?")
_DIGITS = re.compile(r"\d{8}")
_PREFIX = re.compile(r"\d{2,7}")

FORMAT_MESSAGE = (
    "Un code CPV comporte 8 chiffres suivis d'une clé de contrôle, par exemple 45233142-6."
)


class CpvError(ValueError):
    """A code that cannot be a CPV code; ``message`` says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Level(enum.StrEnum):
    DIVISION = "division"
    GROUP = "group"
    CLASS = "class"
    CATEGORY = "category"
    SUBCATEGORY = "subcategory"


LEVEL_LABELS: dict[Level, str] = {
    Level.DIVISION: "division",
    Level.GROUP: "groupe",
    Level.CLASS: "classe",
    Level.CATEGORY: "catégorie",
    Level.SUBCATEGORY: "sous-catégorie",
}

_LEVEL_BY_PREFIX_LENGTH = {
    2: Level.DIVISION,
    3: Level.GROUP,
    4: Level.CLASS,
    5: Level.CATEGORY,
}


def check_digit(eight: str) -> int:
    """The check digit of 8 digits: ``check_digit("45233142") == 6``.

    The weighted sum of the rule, except for the few official codes whose published digit
    departs from it (``IRREGULAR_CHECK_DIGITS``), where the published digit is returned.
    """
    if not _DIGITS.fullmatch(eight):
        raise CpvError(FORMAT_MESSAGE)
    irregular = IRREGULAR_CHECK_DIGITS.get(eight)
    if irregular is not None:
        return irregular
    return sum(int(digit) * weight for digit, weight in zip(eight, _WEIGHTS, strict=True)) % 10


def significant_prefix(eight: str) -> str:
    """The digits without trailing zeros, never fewer than the 2 of the division."""
    return eight.rstrip("0").ljust(2, "0")


@dataclass(frozen=True, order=True, slots=True)
class CpvCode:
    """A valid CPV code, held as its 8 digits (the check digit is derived)."""

    digits: str

    def __post_init__(self) -> None:
        if not _DIGITS.fullmatch(self.digits):
            raise CpvError(FORMAT_MESSAGE)
        if self.digits.startswith("00"):
            raise CpvError(
                f"Le code CPV {self.digits}-{check_digit(self.digits)} n'existe pas : "
                "aucune division du vocabulaire ne commence par 00."
            )

    def __str__(self) -> str:
        return self.full

    @property
    def check(self) -> int:
        return check_digit(self.digits)

    @property
    def full(self) -> str:
        """The written form, with the check digit: "45233142-6"."""
        return f"{self.digits}-{self.check}"

    @property
    def prefix(self) -> str:
        """The significant prefix: "45" for 45000000, "452" for 45200000."""
        return significant_prefix(self.digits)

    @property
    def division(self) -> str:
        return self.digits[:2]

    @property
    def level(self) -> Level:
        return _LEVEL_BY_PREFIX_LENGTH.get(len(self.prefix), Level.SUBCATEGORY)

    @property
    def level_label(self) -> str:
        """The level in French: « division », « groupe », … « sous-catégorie »."""
        return LEVEL_LABELS[self.level]

    def ancestors(self) -> list[CpvCode]:
        """The codes above this one, from the division down to the parent."""
        found: list[CpvCode] = []
        for length in range(2, len(self.prefix)):
            digits = self.digits[:length].ljust(8, "0")
            # A 0 inside the prefix opens no level of its own (4521 then 45210 are one code).
            if not found or found[-1].digits != digits:
                found.append(CpvCode(digits))
        return found

    def is_ancestor_of(self, other: CpvCode) -> bool:
        """True when ``other`` lies strictly below this code in the tree."""
        return other.digits != self.digits and other.digits.startswith(self.prefix)

    def covers(self, other: CpvCode) -> bool:
        """True for the code itself and every code below it: what a search by code finds."""
        return other.digits.startswith(self.prefix)


def parse(text: str) -> CpvCode:
    """Read a code as people write it: "45233142-6", "45233142", "45 23 31 42-6", "45233142 6".

    Without a check digit (eForms notices carry none) the code is taken as it is; with one,
    it must be the right one.
    """
    match = _CODE.fullmatch(_SPACES.sub("", text or ""))
    if match is None:
        raise CpvError(FORMAT_MESSAGE)
    digits, given = match.groups()
    code = CpvCode(digits)
    if given is not None and int(given) != code.check:
        raise CpvError(
            f"Le code CPV {digits}-{given} a une clé de contrôle incorrecte : "
            f"la clé attendue est {code.check} ({code.full})."
        )
    return code


def descendant_range(prefix: str | CpvCode) -> tuple[str, str]:
    """Inclusive bounds (low, high) of the 8-digit codes under ``prefix``, the code included.

    Query with ``code >= low AND code <= high``: both bounds are 8 digits, so a plain btree
    index serves the range whatever the collation, on SQLite and PostgreSQL alike.
    ``prefix`` is a CpvCode, a code as typed (its significant prefix is used: "45200000-9"
    gives the group 452), or 2 to 7 digits taken literally ("4523").
    """
    if isinstance(prefix, CpvCode):
        digits = prefix.prefix
    else:
        compact = _SPACES.sub("", prefix or "")
        digits = compact if _PREFIX.fullmatch(compact) else parse(compact).prefix
    return digits.ljust(8, "0"), digits.ljust(8, "9")
