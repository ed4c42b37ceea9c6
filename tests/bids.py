"""A consortium ready to compile, for the tests of bid packages (HTTP, worker, browser)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.builders import make_tender
from tests.support import Account, as_actor

HOSTILE = "Prix < 5 € & « 100 % » {{ 7*7 }} {% raw %} </w:t><w:t>injecté 🚲"
PARTS = [
    (
        "Compréhension du besoin",
        "# Enjeux\n\nLe besoin est **clair** et *précis*.\n\n- tonte\n- taille",
    ),
    ("Moyens humains", HOSTILE),
    ("Démarche environnementale", "Zéro produit phytosanitaire."),
]

# The rubrics of the official DC1 form, in order, and the first ones under F.
DC1_RUBRICS = [
    "A - Identification de l'acheteur",
    "B - Objet de la consultation",
    "C - Objet de la candidature",
    "D - Présentation du candidat",
    "E - Identification des membres du groupement et répartition des prestations",
    "F - Engagements du candidat individuel ou de chaque membre du groupement",
    "G - Désignation du mandataire (en cas de groupement)",
]
DC1_F_RUBRICS = [
    "F1 - Exclusions de la procédure",
    "F2 - Documents de preuve disponibles en ligne",
    "F3 - Capacités",
]


@dataclass
class Bid:
    coordinator: Account
    actor: Any
    consortium_id: int
    members: dict[int, str]  # organisation id → name
    sirets: dict[str, str]  # name → SIRET


async def _bid(
    make_account: Any,
    make_organisation: Any,
    names: list[str],
    tender: dict[str, Any],
    *,
    parts: list[tuple[str, str]] = PARTS,
    profiles: list[tuple[str, str]] | None = None,
    consortium: Callable[[list[int]], dict[str, Any]] | None = None,
) -> Bid:
    """A coordinator; the structures ``names``, every bid file filled (``profiles``: each
    one's kind and town); their consortium ready to compile (``consortium``: what
    ``ready_consortium`` is told besides, from the structures' ids) on a two-lot tender
    (Parcs, Cimetières) whose fields ``tender`` gives."""
    from tenders.demo.bid_loader import fill_bid_file, ready_consortium
    from tenders.members import service as organisations

    coordinator = await make_account("coordinator")
    actor = as_actor(coordinator)
    ids = [await make_organisation(name) for name in names]
    for n, org in enumerate(ids, start=1):
        kind, town = profiles[n - 1] if profiles else ("", "")
        await fill_bid_file(actor, org, n, date.today(), {"kind": kind} if kind else None)
        if town:
            await organisations.update_organisation(actor, org, {"town": town})
    lots = {"1": "Parcs", "2": "Cimetières"}
    created = await make_tender(
        actor, "Entretien des espaces verts", lots, cpv="77310000", **tender
    )
    extra = consortium(ids) if consortium else {}
    consortium_id = await ready_consortium(actor, created.id, ids, parts, **extra)
    sirets = {}
    for org in ids:
        out = await organisations.get_organisation(org, actor)
        sirets[out.name] = out.siret or ""
    return Bid(coordinator, actor, consortium_id, dict(zip(ids, names, strict=True)), sirets)


async def make_bid(
    make_account: Any,
    make_organisation: Any,
    names: list[str],
    parts: list[tuple[str, str]] = PARTS,
) -> Bid:
    """A coordinator and a consortium of ``names`` on a two-lot tender, ready to compile:
    every bid file filled, the split made, the invitations accepted, ``parts`` validated."""
    tender = {
        "reference": "VAL-2027-01",
        "buyer_name": "Ville de Valenciennes",
        "buyer_address": "Place d'Armes, 59300 Valenciennes",
    }
    return await _bid(make_account, make_organisation, names, tender, parts=parts)


# The fixed consortium of the bid documents' acceptance: two lots; an entreprise d'insertion as
# mandataire, an atelier et chantier d'insertion and an entreprise adaptée as co-traitants, an
# association as sous-traitant on lot 2.
FIXED = [
    # name, kind, town, role, lots, services
    ("Poinfor", "ei", "Valenciennes", "mandataire", ["1", "2"], "Coordination et tonte des parcs"),
    ("A.C.I.A.E", "aci", "Cambrai", "co_traitant", ["1"], "Taille des haies et désherbage"),
    ("Handélice", "ea", "Denain", "co_traitant", ["2"], "Entretien des allées des cimetières"),
    ("Espoir Avenir", "association", "Anzin", "sous_traitant", ["2"], "Fleurissement des tombes"),
]


async def make_fixed_bid(make_account: Any, make_organisation: Any) -> Bid:
    """The fixed consortium, every file filled, on a two-lot tender of 36 months whose offers
    are due in 40 days."""
    from datetime import timedelta

    from tenders.clock import utcnow

    tender = {
        "reference": "VAL-2027-02",
        "buyer_name": "Communauté d'agglomération de la Porte du Hainaut",
        "buyer_address": "Rue Michel Rondet, 59135 Wallers",
        "kind": "services",
        "duration_months": 36,
        "offers_deadline": utcnow() + timedelta(days=40),
    }

    def members(ids: list[int]) -> dict[str, Any]:
        rows = list(zip(ids, FIXED, strict=True))
        return {
            "roles": {org: role for org, (_, _, _, role, _, _) in rows},
            "lots_of": {org: lots for org, (_, _, _, _, lots, _) in rows},
            "services": {org: services for org, (*_, services) in rows},
            "subcontractor_of": {ids[3]: ids[2]},  # Espoir Avenir works for Handélice
        }

    return await _bid(
        make_account,
        make_organisation,
        [name for name, *_ in FIXED],
        tender,
        profiles=[(kind, town) for _, kind, town, *_ in FIXED],
        consortium=members,
    )
