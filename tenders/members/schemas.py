"""What goes in and out of the members API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from tenders.fields import CHOICES, block, hint, line

PEOPLE = hint("Indiquez un nombre entier de personnes.")


class TurnoverYear(msgspec.Struct):
    year: int
    amount: Decimal


# Fields of OrganisationOut given only to those who manage the organisation (None otherwise).
PRIVATE_FIELDS = ("turnover", "insurer", "insurance_policy", "insurance_expiry")


class OrganisationOut(msgspec.Struct):
    """An organisation as the directory shows it; private parts only to those who manage it.
    The service fills it from the table's columns of the same names."""

    id: int
    name: str
    slug: str
    kind: str
    kind_label: str
    town: str
    territory: str
    departement: str
    description: str
    siret: str | None
    siren: str
    legal_form: str
    naf_code: str
    address: str
    postal_code: str
    contact_name: str
    contact_email: str
    contact_phone: str
    website: str
    ess_status: str
    labels: list[str]
    other_labels: str
    headcount_permanent: int | None
    headcount_insertion: int | None
    representative_name: str = ""
    representative_title: str = ""
    fiscal_year_end: str = ""  # "MM-DD"
    in_receivership: bool = False
    vat_regime: str = ""
    directors: int = 0  # counted by the accounts (tenders/accounts/directors.py)
    private_visible: bool = False
    turnover: list[TurnoverYear] | None = None
    insurer: str | None = None
    insurance_policy: str | None = None
    insurance_expiry: date | None = None


class OrganisationCreate(msgspec.Struct):
    name: str
    kind: str = "association"
    town: str = ""
    siret: str | None = None


class OrganisationUpdate(msgspec.Struct, omit_defaults=True):
    """Only the fields sent are changed. The one list of the profile's fields: the API, the
    profile form (``tenders.web.forms``) and the service's checks read it."""

    name: Annotated[str, line(200)] | UnsetType = UNSET
    kind: str | UnsetType = UNSET
    town: Annotated[str, line(120)] | UnsetType = UNSET
    territory: Annotated[str, line(120)] | UnsetType = UNSET
    description: Annotated[str, block(5000)] | UnsetType = UNSET
    siret: str | UnsetType | None = UNSET
    legal_form: Annotated[str, line(120)] | UnsetType = UNSET
    naf_code: str | UnsetType = UNSET
    address: Annotated[str, line(300)] | UnsetType = UNSET
    postal_code: str | UnsetType = UNSET
    contact_name: Annotated[str, line(200)] | UnsetType = UNSET
    contact_email: str | UnsetType = UNSET
    contact_phone: Annotated[str, line(30)] | UnsetType = UNSET
    representative_name: Annotated[str, line(200)] | UnsetType = UNSET
    representative_title: Annotated[str, line(120)] | UnsetType = UNSET
    fiscal_year_end: str | UnsetType = UNSET  # "31/12" or "12-31"
    in_receivership: bool | UnsetType = UNSET
    vat_regime: str | UnsetType = UNSET
    website: Annotated[str, line(300)] | UnsetType = UNSET
    ess_status: str | UnsetType = UNSET
    labels: Annotated[list[str], CHOICES] | UnsetType = UNSET
    other_labels: Annotated[str, line(300)] | UnsetType = UNSET
    headcount_permanent: Annotated[int, PEOPLE] | UnsetType | None = UNSET
    headcount_insertion: Annotated[int, PEOPLE] | UnsetType | None = UNSET
    turnover: list[TurnoverYear] | UnsetType = UNSET
    insurer: Annotated[str, line(200)] | UnsetType = UNSET
    insurance_policy: Annotated[str, line(100)] | UnsetType = UNSET
    insurance_expiry: date | UnsetType | None = UNSET


class CapabilityIn(msgspec.Struct):
    title: Annotated[str, line(200)]
    kind: str
    cpv_codes: list[str]
    departements: list[str] = []
    communes: list[str] = []
    radius_km: Annotated[int | None, hint("Indiquez un rayon en kilomètres.")] = None
    people_available: Annotated[int | None, PEOPLE] = None
    max_contract_value: Decimal | None = None
    description: Annotated[str, block(5000)] = ""


class CpvOut(msgspec.Struct):
    code: str
    full_code: str
    label: str | None


class CapabilityOut(msgspec.Struct):
    id: int
    organisation_id: int
    title: str
    kind: str
    kind_label: str
    cpv: list[CpvOut]
    departements: list[str]
    communes: list[str]
    radius_km: int | None
    people_available: int | None
    max_contract_value: Decimal | None
    description: str


class ReferenceIn(msgspec.Struct):
    buyer: Annotated[str, line(200)]
    title: Annotated[str, line(300)]
    year: Annotated[int, hint("Indiquez l'année, par exemple 2024.")]
    amount: Decimal | None = None
    cpv_code: str = ""
    contact: Annotated[str, line(300)] = ""
    shareable: bool = False
    description: Annotated[str, block(5000)] = ""


class ReferenceOut(msgspec.Struct):
    id: int
    organisation_id: int
    buyer: str
    title: str
    year: int
    amount: Decimal | None
    cpv_code: str
    contact: str
    shareable: bool
    description: str


class CertificateOut(msgspec.Struct):
    id: int
    organisation_id: int
    kind: str
    kind_label: str
    title: str
    filename: str
    content_type: str
    size: int
    sha256: str
    issued_on: date
    valid_until: date | None
    status: str  # valide | expire_bientot | expiree
    status_label: str
    uploaded_at: datetime
    replaced_at: datetime | None
    download_url: str
    # On the RC Pro paper: who insures, and the amount guaranteed per claim (None: not given).
    insurer: str = ""
    insured_amount: Decimal | None = None


class CompletenessItem(msgspec.Struct):
    ok: bool
    text: str
    link: str
    topic: str = ""  # dc2 | contact | directory | certificate
    warning: bool = False  # in order, but worth a look (a paper that expires soon)


class Completeness(msgspec.Struct):
    organisation_id: int
    at: date
    percent: int
    items: list[CompletenessItem]

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.ok]


class ValidityIn(msgspec.Struct):
    valid_until: date | None
