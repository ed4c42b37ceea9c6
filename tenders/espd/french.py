"""The French titles of the ESPD-EDM 4.1.0 criteria and of their kinds, for the pages, the
checklist and the French summary of a DUME.

The titles are the French labels of the EU « criterion » authority table of the Publications
Office (codelists/gc/Criterion.gc, column fra_label, version 20240612-0), the wording the
ESPD services show in French; tests/unit/test_espd_french.py checks each one against that file.
"""

from __future__ import annotations

from tenders.espd.structure import Criterion

KINDS = {
    "exclusion": "Motifs d’exclusion",
    "selection": "Critères de sélection",
    "other": "Autres critères",
}
KIND_ORDER = ("exclusion", "selection", "other")

TITLES = {
    "crime-org": "Participation à une organisation criminelle",
    "corruption": "Corruption",
    "fraud": "Fraude",
    "terr-offence": "Infractions terroristes ou infractions liées aux activités terroristes",
    "finan-laund": "Blanchiment de capitaux ou financement du terrorisme",
    "human-traffic": "Travail des enfants et autres formes de traite des êtres humains",
    "tax-pay": "Paiement d’impôts et taxes",
    "socsec-pay": "Paiement des cotisations de sécurité sociale",
    "envir-law": "Manquement aux obligations dans le domaine du droit environnemental",
    "socsec-law": "Manquement aux obligations dans le domaine du droit social",
    "labour-law": "Manquement aux obligations dans le domaine du droit du travail",
    "bankruptcy": "Faillite",
    "insolvency": "Insolvabilité",
    "cred-arran": "Concordat",
    "bankr-nat": "Situation analogue à la faillite prévue dans la législation nationale",
    "liq-admin": "Biens administrés par un liquidateur",
    "susp-act": "État de cessation d’activités",
    "prof-misconduct": "Coupable d’une faute professionnelle grave",
    "distorsion": "Accords avec d’autres opérateurs économiques en vue de fausser la concurrence",
    "partic-confl": (
        "Conflit d’intérêt créé par sa participation à la procédure de passation de marché"
    ),
    "prep-confl": (
        "Association directe ou indirecte à la préparation de cette procédure de passation de"
        " marché"
    ),
    "sanction": "Résiliation, dommages et intérêts ou autres sanctions comparables",
    "misrepresent": (
        "Coupable de fausses déclarations, non-communication, n’a pas été en mesure de "
        "fournir les documents requis et a obtenu des informations confidentielles de la "
        "présente procédure"
    ),
    "nati-ground": "Motifs d’exclusion purement nationaux",
    "prof-regist": "Inscription sur un registre professionnel pertinent",
    "trade-regist": "Inscription sur un registre du commerce",
    "authorisation": (
        "Pour les contrats de service: Nécessité de détenir une autorisation émanant d’une "
        "organisation spécifique"
    ),
    "membership": (
        "Pour les contrats de service: Nécessité de disposer du statut de membre d’une "
        "organisation spécifique"
    ),
    "gen-year-to": "Chiffre d’affaires annuel général",
    "aver-year-to": "Chiffre d’affaires annuel moyen",
    "spec-aver-to": "Chiffre d’affaires annuel moyen spécifique",
    "spec-year-to": "Chiffre d’affaires annuel spécifique",
    "finan-rat": "Ratio financier",
    "indem-insu": "Assurance contre les risques professionnels",
    "finan-requ": "Autres exigences économiques ou financières",
    "work-perform": "Pour les marchés de travaux: Exécution des travaux du type spécifié",
    "supply-perform": "Pour les marchés de fournitures: Exécution des fournitures du type spécifié",
    "service-perform": "Pour les contrats de service: Exécution des services du type spécifié",
    "qual-cont-tech": "Techniciens ou organismes techniques responsables du contrôle de la qualité",
    "work-tech": (
        "Pour les marchés de travaux: Techniciens ou organismes techniques chargés d’exécuter"
        " les travaux"
    ),
    "qual-facil": "Équipement technique et mesures pour s’assurer de la qualité",
    "research-fac": "Moyens d’étude et de recherche",
    "chain-manage": "Gestion de la chaîne d’approvisionnement",
    "envir-measure": "Mesures de gestion environnementale",
    "tech-equip": "Outillage, matériel et équipement technique",
    "qualification": "Titres d’études et professionnels",
    "spec-req-check": "Vérification des exigences particulières",
    "manage-staff": "Nombre de cadres",
    "year-manpower": "Effectif moyen annuel",
    "suncont-port": "Sous-traitance d’une fraction du marché",
    "wo-autent": (
        "Pour les marchés de fournitures: Échantillons, descriptions ou photographies sans "
        "certificats d’authenticité"
    ),
    "w-autent": (
        "Pour les marchés de fournitures: Échantillons, descriptions ou photographies avec "
        "certificats d’authenticité"
    ),
    "qa-certif-inst": (
        "Pour les marchés de fournitures: Certificats établis par des instituts chargés du "
        "contrôle de la qualité"
    ),
    "qu-certif-indep": (
        "Certificats établis par des organismes indépendants concernant les normes "
        "d’assurance de la qualité"
    ),
    "envir-certif-indep": (
        "Certificats établis par des organismes indépendants concernant les systèmes ou "
        "normes de gestion environnementale"
    ),
    "shelt-worksh": "L’opérateur économique est un atelier protégé",
    "registered": "Opérateur économique enregistré dans un système de préqualification",
    "eo-group": "Opérateur économique participant avec d’autres",
    "relied": "Entités auxquelles l’opérateur a fait appel",
    "subco-ent": "Entités sous-traitantes",
    "staff-red": "Réduction du nombre de candidats qualifiés",
    "sme": "L’opérateur économique est une micro, petite ou moyenne entreprise",
}


def title(criterion: Criterion | str) -> str:
    """The French title of a criterion (given itself or by its code)."""
    code = criterion if isinstance(criterion, str) else criterion.code
    return TITLES[code]


def kind_title(kind: str) -> str:
    """« Motifs d’exclusion », « Critères de sélection » or « Autres critères »."""
    return KINDS[kind]
