"""Demo capabilities, references and certificates of the 17 structures.

Where the seed article says what a structure does (Poinfor's solidarity garage and training,
the bike rental points of ACIAE, Action, Capep and Poinfor, the mutual insurer, the driving
school, the bike house, the housing operator), the demo follows it; for the others the
activities are typical of such structures and marked as demonstration data.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoCapability(NamedTuple):
    title: str
    kind: str
    cpv: tuple[str, ...]  # 8 digits; the check digit is computed
    departements: tuple[str, ...]
    radius_km: int | None
    people: int | None
    max_value: int | None
    description: str


class DemoReference(NamedTuple):
    buyer: str
    title: str
    years_ago: int
    amount: int | None
    cpv: str
    shareable: bool


class DemoProfile(NamedTuple):
    kind: str
    legal_form: str
    postal_code: str
    capabilities: tuple[DemoCapability, ...]
    references: tuple[DemoReference, ...]


BIKES = DemoCapability(
    "Location de vélos, vélos électriques et trottinettes à tarif solidaire",
    "services",
    ("34430000", "50000000"),
    ("59",),
    None,
    3,
    40_000,
    "Points de location à la semaine ou au mois, montés avec les autres acteurs de "
    "l'insertion de Phare pour la mobilité des publics accompagnés.",
)

PROFILES: dict[str, DemoProfile] = {
    "poinfor": DemoProfile(
        "ei",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Garage solidaire : réparation de véhicules, tondeuses et machines thermiques",
                "services",
                ("50110000", "50100000"),
                ("59",),
                None,
                6,
                120_000,
                "Atelier qui forme des personnes en insertion à la réparation ; il entretient "
                "les véhicules et le matériel à moteur thermique des structures de Phare.",
            ),
            DemoCapability(
                "Formation professionnelle et insertion",
                "services",
                ("80530000",),
                ("59", "62"),
                None,
                8,
                250_000,
                "Parcours de formation et d'insertion professionnelle.",
            ),
            BIKES,
        ),
        (
            DemoReference(
                "Ville de Valenciennes",
                "Entretien du parc de véhicules municipaux",
                1,
                45_000,
                "50110000",
                True,
            ),
            DemoReference(
                "Région Hauts-de-France",
                "Actions de formation pré-qualifiante",
                2,
                180_000,
                "80530000",
                True,
            ),
        ),
    ),
    "aciae": DemoProfile(
        "aci",
        "Association loi 1901",
        "59400",
        (
            BIKES,
            DemoCapability(
                "Entretien d'espaces verts (démonstration)",
                "services",
                ("77310000",),
                ("59",),
                30,
                10,
                90_000,
                "Chantier d'insertion : tonte, taille, débroussaillage.",
            ),
        ),
        (
            DemoReference(
                "Communauté d'agglomération de Cambrai",
                "Entretien des espaces verts des zones d'activité",
                1,
                60_000,
                "77310000",
                True,
            ),
        ),
    ),
    "action": DemoProfile(
        "ai",
        "Association loi 1901",
        "59540",
        (
            BIKES,
            DemoCapability(
                "Nettoyage de locaux (démonstration)",
                "services",
                ("90910000",),
                ("59",),
                None,
                12,
                80_000,
                "Mise à disposition et prestations de "
                "nettoyage de bureaux et d'équipements publics.",
            ),
        ),
        (
            DemoReference(
                "Ville de Caudry", "Nettoyage des équipements sportifs", 2, 35_000, "90910000", True
            ),
        ),
    ),
    "capep": DemoProfile(
        "aci",
        "Association loi 1901",
        "59173",
        (
            BIKES,
            DemoCapability(
                "Second œuvre du bâtiment : peinture et petits travaux (démonstration)",
                "works",
                ("45400000", "45442100"),
                ("59",),
                None,
                8,
                150_000,
                "Chantier d'insertion du bâtiment.",
            ),
        ),
        (
            DemoReference(
                "Bailleur social du Valenciennois",
                "Remise en peinture de halls d'immeubles",
                1,
                70_000,
                "45442100",
                False,
            ),
        ),
    ),
    "mutuelle-just": DemoProfile(
        "mutuelle",
        "Mutuelle (livre II du code de la mutualité)",
        "59300",
        (
            DemoCapability(
                "Complémentaire santé et prévoyance collectives",
                "services",
                ("66510000",),
                ("59", "62"),
                None,
                None,
                500_000,
                "La mutuelle du collectif.",
            ),
        ),
        (
            DemoReference(
                "Centre communal d'action sociale",
                "Complémentaire santé des agents",
                2,
                95_000,
                "66510000",
                True,
            ),
        ),
    ),
    "la-clef-du-permis": DemoProfile(
        "association",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Apprentissage de la conduite et permis B",
                "services",
                ("80411200",),
                ("59",),
                40,
                4,
                60_000,
                "L'auto-école du collectif, pour les publics en insertion.",
            ),
        ),
        (
            DemoReference(
                "Département du Nord",
                "Permis de conduire pour des allocataires du RSA",
                1,
                48_000,
                "80411200",
                True,
            ),
        ),
    ),
    "la-maison-du-velo": DemoProfile(
        "association",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Vente, réparation et entretien de vélos",
                "supplies",
                ("34430000", "50000000"),
                ("59",),
                25,
                3,
                30_000,
                "La maison du vélo du collectif.",
            ),
        ),
        (
            DemoReference(
                "Ville de Valenciennes",
                "Entretien de la flotte de vélos de service",
                1,
                12_000,
                "34430000",
                True,
            ),
        ),
    ),
    "vincent-lhermite-habitat": DemoProfile(
        "association",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Habitat : rénovation de logements et accompagnement des occupants",
                "works",
                ("45453000", "70000000"),
                ("59",),
                None,
                6,
                200_000,
                "Structure de l'habitat du collectif.",
            ),
        ),
        (
            DemoReference(
                "Commune du Valenciennois",
                "Réhabilitation de deux logements communaux",
                3,
                110_000,
                "45453000",
                False,
            ),
        ),
    ),
    "iris-environnement": DemoProfile(
        "ei",
        "SARL",
        "59300",
        (
            DemoCapability(
                "Collecte et tri de déchets (démonstration)",
                "services",
                ("90500000",),
                ("59",),
                None,
                10,
                150_000,
                "Collecte sélective et tri.",
            ),
        ),
        (
            DemoReference(
                "Syndicat de traitement des déchets",
                "Tri des encombrants",
                1,
                80_000,
                "90500000",
                True,
            ),
        ),
    ),
    "handelice": DemoProfile(
        "ea",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Entretien d'espaces verts par une entreprise adaptée (démonstration)",
                "services",
                ("77310000",),
                ("59",),
                30,
                14,
                120_000,
                "Équipes de travailleurs en situation de handicap.",
            ),
        ),
        (
            DemoReference(
                "Université du Valenciennois",
                "Entretien des espaces verts du campus",
                2,
                65_000,
                "77310000",
                True,
            ),
        ),
    ),
    "actif-cnt": DemoProfile(
        "aci",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Nettoyage de locaux (démonstration)",
                "services",
                ("90911200",),
                ("59",),
                None,
                8,
                50_000,
                "Entretien de bureaux et de parties communes.",
            ),
        ),
        (
            DemoReference(
                "Ville du Valenciennois",
                "Nettoyage de bâtiments communaux",
                1,
                30_000,
                "90911200",
                True,
            ),
        ),
    ),
    "ajar": DemoProfile(
        "aci",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Blanchisserie et repassage (démonstration)",
                "services",
                ("98310000",),
                ("59",),
                30,
                6,
                40_000,
                "Atelier de blanchisserie en insertion.",
            ),
        ),
        (
            DemoReference(
                "Établissement d'hébergement pour personnes âgées",
                "Entretien du linge",
                1,
                22_000,
                "98310000",
                True,
            ),
        ),
    ),
    "atis": DemoProfile(
        "etti",
        "SAS",
        "59300",
        (
            DemoCapability(
                "Mise à disposition de personnel en insertion (démonstration)",
                "staffing",
                ("79620000",),
                ("59", "62"),
                None,
                25,
                300_000,
                "Travail temporaire d'insertion.",
            ),
        ),
        (
            DemoReference(
                "Entreprise de BTP (clause sociale)",
                "Heures d'insertion sur un chantier public",
                1,
                90_000,
                "79620000",
                True,
            ),
        ),
    ),
    "espoir-avenir": DemoProfile(
        "association",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Accompagnement social et professionnel (démonstration)",
                "services",
                ("85312000",),
                ("59",),
                None,
                5,
                100_000,
                "Accompagnement de personnes éloignées de l'emploi.",
            ),
        ),
        (
            DemoReference(
                "Département du Nord",
                "Accompagnement de bénéficiaires du RSA",
                2,
                75_000,
                "85312000",
                False,
            ),
        ),
    ),
    "flac": DemoProfile(
        "association",
        "Association loi 1901",
        "59300",
        (
            DemoCapability(
                "Restauration collective et traiteur (démonstration)",
                "services",
                ("55520000",),
                ("59",),
                20,
                7,
                60_000,
                "Cuisine d'insertion.",
            ),
        ),
        (
            DemoReference(
                "Ville du Valenciennois",
                "Repas d'un accueil de loisirs",
                1,
                28_000,
                "55520000",
                True,
            ),
        ),
    ),
    "aril": DemoProfile(
        "aci",
        "Association loi 1901",
        "59400",
        (
            DemoCapability(
                "Entretien d'espaces naturels (démonstration)",
                "services",
                ("77310000",),
                ("59",),
                25,
                9,
                70_000,
                "Chantier d'insertion.",
            ),
        ),
        (
            DemoReference(
                "Communauté d'agglomération de Cambrai",
                "Entretien de sentiers de randonnée",
                2,
                40_000,
                "77310000",
                True,
            ),
        ),
    ),
    "arpe": DemoProfile(
        "ai",
        "Association loi 1901",
        "59400",
        (
            DemoCapability(
                "Déménagement et débarras (démonstration)",
                "services",
                ("98392000",),
                ("59",),
                30,
                6,
                35_000,
                "Équipes de manutention en insertion.",
            ),
        ),
        (
            DemoReference(
                "Office public de l'habitat",
                "Débarras de logements vacants",
                1,
                18_000,
                "98392000",
                True,
            ),
        ),
    ),
}

# Certificates every demo structure gets: (kind, days before the load date it was issued).
CERTIFICATES: tuple[tuple[str, int], ...] = (
    ("kbis", 20),
    ("urssaf", 60),
    ("fiscal", 90),
    ("rc_pro", 120),
)
# What every demo structure's RC Pro paper says: who insures, the amount guaranteed per claim
# (the DUME's insurance criterion).
RC_PRO_INSURER = "Mutuelle Just"
RC_PRO_AMOUNT = "1500000.00"
# A few papers out of date, so the completeness indicator has something to say.
STALE: dict[str, tuple[str, int]] = {
    "capep": ("urssaf", 200),  # six-month validity: expired
    "aciae": ("kbis", 80),  # three-month validity: expires within days
}
