"""The demo collective as matching reads it, and the lots written to measure matching
(tests/data/matching_lots.json): shared by the tests and bench/matching_quality.py."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from tenders import matching, meaning
from tenders.demo.data import ORGANISATIONS
from tenders.demo.members_data import PROFILES

LOTS = Path(__file__).resolve().parent / "data" / "matching_lots.json"
# Written apart from LOTS and never used to tune matching: what to expect on unseen lots.
HELD_OUT = LOTS.with_name("matching_lots_heldout.json")
ESS_KINDS = frozenset({"association", "scop", "scic", "mutuelle"})


def collective() -> tuple[list[matching.Candidate], dict[int, str]]:
    """The demo structures as candidates (papers all valid), and their slugs by id."""
    year = date.today().year
    candidates: list[matching.Candidate] = []
    slugs: dict[int, str] = {}
    for number, organisation in enumerate(ORGANISATIONS, start=1):
        profile = PROFILES[organisation.slug]
        capabilities = tuple(
            matching.CandidateCapability(
                cpv_codes=cap.cpv,
                departements=cap.departements,
                people_available=cap.people,
                max_contract_value=Decimal(cap.max_value) if cap.max_value else None,
                title=cap.title,
                vector=meaning.passage_vector(cap.title, cap.description),
            )
            for cap in profile.capabilities
        )
        references = tuple(
            matching.CandidateReference(
                cpv_code=ref.cpv,
                amount=Decimal(ref.amount) if ref.amount else None,
                year=year - ref.years_ago,
                title=ref.title,
                vector=meaning.passage_vector(ref.title),
            )
            for ref in profile.references
        )
        candidates.append(
            matching.Candidate(
                organisation_id=number,
                name=organisation.name,
                kind=profile.kind,
                departement=profile.postal_code[:2],
                ess=profile.kind in ESS_KINDS,
                capabilities=capabilities,
                references=references,
            )
        )
        slugs[number] = organisation.slug
    return candidates, slugs


def lots(path: Path = LOTS) -> list[tuple[matching.LotSpec, frozenset[str]]]:
    found = []
    for index, lot in enumerate(json.loads(path.read_text(encoding="utf-8"))["lots"]):
        value = lot.get("value")
        spec = matching.LotSpec(
            key=str(index + 1),
            title=lot["title"],
            description=lot["description"],
            cpv_codes=tuple(lot["cpv"]),
            departements=("59",),
            estimated_value=Decimal(value) if value else None,
        )
        found.append((spec, frozenset(lot["expected"])))
    return found
