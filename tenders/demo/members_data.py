"""Demo capabilities, references and certificates of the 17 structures.

Where the seed article says what a structure does (Poinfor's solidarity garage and training,
the bike rental points of ACIAE, Action, Capep and Poinfor, the mutual insurer, the driving
school, the bike house, the housing operator), the demo follows it; for the others the
activities are typical of such structures and marked as demonstration data.
Each savoir-faire is described as the structure's director would write it on the platform,
in the concrete words of the trade.
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
    "Location de vélos classiques, de vélos à assistance électrique et de trottinettes, à la "
    "semaine ou au mois et à tarif solidaire, depuis nos points de location de Cambrai, Caudry, "
    "Lourches et Valenciennes. Remise du matériel avec casque et antivol, état des lieux au départ "
    "et au retour, réglages et petit entretien entre deux locations. Service monté avec les autres "
    "acteurs de l'insertion de Phare pour les trajets domicile-travail des publics accompagnés.",
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
                "Garage solidaire qui forme des personnes en insertion à la mécanique, encadrées "
                "par nos moniteurs d'atelier. Entretien et réparation de voitures et d'utilitaires "
                "(vidange, freins, pneus, diagnostic, préparation au contrôle technique), de "
                "tondeuses, débroussailleuses, tronçonneuses et autres machines thermiques. Toutes "
                "les structures de Phare nous confient leurs véhicules et leur matériel ; les "
                "particuliers y ont accès sous conditions de revenus.",
            ),
            DemoCapability(
                "Formation professionnelle et insertion",
                "services",
                ("80530000",),
                ("59", "62"),
                None,
                8,
                250_000,
                "Organisme de formation et d'insertion : accueil, positionnement et parcours "
                "individualisés pour demandeurs d'emploi, jeunes et allocataires du RSA. Actions "
                "de formation pré-qualifiante, remise à niveau (français, calcul, numérique), "
                "découverte des métiers et stages en entreprise, notamment en mécanique dans notre "
                "garage solidaire. Nous accompagnons chaque stagiaire jusqu'à l'emploi ou une "
                "formation qualifiante, dans le Nord et le Pas-de-Calais.",
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
                "Chantier d'insertion : nos équipes de salariés en insertion, encadrées par un "
                "encadrant technique, entretiennent les espaces verts des collectivités, "
                "bailleurs, zones d'activité et entreprises. Tonte, fauchage, débroussaillage, "
                "taille des haies et des arbustes, désherbage manuel sans produits "
                "phytosanitaires, ramassage des feuilles, plantations, paillage et évacuation des "
                "déchets verts. Nous venons avec véhicule, remorque et matériel ; le chantier sert "
                "aussi à l'accompagnement vers l'emploi.",
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
                "Association intermédiaire : nous mettons à disposition des communes, "
                "associations, bailleurs et entreprises du Cambrésis des salariés en parcours "
                "d'insertion pour l'entretien de leurs locaux, ou nous assurons nous-mêmes la "
                "prestation. Nettoyage de bureaux, salles communales, équipements sportifs, écoles "
                "et parties communes : dépoussiérage, lavage des sols, sanitaires, vitres, vidage "
                "des poubelles. Missions régulières, ponctuelles ou remplacements, avec un suivi "
                "de chaque salarié.",
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
                "Chantier d'insertion du bâtiment : nos équipes, encadrées par un encadrant "
                "technique du métier, réalisent des travaux de second œuvre pour les bailleurs "
                "sociaux, les communes et les associations. Préparation des supports, rebouchage, "
                "ponçage, peinture des murs, plafonds et boiseries, pose de papier peint et de "
                "revêtements de sol, remise en état de halls, cages d'escalier et logements "
                "vacants, petits travaux de plâtrerie. Le chantier sert à apprendre les gestes du "
                "métier.",
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
                "Mutuelle du livre II du code de la mutualité, nous proposons aux employeurs "
                "publics et privés des contrats collectifs de complémentaire santé et de "
                "prévoyance pour leurs agents et salariés. Remboursement des frais de soins "
                "(hospitalisation, consultations, optique, dentaire), tiers payant, garanties "
                "incapacité, invalidité et décès. Nous conseillons l'employeur sur les garanties "
                "et sa participation, gérons les adhésions et répondons aux agents au plus près, "
                "dans le Nord et le Pas-de-Calais.",
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
                "Auto-école associative du collectif, nous préparons au permis B les personnes en "
                "insertion, allocataires du RSA, jeunes et demandeurs d'emploi pour qui la voiture "
                "conditionne l'accès à l'emploi. Évaluation de départ, code de la route en salle "
                "avec des supports adaptés, leçons de conduite avec nos enseignants, présentation "
                "à l'examen. Parcours adaptés aux difficultés de lecture ou d'apprentissage, en "
                "lien avec les prescripteurs et les référents.",
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
                "Atelier et boutique de la Maison du vélo : vente de vélos neufs et d'occasion, de "
                "vélos à assistance électrique et d'accessoires, réparation et entretien de tous "
                "vélos. Révision, réglage des freins et des vitesses, changement de pneus, chaînes "
                "et câbles, remise en état de vélos de récupération. Nous entretenons aussi les "
                "flottes de vélos de service des collectivités et des entreprises, à l'atelier ou "
                "sur place, et animons des ateliers d'autoréparation.",
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
                "Structure de l'habitat du collectif, nous rénovons des logements et accompagnons "
                "leurs occupants. Réhabilitation de logements communaux et sociaux, remise en état "
                "de logements vacants, travaux de plâtrerie, peinture, sols, isolation et "
                "amélioration énergétique, adaptation au vieillissement ou au handicap. Côté "
                "occupants : diagnostic des besoins, accompagnement au relogement et à l'entrée "
                "dans les lieux, conseils sur l'usage du logement et les économies d'énergie.",
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
                "Entreprise d'insertion, nous assurons la collecte et le tri des déchets pour les "
                "syndicats de traitement, les collectivités et les entreprises du Valenciennois. "
                "Collecte sélective des emballages, papiers et cartons, collecte des encombrants, "
                "tri manuel en chaîne et sur quai, démantèlement et orientation vers les filières "
                "de recyclage et de réemploi. Nos salariés en insertion travaillent en équipes "
                "encadrées, avec nos camions et leurs équipements de protection.",
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
                "Entreprise adaptée : nos équipes de travailleurs en situation de handicap, "
                "encadrées par des chefs d'équipe, entretiennent les espaces verts des "
                "collectivités, campus, établissements publics, bailleurs et entreprises. Tonte, "
                "fauchage, débroussaillage, taille des haies et des arbustes, désherbage, "
                "ramassage des feuilles, entretien des massifs, plantations et évacuation des "
                "déchets verts. Postes de travail adaptés à chacun, avec nos véhicules et notre "
                "matériel.",
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
                "Chantier d'insertion de nettoyage : nos équipes de salariés en insertion, "
                "encadrées par un encadrant technique, entretiennent bureaux, bâtiments communaux, "
                "écoles, salles et parties communes d'immeubles. Dépoussiérage, aspiration et "
                "lavage des sols, nettoyage des sanitaires, vidage des corbeilles, vitres "
                "accessibles, remise en état après travaux. Passages réguliers ou ponctuels, avec "
                "notre matériel et nos produits, et un accompagnement de chaque salarié vers "
                "l'emploi.",
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
                "Atelier de blanchisserie en chantier d'insertion : lavage, séchage, repassage et "
                "pliage du linge plat (draps, nappes, serviettes), des vêtements de travail et du "
                "linge des résidents. Nous travaillons pour les établissements pour personnes "
                "âgées, les structures d'hébergement, les collectivités, les associations et les "
                "entreprises, avec collecte et livraison du linge. Marquage et petites retouches ; "
                "les salariés en insertion y apprennent les gestes et l'hygiène du métier.",
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
                "Entreprise de travail temporaire d'insertion, nous mettons à disposition des "
                "entreprises, des collectivités et des chantiers publics des intérimaires en "
                "parcours d'insertion. Missions dans le bâtiment et les travaux publics "
                "(manœuvres, aides-maçons), la propreté, les espaces verts, la logistique, la "
                "manutention et l'industrie. Nous aidons les entreprises à réaliser les heures "
                "d'insertion des clauses sociales : recrutement, mise au poste et suivi de chaque "
                "intérimaire.",
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
                "Nous accompagnons des personnes éloignées de l'emploi : allocataires du RSA, "
                "jeunes, demandeurs d'emploi de longue durée. Diagnostic de la situation, "
                "entretiens individuels et ateliers collectifs, levée des freins (logement, santé, "
                "mobilité, garde d'enfants, démarches administratives), construction du projet "
                "professionnel, recherche d'emploi ou de formation et suivi dans l'emploi. Nos "
                "référents travaillent avec les services du Département, les prescripteurs et les "
                "employeurs.",
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
                "Cuisine d'insertion : nous préparons et livrons des repas pour la restauration "
                "collective (accueils de loisirs, écoles, structures d'hébergement, associations) "
                "et assurons des prestations de traiteur pour réunions, séminaires et événements. "
                "Repas cuisinés sur place à partir de produits frais, livraison en liaison chaude, "
                "service, buffets et plateaux-repas. Les salariés en insertion y apprennent les "
                "métiers de commis de cuisine et d'agent de restauration.",
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
                "Chantier d'insertion en espaces naturels : nos équipes encadrées entretiennent "
                "les sentiers de randonnée, berges, zones humides, bois et terrains des "
                "collectivités du Cambrésis. Débroussaillage, fauchage, coupe d'arbustes et de "
                "rejets, entretien du balisage et du mobilier, arrachage des plantes invasives, "
                "plantation de haies et nettoyage des sites. Nous venons avec notre véhicule et "
                "notre matériel ; le chantier est support d'apprentissage et d'accompagnement vers "
                "l'emploi.",
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
                "Association intermédiaire : nos équipes de salariés en insertion assurent "
                "déménagements et débarras pour les bailleurs, collectivités, associations et "
                "particuliers. Manutention, emballage et mise en cartons, démontage et remontage "
                "de meubles, transferts de bureaux et d'archives, débarras de logements vacants, "
                "vidage de caves et de greniers, tri et évacuation en déchèterie ou vers le "
                "réemploi. Nous venons avec un véhicule et le matériel de manutention.",
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
