"""Demo contexts for the DOCX bid templates of ``templates_docx/`` (see its README).

``demo_context(kind)`` returns what the document compiler passes to docxtpl, built by the same
builder as a real bid (``tenders/packages/build.py``) from invented facts: the Phare collective
answering a fictitious two-lot tender with Poinfor (Valenciennes, entreprise d'insertion) as
mandataire, A.C.I.A.E (Cambrai, atelier et chantier d'insertion) and Capep (Lourches) as
co-traitants, and La Maison du vélo (an association) as sous-traitant. Identifiers, addresses,
people and figures are invented; every SIRET passes the Luhn check but belongs to nobody in
this demo's world. ``MEMBERS`` and ``SECTIONS`` also feed the demo consortium of the database
(``tenders/demo/bid_loader.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from tenders.documents.markup import SectionText
from tenders.packages import build
from tenders.packages.contract import KINDS, to_context

__all__ = ["KINDS", "MEMBERS", "SECTIONS", "demo_context", "demo_model"]

TENDER = build.TenderFacts(
    title="Entretien des espaces verts et mobilité douce (démonstration)",
    reference="DEMO-2027-014",
    buyer_name="Communauté d'agglomération de démonstration",
    buyer_siret="20000000000003",
    buyer_address="1 place de l'Hôtel de Ville, 59300 Valenciennes",
    procedure="mapa",
    reserved="insertion",
    deadline=datetime(2027, 3, 12, 11, 0, tzinfo=UTC),
    duration_months=48,
    lots=[
        build.LotFacts("1", "Entretien des espaces verts"),
        build.LotFacts("2", "Location solidaire de vélos et entretien de la flotte"),
    ],
)

MEMBERS: list[dict[str, Any]] = [
    {
        "slug": "poinfor",
        "name": "Poinfor",
        "role": "mandataire",
        "lots": ["1", "2"],
        "kind": "ei",
        "town": "Valenciennes",
        "postal_code": "59300",
        "legal_form": "Association loi 1901",
        "siret": "41234567000019",
        "naf": "85.59A",
        "address": "12 rue de la Démonstration",
        "contact_name": "Claire Dubois",
        "contact_email": "direction@poinfor.example",
        "contact_phone": "03 27 00 00 01",
        "representative_name": "Claire Dubois",
        "representative_title": "directrice",
        "fiscal_year_end": "12-31",
        "services": "Coordination du groupement, entretien des tondeuses et du matériel "
        "thermique, réparation des vélos",
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPP",
        "description": "Structure de la formation et de l'insertion, Poinfor a mis au point un "
        "garage solidaire qui forme des personnes en insertion à la réparation de tondeuses, "
        "de machines thermiques et de voitures.",
        "labels": [
            "Conventionnement IAE (entreprise d'insertion) délivré par l'État",
            "Organisme de formation enregistré (démonstration)",
        ],
        "turnover": [(2023, "612000"), (2024, "648500"), (2025, "671250")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0001",
        "insurance_expiry": date(2027, 12, 31),
        "headcount": (12, 30),
        "references": [
            (
                "Commune de démonstration",
                "Entretien du parc de tondeuses municipales",
                2025,
                "38400",
            ),
            ("Bailleur social de démonstration", "Tonte et débroussaillage", 2024, "52000"),
        ],
        "certifications": [("Qualiopi (démonstration)", date(2028, 6, 30))],
    },
    {
        "slug": "aciae",
        "name": "A.C.I.A.E",
        "role": "co_traitant",
        "lots": ["1", "2"],
        "kind": "aci",
        "town": "Cambrai",
        "postal_code": "59400",
        "legal_form": "Association loi 1901",
        "siret": "42987654300019",
        "naf": "81.30Z",
        "address": "5 avenue de l'Exemple",
        "contact_name": "Karim Benali",
        "contact_email": "contact@aciae.example",
        "contact_phone": "03 27 00 00 02",
        "representative_name": "Karim Benali",
        "representative_title": "président",
        "fiscal_year_end": "12-31",
        "services": "Tonte, taille et désherbage ; point de location de vélos de Cambrai",
        "iban": "FR1610278000010002000300113",
        "bic": "CMCIFR2A",
        "description": "Acteur de l'insertion du Cambrésis, A.C.I.A.E propose avec Action, "
        "Capep et Poinfor des points de location de vélos, vélos électriques et trottinettes "
        "à tarif solidaire.",
        "labels": [
            "Conventionnement IAE (atelier et chantier d'insertion) délivré par l'État",
        ],
        "turnover": [(2023, "405300"), (2024, "431900"), (2025, "458000")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0002",
        "insurance_expiry": date(2027, 12, 31),
        "headcount": (7, 21),
        "references": [
            ("Département de démonstration", "Entretien des bords de voies vertes", 2025, "64000"),
        ],
        "certifications": [],
    },
    {
        "slug": "capep",
        "name": "Capep",
        "role": "co_traitant",
        "lots": ["2"],
        "kind": "ei",
        "town": "Lourches",
        "postal_code": "59156",
        "legal_form": "Association loi 1901",
        "siret": "43311223200015",
        "naf": "77.21Z",
        "address": "8 rue du Modèle",
        "contact_name": "Élodie Martin",
        "contact_email": "direction@capep.example",
        "contact_phone": "03 27 00 00 03",
        "representative_name": "Élodie Martin",
        "representative_title": "directrice",
        "fiscal_year_end": "06-30",
        "services": "Points de location solidaire de vélos, vélos électriques et trottinettes "
        "du Valenciennois",
        "iban": "FR7630004000031234567890143",
        "bic": "BNPAFRPP",
        "description": "Parmi les fondateurs du collectif dès 2017, Capep propose des points de "
        "location de vélos, vélos électriques et trottinettes à tarif solidaire.",
        "labels": ["Conventionnement IAE (entreprise d'insertion) délivré par l'État"],
        "turnover": [(2024, "298700"), (2025, "315400"), (2026, "332800")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0003",
        "insurance_expiry": date(2027, 9, 30),
        "headcount": (5, 12),
        "references": [
            ("Commune de démonstration", "Prêt de vélos aux demandeurs d'emploi", 2025, "21500"),
        ],
        "certifications": [],
    },
    {
        "slug": "la-maison-du-velo",
        "name": "La Maison du vélo",
        "role": "sous_traitant",
        "lots": ["2"],
        "kind": "association",
        "town": "Valenciennes",
        "postal_code": "59300",
        "legal_form": "Association loi 1901",
        "siret": "44455566800011",
        "naf": "95.29Z",
        "address": "3 place du Guidon",
        "contact_name": "Luc Moreau",
        "contact_email": "atelier@maisonduvelo.example",
        "contact_phone": "03 27 00 00 04",
        "representative_name": "Luc Moreau",
        "representative_title": "trésorier, par délégation du conseil d'administration",
        "fiscal_year_end": "12-31",
        "services": "Révision et réparation de la flotte de vélos électriques",
        "iban": "FR4942559100000812345678902",
        "bic": "CCOPFRPP",
        "description": "La maison du vélo du collectif : atelier participatif et réparation.",
        "labels": [],
        "turnover": [(2023, "88000"), (2024, "91500"), (2025, "97300")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0004",
        "insurance_expiry": date(2027, 12, 31),
        "headcount": (3, 0),
        "references": [],
        "certifications": [],
    },
]

# (lot number, member slug, amount HT, what it performs in this lot: "" for its services)
SPLIT: list[tuple[str, str, str, str]] = [
    ("1", "poinfor", "18000", "Coordination et entretien du matériel thermique"),
    ("1", "aciae", "54000", "Tonte, taille et désherbage"),
    ("2", "poinfor", "12500", "Réparation et révision des vélos"),
    ("2", "aciae", "15000", "Point de location de Cambrai"),
    ("2", "capep", "14500", ""),
    ("2", "la-maison-du-velo", "8000", ""),
]

SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Compréhension du besoin",
        [
            "L'agglomération souhaite confier l'entretien de ses espaces verts et développer "
            "une offre de mobilité douce accessible aux habitants éloignés de l'emploi.",
            "Le groupement répond aux deux lots en s'appuyant sur des structures déjà "
            "implantées dans le Valenciennois et le Cambrésis.",
        ],
    ),
    (
        "Organisation du groupement",
        [
            "Poinfor, mandataire, coordonne les prestations et tient le rôle d'interlocuteur "
            "unique de l'acheteur. Chaque membre exécute les prestations que lui attribue la "
            "répartition annexée à la convention de groupement.",
        ],
    ),
    (
        "Moyens humains et matériels",
        [
            "Les équipes sont encadrées par des encadrants techniques d'insertion ; le garage "
            "solidaire de Poinfor assure l'entretien des tondeuses et des vélos.",
        ],
    ),
    (
        "Insertion professionnelle et accompagnement",
        [
            "Chaque salarié en parcours bénéficie d'un accompagnement socioprofessionnel et "
            "d'actions de formation qualifiantes pendant l'exécution du marché.",
        ],
    ),
    (
        "Démarche environnementale",
        [
            "Gestion différenciée des espaces verts, zéro produit phytosanitaire, matériel "
            "électrique privilégié et réemploi des pièces détachées.",
        ],
    ),
]


def _org(n: int, raw: dict[str, Any]) -> build.OrgFacts:
    permanent, insertion = raw["headcount"]
    return build.OrgFacts(
        id=n,
        slug=raw["slug"],
        name=raw["name"],
        kind=raw["kind"],
        legal_form=raw["legal_form"],
        siret=raw["siret"],
        siren=raw["siret"][:9],
        naf=raw["naf"],
        address=raw["address"],
        postal_code=raw["postal_code"],
        town=raw["town"],
        email=raw["contact_email"],
        phone=raw["contact_phone"],
        contact_name=raw["contact_name"],
        representative_name=raw["representative_name"],
        representative_title=raw["representative_title"],
        fiscal_year_end=raw["fiscal_year_end"],
        vat_regime=raw.get("vat_regime", "assujettie"),
        description=raw["description"],
        labels=list(raw["labels"]),
        headcount_permanent=permanent,
        headcount_insertion=insertion,
        insurer=raw["insurer"],
        insurance_policy=raw["insurance_policy"],
        insurance_expiry=raw["insurance_expiry"],
        turnover={year: Decimal(amount) for year, amount in raw["turnover"]},
        references=[
            build.ReferenceFacts(client, title, year, Decimal(amount))
            for client, title, year, amount in raw["references"]
        ],
        credentials=list(raw["certifications"]),
    )


def demo_facts() -> build.BidFacts:
    ids = {raw["slug"]: n for n, raw in enumerate(MEMBERS, start=1)}
    members = [
        build.MemberFacts(
            org=_org(ids[raw["slug"]], raw),
            role=raw["role"],
            lots=list(raw["lots"]),
            services=raw["services"],
            iban=raw["iban"],
            bic=raw["bic"],
        )
        for raw in MEMBERS
    ]
    totals: dict[str, Decimal] = {}
    for lot, _, amount, _ in SPLIT:
        totals[lot] = totals.get(lot, Decimal(0)) + Decimal(amount)
    shares = [
        build.ShareFacts(
            lot, ids[slug], Decimal(amount), Decimal(amount) * 100 / totals[lot], services
        )
        for lot, slug, amount, services in SPLIT
    ]
    return build.BidFacts(
        consortium_id=0,
        tender=TENDER,
        form="conjoint_solidaire",
        lead_id=ids["poinfor"],
        members=members,
        shares=shares,
        sections=[(title, SectionText("\n\n".join(text))) for title, text in SECTIONS],
        compiled_on=date(2027, 3, 1),
        deadline_day=date(2027, 3, 12),
    )


def demo_model() -> build.PackageModel:
    return build.build_package(demo_facts())


def demo_context(kind: str) -> dict[str, Any]:
    """The demo context of one template (its first document: the mandataire's DC2, the first
    sous-traitant's DC4, lot 1's ATTRI1)."""
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}; expected one of {', '.join(KINDS)}")
    return to_context(build.first_context(demo_model(), kind))
