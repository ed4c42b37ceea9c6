"""Demo contexts for the DOCX bid templates of ``templates_docx/`` (see its README).

``demo_context(kind)`` returns what the document compiler would pass to docxtpl for the Phare
collective answering a fictitious tender: Poinfor (Valenciennes) as lead, A.C.I.A.E (Cambrai)
and Capep (Lourches) as co-traitants. Identifiers, addresses, people and figures are invented;
every SIRET passes the Luhn check but belongs to nobody in this demo's world.

Amounts and dates arrive already written the French way (``amount_text``, ``date_text``), so
the templates need no filters.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from docxtpl import RichTextParagraph

from tenders.formatting import amount_fr, number_fr

KINDS = ("dc1", "dc2_member", "memoire", "annexe_repartition", "convention_groupement")

TENDER: dict[str, Any] = {
    "title": "Entretien des espaces verts et mobilité douce (démonstration)",
    "reference": "DEMO-2027-014",
    "buyer_name": "Communauté d'agglomération de démonstration",
    "buyer_address": "1 place de la Démonstration, 59300 Valenciennes",
    "procedure_label": "Procédure adaptée (marché réservé, article L. 2113-13)",
    "deadline_text": "12 mars 2027 à 12 h 00",
    "lots": [
        {"number": 1, "title": "Entretien des espaces verts"},
        {"number": 2, "title": "Location solidaire de vélos et entretien de la flotte"},
    ],
}

CONSORTIUM: dict[str, Any] = {
    "name": "Phare — Espaces verts et mobilité",
    "form": "conjoint",
    "form_label": "Groupement conjoint avec mandataire solidaire",
    "lead_is_jointly_liable": True,
}

MEMBERS: list[dict[str, Any]] = [
    {
        "slug": "poinfor",
        "name": "Poinfor",
        "town": "Valenciennes",
        "role": "Mandataire",
        "legal_form": "Association loi 1901",
        "siret": "41234567000019",
        "siren": "412345670",
        "naf": "85.59A",
        "address": "12 rue de la Démonstration, 59300 Valenciennes",
        "contact_name": "Claire Dubois",
        "contact_email": "direction@poinfor.example",
        "contact_phone": "03 27 00 00 01",
        "signatory_name": "Claire Dubois",
        "signatory_title": "directrice",
        "kind_label": "Atelier et chantier d'insertion (ACI)",
        "reserved_eligible": True,
        "lots_text": "1 et 2",
        "services": "Coordination, entretien des tondeuses et du matériel thermique, "
        "réparation des vélos",
        "presentation": "Structure de la formation et de l'insertion, Poinfor a mis au point un "
        "garage solidaire qui forme des personnes en insertion à la réparation de tondeuses, "
        "de machines thermiques et de voitures.",
        "registrations": [
            "Conventionnement IAE (atelier et chantier d'insertion) délivré par l'État",
            "Organisme de formation enregistré (démonstration)",
        ],
        "turnover": [(2023, "612000"), (2024, "648500"), (2025, "671250")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0001",
        "insurance_valid_until_text": "31 décembre 2027",
        "headcount_text": "42 salariés, dont 30 en parcours d'insertion",
        "references": [
            (
                "Commune de démonstration",
                "Entretien du parc de tondeuses municipales",
                2025,
                "38400",
            ),
            ("Bailleur social de démonstration", "Tonte et débroussaillage", 2024, "52000"),
        ],
        "certifications": [("Qualiopi (démonstration)", "30 juin 2028")],
    },
    {
        "slug": "aciae",
        "name": "A.C.I.A.E",
        "town": "Cambrai",
        "role": "Co-traitant",
        "legal_form": "Association loi 1901",
        "siret": "42987654300019",
        "siren": "429876543",
        "naf": "81.30Z",
        "address": "5 avenue de l'Exemple, 59400 Cambrai",
        "contact_name": "Karim Benali",
        "contact_email": "contact@aciae.example",
        "contact_phone": "03 27 00 00 02",
        "signatory_name": "Karim Benali",
        "signatory_title": "président",
        "kind_label": "Atelier et chantier d'insertion (ACI)",
        "reserved_eligible": True,
        "lots_text": "1 et 2",
        "services": "Tonte, taille et désherbage ; location de vélos dans le Cambrésis",
        "presentation": "Acteur de l'insertion du Cambrésis, A.C.I.A.E propose avec Action, "
        "Capep et Poinfor des points de location de vélos, vélos électriques et trottinettes "
        "à tarif solidaire.",
        "registrations": [
            "Conventionnement IAE (atelier et chantier d'insertion) délivré par l'État",
        ],
        "turnover": [(2023, "405300"), (2024, "431900"), (2025, "458000")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0002",
        "insurance_valid_until_text": "31 décembre 2027",
        "headcount_text": "28 salariés, dont 21 en parcours d'insertion",
        "references": [
            ("Département de démonstration", "Entretien des bords de voies vertes", 2025, "64000"),
        ],
        "certifications": [],
    },
    {
        "slug": "capep",
        "name": "Capep",
        "town": "Lourches",
        "role": "Co-traitant",
        "legal_form": "Association loi 1901",
        "siret": "43311223200015",
        "siren": "433112232",
        "naf": "77.21Z",
        "address": "8 rue du Modèle, 59156 Lourches",
        "contact_name": "Élodie Martin",
        "contact_email": "direction@capep.example",
        "contact_phone": "03 27 00 00 03",
        "signatory_name": "Élodie Martin",
        "signatory_title": "directrice",
        "kind_label": "Entreprise d'insertion (EI)",
        "reserved_eligible": True,
        "lots_text": "2",
        "services": "Location solidaire de vélos, vélos électriques et trottinettes",
        "presentation": "Parmi les fondateurs du collectif dès 2017, Capep propose des points de "
        "location de vélos, vélos électriques et trottinettes à tarif solidaire.",
        "registrations": ["Conventionnement IAE (entreprise d'insertion) délivré par l'État"],
        "turnover": [(2023, "298700"), (2024, "315400"), (2025, "332800")],
        "insurer": "Mutuelle Just",
        "insurance_policy": "RC-DEMO-0003",
        "insurance_valid_until_text": "30 septembre 2027",
        "headcount_text": "17 salariés, dont 12 en parcours d'insertion",
        "references": [
            ("Commune de démonstration", "Prêt de vélos aux demandeurs d'emploi", 2025, "21500"),
        ],
        "certifications": [],
    },
]

# (lot number, member slug, services, amount HT)
SPLIT: list[tuple[int, str, str, str]] = [
    (1, "poinfor", "Coordination et entretien du matériel thermique", "18000"),
    (1, "aciae", "Tonte, taille et désherbage", "54000"),
    (2, "poinfor", "Réparation et révision des vélos", "12500"),
    (2, "aciae", "Point de location de Cambrai", "15000"),
    (2, "capep", "Points de location du Valenciennois", "22500"),
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
            "unique de l'acheteur. Chaque membre exécute les prestations de l'annexe de "
            "répartition.",
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


def _amount(value: str | Decimal) -> str:
    return amount_fr(Decimal(value))


def _percent(part: Decimal, total: Decimal) -> str:
    return number_fr(part * 100 / total, 1) + "\u00a0%"


def _member(raw: dict[str, Any]) -> dict[str, Any]:
    member = {k: v for k, v in raw.items() if k not in {"turnover", "references", "certifications"}}
    member["turnover"] = [{"year": y, "amount_text": _amount(a)} for y, a in raw["turnover"]]
    member["references"] = [
        {"client": c, "title": t, "year": y, "amount_text": _amount(a)}
        for c, t, y, a in raw["references"]
    ]
    member["certifications"] = [
        {"title": t, "valid_until_text": until} for t, until in raw["certifications"]
    ]
    return member


def _split(members: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str]:
    names = {m["slug"]: m["name"] for m in members}
    lots = []
    grand_total = Decimal(0)
    for lot in TENDER["lots"]:
        rows = [row for row in SPLIT if row[0] == lot["number"]]
        total = sum((Decimal(r[3]) for r in rows), Decimal(0))
        grand_total += total
        lots.append(
            {
                "number": lot["number"],
                "title": lot["title"],
                "shares": [
                    {
                        "member_name": names[slug],
                        "services": services,
                        "amount_text": _amount(amount),
                        "percent_text": _percent(Decimal(amount), total),
                    }
                    for _, slug, services, amount in rows
                ],
                "total_text": _amount(total),
            }
        )
    return lots, _amount(grand_total)


def _body(paragraphs: list[str]) -> RichTextParagraph:
    """Plain text paragraphs for ``{{p s.body }}`` (the real app may pass a docxtpl Subdoc)."""
    body = RichTextParagraph()
    for text in paragraphs:
        body.add(text, parastyle="Normal")
    return body


def demo_context(kind: str) -> dict[str, Any]:
    """The demo context for one template: ``dc1``, ``dc2_member``, ``memoire``,
    ``annexe_repartition`` or ``convention_groupement``."""
    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}; expected one of {', '.join(KINDS)}")
    members = [_member(raw) for raw in MEMBERS]
    split, grand_total_text = _split(members)
    context: dict[str, Any] = {
        "tender": copy.deepcopy(TENDER),
        "consortium": dict(CONSORTIUM),
        "lead": members[0],
        "members": members,
        "place": "Valenciennes",
        "date_text": "12 mars 2027",
    }
    if kind == "dc2_member":
        context["member"] = members[0]
    elif kind == "memoire":
        context["sections"] = [{"title": t, "body": _body(p)} for t, p in SECTIONS]
        context["references"] = [
            {"member_name": m["name"], **ref} for m in members for ref in m["references"]
        ]
    elif kind in {"annexe_repartition", "convention_groupement"}:
        context["split"] = split
        context["grand_total_text"] = grand_total_text
        context["duration_text"] = (
            "La présente convention prend effet à sa signature. Elle reste en vigueur jusqu'à "
            "la fin de la procédure si le marché n'est pas attribué au groupement, et sinon "
            "jusqu'à la fin de la période de garantie du marché, soit au plus tard le "
            "31 décembre 2031."
        )
    return context
