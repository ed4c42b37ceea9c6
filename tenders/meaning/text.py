"""A French text as the words that carry its meaning, and as one vector.

A text's vector is the weighted mean of its words' vectors (``tenders.meaning.model``), made
unit length so that a dot product is a cosine. Function words and the words every notice uses
(« marché », « prestations », « lot »…) are left out: they would make every lot look alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from tenders.meaning import DIMENSIONS
from tenders.meaning.model import Vector, word

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")

# French function words.
_FUNCTION = frozenset(
    """
    a à afin ai au aux avec c ça car ce ceci cela celle celles celui ces cet cette chez ci
    comme d dans de des dès donc dont du elle elles en entre et etc eux il ils j je l la le
    les leur leurs lors lorsque m ma mais me même mes moins mon n ne ni nos notre nous on ont
    ou où par parmi pas pendant peu peut peuvent plus pour qu que quel quelle quelles quels
    qui quoi s sa sans se selon ses si son sont sous suis sur t ta te tes toi ton tous tout
    toute toutes très tu un une vers via vos votre vous y être été étant avoir aussi ainsi
    également notamment autre autres chaque cas afin dit dite dits dites leurs ceux après avant
    """.split()  # noqa: SIM905 - a list of words reads best as words
)
# Words every notice or file uses, whatever it asks for.
_BOILERPLATE = frozenset(
    """
    accord accord-cadre accords-cadres acheteur acheteurs adjudicateur besoin besoins cadre
    collectivité collectivités commune communes communauté consultation démonstration durée
    ensemble exécution fourniture fournitures lot lots marché marchés mission missions objet
    prestation prestations présent présente prestataire réalisation relatif relative
    relatifs relatives service services site sites titulaire titulaires travaux type types
    ville année années an ans mois divers diverses concernant compris dont conformément
    structure structures collectif prise charge
    """.split()  # noqa: SIM905
)
STOPWORDS = _FUNCTION | _BOILERPLATE


def words(text: str) -> list[str]:
    """The meaningful words of ``text``, lower case, in order (« d'accompagnement » gives
    « accompagnement »); a hyphenated word the model does not know is read as its parts."""
    found: list[str] = []
    for match in _WORD.finditer(unicodedata.normalize("NFC", text.casefold())):
        token = match.group()
        parts = [token] if "-" not in token or word(token) is not None else token.split("-")
        found += [part for part in parts if len(part) > 1 and part not in STOPWORDS]
    return found


@dataclass(frozen=True, slots=True)
class Term:
    """A word of a text the model knows: as written, its unit vector and its weight."""

    text: str
    vector: Vector
    weight: float


def terms(text: str) -> list[Term]:
    """The distinct known words of ``text``, in order of first appearance."""
    seen: set[str] = set()
    found: list[Term] = []
    for token in words(text):
        if token in seen:
            continue
        seen.add(token)
        known = word(token)
        if known is not None:
            found.append(Term(token, known[0], known[1]))
    return found


def mean_vector(found: list[Term]) -> Vector | None:
    """The weighted mean of the terms' vectors, unit length; None without any term."""
    if not found:
        return None
    total = np.zeros(DIMENSIONS, dtype=np.float32)
    for term in found:
        total += term.vector * term.weight
    norm = float(np.linalg.norm(total))
    if norm < 1e-6:
        return None
    return (total / norm).astype(np.float32)


def embed(text: str) -> Vector | None:
    """``text`` as one unit vector, or None when it has no word the model knows."""
    return mean_vector(terms(text))


def to_bytes(vector: Vector | None) -> bytes:
    """As stored in the database: 300 float32, little-endian; b"" for no vector."""
    if vector is None:
        return b""
    return vector.astype("<f4").tobytes()


def from_bytes(data: bytes) -> Vector | None:
    if len(data) != DIMENSIONS * 4:
        return None
    return np.frombuffer(data, dtype="<f4")
