"""Procedure types, from each format's codes or words to Cordée's few kinds and a French label."""

from __future__ import annotations

from tenders.notices.schema import Procedure
from tenders.notices.values import clean_text, searchable

# eForms code list "procurement-procedure-type" (BT-105). The labels are those of the Code
# de la commande publique where French law has the procedure.
EFORMS_PROCEDURES: dict[str, tuple[Procedure, str]] = {
    "open": ("ouvert", "Appel d'offres ouvert"),
    "restricted": ("restreint", "Appel d'offres restreint"),
    "neg-w-call": ("negociee", "Procédure avec négociation"),
    "neg-wo-call": (
        "negociee",
        "Procédure négociée sans publicité ni mise en concurrence préalables",
    ),
    "comp-dial": ("dialogue", "Dialogue compétitif"),
    "innovation": ("autre", "Partenariat d'innovation"),
    "comp-tend": ("autre", "Mise en concurrence (règlement (CE) n° 1370/2007)"),
    "exp-int-rail": ("autre", "Appel à manifestation d'intérêt (transport ferroviaire)"),
    "oth-single": ("autre", "Autre procédure en une seule étape"),
    "oth-mult": ("autre", "Autre procédure en plusieurs étapes"),
}

# OCDS "procurementMethod", when no "procurementMethodDetails" says more.
OCDS_METHODS: dict[str, tuple[Procedure, str]] = {
    "open": ("ouvert", "Procédure ouverte"),
    "selective": ("restreint", "Procédure restreinte"),
    "limited": ("negociee", "Procédure négociée"),
    "direct": ("autre", "Attribution directe"),
}

MAPA_LABEL = "Procédure adaptée"

# Words of a French label, in the order they decide: « Procédure adaptée ouverte » is a MAPA.
_WORDS: tuple[tuple[str, Procedure], ...] = (
    ("adapte", "mapa"),
    ("mapa", "mapa"),
    ("dialogue", "dialogue"),
    ("negoci", "negociee"),
    ("sans publicite", "negociee"),
    ("restreint", "restreint"),
    ("ouvert", "ouvert"),
)


def from_label(label: str) -> tuple[Procedure, str]:
    """The kind of procedure a French label names, and the label tidied: "procédure
    adaptée" → ("mapa", "Procédure adaptée"); an unknown label is « autre »."""
    text = clean_text(label)
    if not text:
        return "", ""
    plain = searchable(text)
    tidy = text[0].upper() + text[1:]
    for word, procedure in _WORDS:
        if word in plain:
            return procedure, tidy
    return "autre", tidy


def is_mapa(text: str) -> bool:
    """True when a text describing the procedure says it is a procédure adaptée."""
    plain = searchable(text)
    return "procedure adaptee" in plain or "mapa" in plain.split()
