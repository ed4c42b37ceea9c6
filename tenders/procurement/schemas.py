"""What goes in and out of the tenders API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

import msgspec

from tenders.fields import block, hint, line
from tenders.matching import LotMatch, Proposal

MONTHS = hint("Indiquez une durée en mois.")


class LotIn(msgspec.Struct):
    title: Annotated[str, line(500, "Intitulé du lot")]
    key: Annotated[str, line(50, "Numéro du lot")] = ""
    description: Annotated[str, block(10_000, "Description du lot")] = ""
    cpv_codes: list[str] = []
    departements: list[str] = []
    estimated_value: Decimal | None = None
    # ISO 4217; "" → the tender's currency.
    currency: str = ""
    reserved: str = "none"
    duration_months: Annotated[int | None, MONTHS] = None


class LotOut(msgspec.Struct):
    id: int
    key: str
    title: str
    description: str
    cpv_codes: list[str]
    cpv_labels: dict[str, str]
    departements: list[str]
    estimated_value: Decimal | None
    reserved: str
    reserved_label: str
    duration_months: int | None
    currency: str = "EUR"


class TenderIn(msgspec.Struct):
    """A tender as the API, the pages and the notice imports give it. Its texts have a limit
    (the column's, or a page's worth): typed, a longer text is refused; read from a notice, it
    is kept up to the limit with a warning naming the label."""

    title: Annotated[str, line(500, "Objet")]
    reference: Annotated[str, line(100, "Référence")] = ""
    buyer_name: Annotated[str, line(300, "Acheteur")] = ""
    buyer_siret: str | None = None
    buyer_address: Annotated[str, line(500, "Adresse de l'acheteur")] = ""
    procedure: str = ""
    kind: str = ""
    description: Annotated[str, block(10_000, "Description")] = ""
    duration_months: Annotated[int | None, MONTHS] = None
    reserved: str = "none"
    social_clause: Annotated[str, block(5000, "Clause sociale")] = ""
    insertion_hours: Annotated[int | None, hint("Indiquez un nombre d'heures.")] = None
    forbid_alone_and_consortium: bool = False
    one_consortium_only: bool = False
    platform_url: Annotated[str, line(500)] = ""
    documents_url: Annotated[str, line(500)] = ""
    departements: list[str] = []
    communes: list[str] = []
    offers_deadline: datetime | None = None
    questions_deadline: datetime | None = None
    visit_deadline: datetime | None = None
    # Only the date is known: the deadline is kept on its day at 9:00 Paris, shown as a date.
    offers_time_unknown: bool = False
    questions_time_unknown: bool = False
    # The total stated for the whole tender (None: the sum of its lots), and its currency.
    estimated_value: Decimal | None = None
    currency: str = "EUR"
    lots: list[LotIn] | None = None


class ImportDifference(msgspec.Struct):
    """A correction made by hand that an import kept although the notice says otherwise."""

    field: str  # "social_clause", or "lots[LOT-0001].cpv_codes"
    label: str  # « Clause sociale », « Lot LOT-0001 : codes CPV »
    notice: str  # what the notice says, as shown
    kept: str  # what the coordination had written, kept
    message: str  # « Clause sociale : l'avis dit « — », vous aviez corrigé en « … ». »


class MilestoneOut(msgspec.Struct):
    id: int
    kind: str
    label: str
    due_at: datetime
    done: bool


class StatusChangeOut(msgspec.Struct):
    from_status: str
    to_status: str
    reason: str
    changed_at: datetime


class TenderOut(msgspec.Struct):
    id: int
    reference: str
    title: str
    buyer_name: str
    buyer_siret: str | None
    buyer_address: str
    procedure: str
    procedure_label: str
    kind: str
    kind_label: str
    description: str
    duration_months: int | None
    reserved: str
    reserved_label: str
    social_clause: str
    insertion_hours: int | None
    forbid_alone_and_consortium: bool
    one_consortium_only: bool
    platform_url: str
    documents_url: str
    departements: list[str]
    communes: list[str]
    status: str
    status_label: str
    next_statuses: list[str]
    offers_deadline: datetime | None
    questions_deadline: datetime | None
    visit_deadline: datetime | None
    offers_time_unknown: bool
    questions_time_unknown: bool
    source: str
    notice_version: str
    import_warnings: list[str]
    import_differences: list[ImportDifference]
    # The total stated (estimated_total), else the sum of the lots when they share a currency.
    estimated_value: Decimal | None
    estimated_total: Decimal | None
    currency: str
    decision_reasons: str
    scores: dict[str, int | None]
    lots: list[LotOut]
    milestones: list[MilestoneOut]
    history: list[StatusChangeOut]
    created_at: datetime
    updated_at: datetime


class TenderSummary(msgspec.Struct):
    id: int
    title: str
    buyer_name: str
    status: str
    status_label: str
    offers_deadline: datetime | None
    lots: int
    estimated_value: Decimal | None
    currency: str = "EUR"
    offers_time_unknown: bool = False


class ImportResult(msgspec.Struct):
    created: bool
    tender: TenderOut
    # What to check (the notice's warnings) and the corrections kept from the last edit.
    warnings: list[str] = []
    differences: list[ImportDifference] = []


class StatusIn(msgspec.Struct):
    status: str
    reason: str = ""


SCORE = hint("Notez de 0 à 5.")


class DecisionIn(msgspec.Struct):
    decision: str  # go | no_go
    reasons: str
    fit: Annotated[int | None, SCORE] = None
    capacity: Annotated[int | None, SCORE] = None
    chances: Annotated[int | None, SCORE] = None
    strategic: Annotated[int | None, SCORE] = None

    @property
    def scores(self) -> dict[str, int | None]:
        """The grid, criterion by criterion."""
        return {
            "fit": self.fit,
            "capacity": self.capacity,
            "chances": self.chances,
            "strategic": self.strategic,
        }


class MilestoneIn(msgspec.Struct):
    due_at: datetime
    done: bool = False
    label: str | None = None


class LotRanking(msgspec.Struct):
    key: str
    title: str
    matches: list[LotMatch]


class MatchingOut(msgspec.Struct):
    tender_id: int
    candidates: int
    lots: list[LotRanking]
    proposal: Proposal
