"""Ranking the collective's organisations for each lot of a tender, and proposing a consortium.

Pure functions over plain data: the caller loads organisations and the tender from the
database into the dataclasses of ``model``, calls ``rank_lot`` for each lot (or ``rank_lots``
for all of a tender's lots at once), then ``propose``.
The names below are the package's public surface (``X as X``: re-exported).
"""

from tenders.matching.consortium import propose as propose
from tenders.matching.model import Candidate as Candidate
from tenders.matching.model import CandidateCapability as CandidateCapability
from tenders.matching.model import CandidatePassage as CandidatePassage
from tenders.matching.model import CandidateReference as CandidateReference
from tenders.matching.model import LotMatch as LotMatch
from tenders.matching.model import LotSpec as LotSpec
from tenders.matching.model import Proposal as Proposal
from tenders.matching.model import ProposedMember as ProposedMember
from tenders.matching.model import TenderSpec as TenderSpec
from tenders.matching.model import UncoveredLot as UncoveredLot
from tenders.matching.scoring import rank_lot as rank_lot
from tenders.matching.scoring import rank_lots as rank_lots
