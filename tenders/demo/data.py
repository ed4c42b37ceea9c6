"""What the seed article says of each structure; nothing more is invented here."""

from __future__ import annotations

from typing import NamedTuple

DEMO_PASSWORD = "phare-demo-2026"  # noqa: S105 - printed on purpose for the local demo


class DemoOrganisation(NamedTuple):
    slug: str
    name: str
    town: str
    territory: str
    description: str


VALENCIENNOIS = "Valenciennois"
CAMBRESIS = "Cambrésis"

ORGANISATIONS = (
    DemoOrganisation(
        "actif-cnt",
        "Actif CNT",
        "",
        VALENCIENNOIS,
        "Structure adhérente de Phare dans le Valenciennois.",
    ),
    DemoOrganisation(
        "ajar",
        "Ajar",
        "",
        VALENCIENNOIS,
        "Parmi les acteurs qui pensaient déjà au collectif dès 2017.",
    ),
    DemoOrganisation(
        "atis", "Atis", "", VALENCIENNOIS, "Structure adhérente de Phare dans le Valenciennois."
    ),
    DemoOrganisation(
        "capep",
        "Capep",
        "Lourches",
        VALENCIENNOIS,
        "Acteur de l'insertion ; parmi les fondateurs du collectif dès 2017. "
        "Propose avec ACIAE, Action et Poinfor des points de location de vélos, "
        "vélos électriques et trottinettes à tarif solidaire.",
    ),
    DemoOrganisation(
        "espoir-avenir",
        "Espoir Avenir",
        "",
        VALENCIENNOIS,
        "Parmi les acteurs qui pensaient déjà au collectif dès 2017.",
    ),
    DemoOrganisation(
        "flac", "Flac", "", VALENCIENNOIS, "Structure adhérente de Phare dans le Valenciennois."
    ),
    DemoOrganisation(
        "handelice",
        "Handélice",
        "",
        VALENCIENNOIS,
        "Structure adhérente de Phare dans le Valenciennois.",
    ),
    DemoOrganisation(
        "iris-environnement",
        "Iris Environnement",
        "",
        VALENCIENNOIS,
        "Structure adhérente de Phare dans le Valenciennois.",
    ),
    DemoOrganisation(
        "mutuelle-just", "Mutuelle Just", "", VALENCIENNOIS, "La mutuelle du collectif."
    ),
    DemoOrganisation(
        "la-clef-du-permis", "La clef du permis", "", VALENCIENNOIS, "L'auto-école du collectif."
    ),
    DemoOrganisation(
        "la-maison-du-velo",
        "La Maison du vélo",
        "",
        VALENCIENNOIS,
        "La maison du vélo du collectif.",
    ),
    DemoOrganisation(
        "poinfor",
        "Poinfor",
        "Valenciennes",
        VALENCIENNOIS,
        "Structure de la formation et de l'insertion. A mis au point un garage "
        "solidaire qui forme des personnes en insertion à la réparation de "
        "tondeuses, de machines thermiques et de voitures, pour les structures "
        "de Phare et pour des particuliers sous conditions de revenus.",
    ),
    DemoOrganisation(
        "vincent-lhermite-habitat",
        "Vincent Lhermite habitat",
        "",
        VALENCIENNOIS,
        "Structure de l'habitat, adhérente de Phare dans le Valenciennois.",
    ),
    DemoOrganisation(
        "aciae",
        "A.C.I.A.E",
        "Cambrai",
        CAMBRESIS,
        "Acteur de l'insertion. Propose avec Action, Capep et Poinfor des points "
        "de location de vélos, vélos électriques et trottinettes à tarif solidaire.",
    ),
    DemoOrganisation(
        "action",
        "Action",
        "Caudry",
        CAMBRESIS,
        "Acteur de l'insertion. Propose avec ACIAE, Capep et Poinfor des points "
        "de location de vélos, vélos électriques et trottinettes à tarif solidaire.",
    ),
    DemoOrganisation(
        "aril", "Aril", "", CAMBRESIS, "Structure adhérente de Phare dans le Cambrésis."
    ),
    DemoOrganisation(
        "arpe", "Arpe", "", CAMBRESIS, "Structure adhérente de Phare dans le Cambrésis."
    ),
)


class DemoAccount(NamedTuple):
    email: str
    full_name: str
    role: str
    organisation_slug: str | None


ACCOUNTS = (
    DemoAccount("admin@phare.example", "Administration Phare", "admin", None),
    DemoAccount("coordination@phare.example", "Coordination Phare", "coordinator", None),
    DemoAccount("direction@poinfor.example", "Direction Poinfor", "member", "poinfor"),
    DemoAccount("direction@aciae.example", "Direction A.C.I.A.E", "member", "aciae"),
    DemoAccount("direction@capep.example", "Direction Capep", "member", "capep"),
)
