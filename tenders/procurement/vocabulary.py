"""The words of the tender pipeline, in French for the interface."""

from __future__ import annotations

STATUSES: dict[str, str] = {
    "veille": "En veille",
    "a_qualifier": "À qualifier",
    "go": "Go",
    "no_go": "No go",
    "en_preparation": "En préparation",
    "deposee": "Déposée",
    "gagnee": "Gagnée",
    "perdue": "Perdue",
    "sans_suite": "Sans suite",
}

# Where a tender may go from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "veille": ("a_qualifier", "no_go", "sans_suite"),
    "a_qualifier": ("go", "no_go", "veille", "sans_suite"),
    "go": ("en_preparation", "no_go", "sans_suite"),
    "no_go": ("a_qualifier",),
    "en_preparation": ("deposee", "no_go", "sans_suite"),
    "deposee": ("gagnee", "perdue", "sans_suite"),
    "gagnee": (),
    "perdue": (),
    "sans_suite": (),
}

# Statuses in which the collective still works on the tender (deadlines matter).
ACTIVE = frozenset({"veille", "a_qualifier", "go", "en_preparation"})

PROCEDURES: dict[str, str] = {
    "mapa": "Procédure adaptée (MAPA)",
    "ouvert": "Appel d'offres ouvert",
    "restreint": "Appel d'offres restreint",
    "negociee": "Procédure avec négociation",
    "dialogue": "Dialogue compétitif",
    "autre": "Autre procédure",
}

KINDS: dict[str, str] = {
    "services": "Services",
    "supplies": "Fournitures",
    "works": "Travaux",
}

RESERVED: dict[str, str] = {
    "none": "Non réservé",
    "disability": "Réservé aux entreprises adaptées et ESAT (article L2113-12)",
    "insertion": "Réservé aux structures d'insertion par l'activité économique (article L2113-13)",
    "both": "Réservé aux EA, ESAT et SIAE (articles L2113-12 et L2113-13)",
    "ess": "Réservé aux entreprises de l'économie sociale et solidaire (article L2113-15)",
}

# Internal milestones, proposed backwards from the offer deadline (days before it).
MILESTONES: tuple[tuple[str, str, int], ...] = (
    ("go_no_go", "Décision go / no go", 21),
    ("contributions", "Contributions des membres rendues", 10),
    ("compilation", "Compilation du dossier", 5),
    ("final_check", "Relecture finale et dépôt", 2),
)

SOURCES: dict[str, str] = {
    "manual": "Saisie manuelle",
    "eforms": "Avis eForms (TED)",
    "boamp": "BOAMP",
    "ocds": "Publication OCDS",
}
