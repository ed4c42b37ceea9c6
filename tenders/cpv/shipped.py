"""The French CPV labels shipped with Cordée, and the search people type into them.

The shipped file (``data/cpv_fr.csv``) covers the divisions and the codes a collective of
social-economy organisations meets most. Pure: it reads the package's data file and nothing
else, so matching and documents may use it; ``labels`` adds the imported official list.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from importlib import resources

from tenders.cpv.codes import CpvCode, parse

SHIPPED_FILE = "cpv_fr.csv"

# Everyday words people type that the official wording does not use.
_SYNONYMS = {
    "velo": "bicyclette",
    "menage": "nettoyage",
    "interim": "temporaire",
}


@functools.cache
def shipped_labels() -> dict[str, str]:
    """The labels shipped with Cordée, by 8-digit code; read once, on first use."""
    text = resources.files("tenders.cpv").joinpath("data", SHIPPED_FILE).read_text("utf-8")
    found: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines(), delimiter=";"):
        found[parse(row["code"]).digits] = row["label"]
    return found


def fold(text: str) -> str:
    """Lower case without accents, for matching what people type against the labels."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _folded_labels() -> list[tuple[str, str, str]]:
    return [(digits, label, fold(label)) for digits, label in sorted(shipped_labels().items())]


def _words(text: str) -> list[str]:
    words = []
    for word in fold(text).replace("'", " ").replace("’", " ").split():
        singular = word[:-1] if len(word) > 3 and word.endswith(("s", "x")) else word
        words.append(_SYNONYMS.get(singular, _SYNONYMS.get(word, singular)))
    return words


def suggest(text: str, limit: int = 10) -> list[tuple[str, str]]:
    """Shipped codes matching what was typed: (full code, label), best matches first.

    Digits search by code prefix ("9091" finds 90910000-9 and below); words search the
    labels without regard to case or accents, every word having to appear ("nettoyage
    vitres", "velo" finds « Bicyclettes »).
    """
    compact = "".join(text.split()).split("-")[0]
    if compact.isdigit():
        return [
            (CpvCode(digits).full, label)
            for digits, label, _ in _folded_labels()
            if digits.startswith(compact)
        ][:limit]
    words = _words(text)
    if not words:
        return []
    matches = [
        (folded.find(words[0]), len(label), digits, label)
        for digits, label, folded in _folded_labels()
        if all(word in folded for word in words)
    ]
    # What a label is about comes early in it, and the shortest label says the least else:
    # « Services de nettoyage » before « Meubles (…) et produits de nettoyage ».
    matches.sort()
    return [(CpvCode(digits).full, label) for _, _, digits, label in matches[:limit]]
