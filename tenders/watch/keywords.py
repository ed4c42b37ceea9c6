"""Whether a text holds one of the watch's keywords, accents and capitals aside.

A pure function, no database. The rules, decided for the watch:

- accents, capitals and the ligatures œ / æ do not count: « Réinsertion » matches
  « reinsertion », « REINSERTION » and « réinsertion » ;
- a hyphen joins or separates, as one writes it: « ré-insertion » matches « réinsertion » and
  « ré insertion », and « Saint Omer » matches « Saint-Omer » ;
- other punctuation and runs of spaces are one space: « espaces  verts, » holds « espaces
  verts » ;
- a keyword starts at the start of a word and may end inside one, so a plural matches
  (« insertion » finds « insertions ») but a word inside another does not (« vert » does not
  find « ouvert »).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_HYPHENS = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2212]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def _plain(text: str) -> str:
    """Lower case, without accents or ligatures."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> str:
    """Words separated by one space, with a space either side to match at word starts."""
    return " " + " ".join(_NOT_WORD.sub(" ", text).split()) + " "


def forms(text: str) -> tuple[str, str]:
    """The text with its hyphens removed (« reinsertion ») and made spaces (« re insertion »)."""
    plain = _plain(text)
    return _words(_HYPHENS.sub("", plain)), _words(_HYPHENS.sub(" ", plain))


def keyword_matches(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords ``text`` holds, in their order; a keyword with no letter or digit never
    matches."""
    joined, split = forms(text)
    found = []
    for keyword in keywords:
        key_joined, key_split = (form.rstrip() for form in forms(keyword))
        if key_joined.strip() and (key_joined in joined or key_split in split):
            found.append(keyword)
    return found
