"""What matching reads (the collective and the tender, loaded by the caller) and what it returns.

Plain frozen dataclasses: no table, no request. CPV codes are 8 digits without check digit,
départements their official numbers ("59", "2A"), amounts in euros excluding VAT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tenders.matching.meaning import LotMeaning

Role = Literal["mandataire", "co-traitant"]


@dataclass(frozen=True, slots=True)
class CandidateCapability:
    """One savoir-faire of an organisation."""

    cpv_codes: tuple[str, ...]
    # Every département covered, the organisation's own included for a radius or communes.
    departements: tuple[str, ...]
    people_available: int | None = None
    max_contract_value: Decimal | None = None
    title: str = ""
    # What the savoir-faire is about (``tenders.meaning``, stored when it is saved); b"": unknown.
    vector: bytes = b""


@dataclass(frozen=True, slots=True)
class CandidateReference:
    """A contract the organisation has carried out."""

    cpv_code: str  # 8 digits, or "" when the reference has no code
    amount: Decimal | None
    year: int
    title: str = ""
    vector: bytes = b""


@dataclass(frozen=True, slots=True)
class CandidatePassage:
    """One of the organisation's library passages, fresh (« à jour »)."""

    title: str
    vector: bytes


@dataclass(frozen=True, slots=True)
class Candidate:
    organisation_id: int
    name: str
    kind: str  # a key of tenders.members.vocabulary.KINDS, or ""
    departement: str
    ess: bool  # ESS de droit or agrément ESUS: eligible for L2113-15
    capabilities: tuple[CandidateCapability, ...] = ()
    references: tuple[CandidateReference, ...] = ()
    passages: tuple[CandidatePassage, ...] = ()
    # French sentences computed by the caller at the offer deadline; empty: all valid.
    certificate_problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LotSpec:
    key: str
    title: str
    cpv_codes: tuple[str, ...]  # the main code first, then the additional ones
    departements: tuple[str, ...] = ()  # place of performance; empty: unknown
    estimated_value: Decimal | None = None
    # "none", "disability" (L2113-12), "insertion" (L2113-13), "both" (either), "ess" (L2113-15)
    reserved: str = "none"
    # ISO 4217 of estimated_value. Capacities are in euros: another currency is not compared.
    currency: str = "EUR"
    description: str = ""
    # The lot's words as the language model reads them (``tenders.matching.meaning``);
    # None: the lot is judged on its codes alone.
    meaning: LotMeaning | None = None


@dataclass(frozen=True, slots=True)
class TenderSpec:
    lots: tuple[LotSpec, ...]
    forbid_alone_and_consortium: bool = False
    one_consortium_only: bool = False
    # Organisations already leading another consortium on this tender: they cannot lead ours.
    excluded_leads: frozenset[int] = frozenset()
    # Organisations the buyer's rules keep out of a consortium (computed by the caller).
    unavailable: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class LotMatch:
    """How well one organisation fits one lot, with a French reason per criterion.

    On a reserved lot, ``reasons`` opens with why the organisation is eligible; when it is
    not, that sentence is ``exclusion`` alone, so that a page showing both says it once.
    Certificate problems each make a reason of their own.
    """

    organisation_id: int
    name: str
    score: int  # 0–100, the sum of the six parts
    eligible: bool  # False only when the lot is reserved to structures it is not
    reasons: list[str]
    exclusion: str | None  # why it is not eligible, in French
    cpv_points: int
    territory_points: int
    capacity_points: int
    reference_points: int
    certificate_points: int
    matched_cpv: str  # the organisation's code closest to the lot (8 digits)
    # What the words of the lot and of the structure have in common (see scoring), and the
    # cosine of the closest pair of texts, which breaks ties.
    meaning_points: int = 0
    similarity: float = 0.0
    # Largest contract value and headcount among the capabilities relevant to the lot.
    max_contract_value: Decimal | None = None
    people_available: int | None = None


@dataclass(frozen=True, slots=True)
class ProposedMember:
    organisation_id: int
    name: str
    lots: list[str]  # keys of the lots it carries, in the tender's order
    role: Role
    score: int  # average of its scores on the lots it carries
    lot_scores: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UncoveredLot:
    key: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class Proposal:
    members: list[ProposedMember]
    lead_id: int | None
    uncovered: list[UncoveredLot]
    explanation: list[str]
