"""Ranking the collective's organisations for each lot of a tender, and proposing a consortium.

Pure functions over plain data: the caller loads organisations and the tender from the
database into the dataclasses of ``model``, calls ``rank_lot`` for each lot, then ``propose``.
"""

from tenders.matching.consortium import propose
from tenders.matching.model import (
    Candidate,
    CandidateCapability,
    CandidateReference,
    LotMatch,
    LotSpec,
    Proposal,
    ProposedMember,
    TenderSpec,
    UncoveredLot,
)
from tenders.matching.scoring import rank_lot

__all__ = [
    "Candidate",
    "CandidateCapability",
    "CandidateReference",
    "LotMatch",
    "LotSpec",
    "Proposal",
    "ProposedMember",
    "TenderSpec",
    "UncoveredLot",
    "propose",
    "rank_lot",
]
