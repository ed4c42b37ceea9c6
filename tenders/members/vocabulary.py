"""The words of the members domain: kinds of structure, labels, certificates and their rules."""

from __future__ import annotations

from typing import NamedTuple

KINDS: dict[str, str] = {
    "aci": "Atelier et chantier d'insertion (ACI)",
    "ai": "Association intermédiaire (AI)",
    "ei": "Entreprise d'insertion (EI)",
    "etti": "Entreprise de travail temporaire d'insertion (ETTI)",
    "eiti": "Entreprise d'insertion par le travail indépendant (EITI)",
    "geiq": "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)",
    "ea": "Entreprise adaptée (EA)",
    "esat": "Établissement et service d'accompagnement par le travail (ESAT)",
    "association": "Association",
    "scop": "Société coopérative et participative (SCOP)",
    "scic": "Société coopérative d'intérêt collectif (SCIC)",
    "mutuelle": "Mutuelle",
    "esus": "Entreprise solidaire d'utilité sociale (ESUS)",
    "other": "Autre",
}

# Kinds that can bid on contracts reserved under L2113-13 (insertion) and L2113-12 (disability).
SIAE_KINDS = frozenset({"aci", "ai", "ei", "etti", "eiti"})
DISABILITY_KINDS = frozenset({"ea", "esat"})

ESS_STATUSES: dict[str, str] = {
    "": "Non renseigné",
    "de_droit": "ESS de droit (association, coopérative, mutuelle, fondation)",
    "commerciale_ess": "Société commerciale de l'ESS (article 1er de la loi du 31 juillet 2014)",
    "hors_ess": "Hors ESS",
}

# What the DC4 (rubric G) says of the VAT on the amounts a structure is paid.
VAT_REGIMES: dict[str, str] = {
    "": "Non renseigné",
    "assujettie": "Assujettie à la TVA (taux normal de 20 %)",
    "exoneree": "Exonérée de TVA (article 261 du code général des impôts)",
    "franchise": "Franchise en base de TVA (article 293 B du code général des impôts)",
}

LABELS: dict[str, str] = {
    "agrement_esus": "Agrément ESUS",
    "conventionnement_iae": "Conventionnement IAE",
    "agrement_ea": "Agrément entreprise adaptée",
    "qualiopi": "Qualiopi",
    "rge": "RGE (reconnu garant de l'environnement)",
    "iso_9001": "ISO 9001",
    "iso_14001": "ISO 14001",
    "lucie": "Label Lucie (RSE)",
    "ecocert": "Ecocert",
}

CAPABILITY_KINDS: dict[str, str] = {
    "services": "Services",
    "supplies": "Fournitures",
    "works": "Travaux",
    "staffing": "Mise à disposition de personnel",
}


class CertificateKind(NamedTuple):
    label: str
    validity_months: int | None  # None: no expiry
    several: bool  # several papers of this kind, told apart by their title
    required: bool  # asked for in (nearly) every public tender


CERTIFICATE_KINDS: dict[str, CertificateKind] = {
    "kbis": CertificateKind("Extrait Kbis ou avis de situation Sirene", 3, False, True),
    "urssaf": CertificateKind("Attestation de vigilance URSSAF", 6, False, True),
    "fiscal": CertificateKind("Attestation de régularité fiscale", 12, False, True),
    "rc_pro": CertificateKind("Attestation d'assurance responsabilité civile", 12, False, True),
    "rib": CertificateKind("RIB", None, False, False),
    "statuts": CertificateKind("Statuts", None, False, False),
    "agrement": CertificateKind("Agrément SIAE ou EA", 12, True, False),
    "label": CertificateKind("Label ou certification", 36, True, False),
    "other": CertificateKind("Autre document", None, True, False),
}

# Days before the end of validity from which a paper "expire bientôt".
EXPIRING_SOON_DAYS = 30

DEPARTEMENTS_HINT = "Numéros de département séparés par des virgules, par exemple : 59, 62"
