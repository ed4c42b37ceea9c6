"""What reading a notice produces: a neutral draft, the same whatever the source format."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

import msgspec

Source = Literal["eforms", "boamp", "ocds"]
# "none"; "disability": entreprises adaptées and ESAT (L2113-12); "insertion": structures
# d'insertion par l'activité économique (L2113-13); "both": either of them (L2113-12 and 13);
# "ess": entreprises de l'économie sociale et solidaire (L2113-15).
Reserved = Literal["none", "disability", "insertion", "both", "ess"]
Procedure = Literal["mapa", "ouvert", "restreint", "negociee", "dialogue", "autre", ""]
Kind = Literal["services", "supplies", "works", ""]

RESERVED_VALUES: tuple[Reserved, ...] = ("none", "disability", "insertion", "both", "ess")
PROCEDURE_VALUES: tuple[Procedure, ...] = (
    "mapa",
    "ouvert",
    "restreint",
    "negociee",
    "dialogue",
    "autre",
    "",
)
KIND_VALUES: tuple[Kind, ...] = ("services", "supplies", "works", "")


class LotDraft(msgspec.Struct, frozen=True, kw_only=True):
    """One lot as the notice describes it; nothing is checked against the directory yet."""

    key: str  # the notice's own identifier: "LOT-0001", "1", "A"
    title: str
    description: str = ""
    cpv_codes: list[str] = []  # 8 digits each, valid CPV codes
    nuts: list[str] = []
    departements: list[str] = []  # "59", "2A", "971"
    estimated_value: Decimal | None = None
    currency: str = ""  # ISO 4217 of estimated_value, "" when there is none
    reserved: Reserved = "none"
    duration_months: int | None = None


class NoticeDraft(msgspec.Struct, frozen=True, kw_only=True):
    """A procurement notice read from eForms, BOAMP or OCDS, ready to become a tender."""

    source: Source
    source_id: str  # stable across versions of the notice: de-duplicate on (source, source_id)
    notice_version: str
    reference: str  # the buyer's own reference for the procedure, "" when not given
    title: str
    description: str
    buyer_name: str
    buyer_siret: str | None
    # One line: « 5 place du Général de Gaulle, 76001 Rouen Cedex 1 », the country when abroad.
    buyer_address: str = ""
    procedure: Procedure
    procedure_label: str  # in French: « Appel d'offres ouvert », « Procédure adaptée »…
    kind: Kind
    cpv_codes: list[str]
    nuts: list[str]
    departements: list[str]
    # The total the notice states for the whole procedure; the sum of the lots only when it
    # states none (and every lot has a value in the same currency).
    estimated_value: Decimal | None
    currency: str  # ISO 4217, "" when no value is given
    offers_deadline: datetime | None  # always aware
    questions_deadline: datetime | None  # always aware
    # The notice gives the date only: the deadline is kept at values.DATE_ONLY_TIME.
    offers_time_unknown: bool = False
    questions_time_unknown: bool = False
    reserved: Reserved
    social_clause: str  # the sentence of the notice that states it, "" when none was found
    duration_months: int | None
    url: str  # documents or buyer profile, http or https only
    lots: list[LotDraft]  # never empty
    languages: list[str]  # ISO 639-1: ["fr"]
    # ISO 3166 alpha-2 of the places of performance and of the buyer, when the notice says.
    countries: list[str] = []
    buyer_country: str = ""
    warnings: list[str]  # French sentences: what could not be read, what to check
