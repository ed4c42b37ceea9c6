"""French that reads right where a name is inserted in a sentence.

« Rôle d'A.C.I.A.E », « de Poinfor »; « lancée par la Communauté d'agglomération … », « du
Département du Nord », « par Valenciennes Métropole » (a proper name takes no article)."""

from __future__ import annotations

_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")

# The first word of a public buyer's name and its article.
_ARTICLES = {
    "agence": "l'",
    "agglomération": "l'",
    "assistance": "l'",
    "caisse": "la",
    "centre": "le",
    "chambre": "la",
    "collectivité": "la",
    "commune": "la",
    "communauté": "la",
    "conseil": "le",
    "département": "le",
    "direction": "la",
    "établissement": "l'",
    "état": "l'",
    "etat": "l'",
    "eurométropole": "l'",
    "groupement": "le",
    "hôpital": "l'",
    "institut": "l'",
    "maison": "la",
    "mairie": "la",
    "métropole": "la",
    "ministère": "le",
    "office": "l'",
    "préfecture": "la",
    "région": "la",
    "régie": "la",
    "service": "le",
    "société": "la",
    "syndicat": "le",
    "université": "l'",
    "ville": "la",
}


def starts_with_vowel(name: str) -> bool:
    return bool(name) and name[0] in _VOWELS


def of(name: str) -> str:
    """« d'A.C.I.A.E », « de Poinfor », « de la Maison du vélo », « du Relais »: the
    preposition *de* before a proper name, contracted with the name's own article."""
    name = name.strip()
    first, _, rest = name.partition(" ")
    if first in {"Le", "La", "Les"} and rest:
        return {"Le": "du ", "La": "de la ", "Les": "des "}[first] + rest
    if name.startswith(("L'", "L’")):
        return "de l'" + name[2:]
    return f"d'{name}" if starts_with_vowel(name) else f"de {name}"


def article(name: str) -> str:
    """« la », « le », « l' », or « » for a proper name (« Valenciennes Métropole »)."""
    words = name.strip().split()
    if not words:
        return ""
    first = words[0].lower().rstrip(",")
    if first in {"le", "la", "les"} or first.startswith("l'"):
        return ""  # the name carries its article already
    return _ARTICLES.get(first, "")


def the(name: str) -> str:
    """« la Communauté d'agglomération … », « l'Agglomération … », « Valenciennes Métropole »."""
    name = name.strip()
    words = name.split()
    if words and words[0] in {"Le", "La", "Les"}:
        return words[0].lower() + name[len(words[0]) :]
    if name.startswith(("L'", "L’")):
        return "l'" + name[2:]
    found = article(name)
    if not found:
        return name
    return f"{found}{name}" if found == "l'" else f"{found} {name}"


def of_the(name: str) -> str:
    """« de la Communauté … », « du Département … », « de l'Agglomération … », « de Lille »."""
    phrase = the(name)
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    if phrase.startswith(("la ", "l'")):
        return "de " + phrase
    return of(phrase)


def by_the(name: str) -> str:
    """« par la Communauté … », « par Valenciennes Métropole »."""
    return f"par {the(name)}"
