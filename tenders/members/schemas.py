"""What goes in and out of the members API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import msgspec
from msgspec import UNSET, UnsetType


class TurnoverYear(msgspec.Struct):
    year: int
    amount: Decimal


class OrganisationOut(msgspec.Struct):
    """An organisation as the directory shows it; private parts only to those who manage it."""

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
    directors: int = 0
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
    """Only the fields sent are changed."""

    name: str | UnsetType = UNSET
    kind: str | UnsetType = UNSET
    town: str | UnsetType = UNSET
    territory: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    siret: str | UnsetType | None = UNSET
    legal_form: str | UnsetType = UNSET
    naf_code: str | UnsetType = UNSET
    address: str | UnsetType = UNSET
    postal_code: str | UnsetType = UNSET
    contact_name: str | UnsetType = UNSET
    contact_email: str | UnsetType = UNSET
    contact_phone: str | UnsetType = UNSET
    representative_name: str | UnsetType = UNSET
    representative_title: str | UnsetType = UNSET
    fiscal_year_end: str | UnsetType = UNSET  # "31/12" or "12-31"
    in_receivership: bool | UnsetType = UNSET
    website: str | UnsetType = UNSET
    ess_status: str | UnsetType = UNSET
    labels: list[str] | UnsetType = UNSET
    other_labels: str | UnsetType = UNSET
    headcount_permanent: int | UnsetType | None = UNSET
    headcount_insertion: int | UnsetType | None = UNSET
    turnover: list[TurnoverYear] | UnsetType = UNSET
    insurer: str | UnsetType = UNSET
    insurance_policy: str | UnsetType = UNSET
    insurance_expiry: date | UnsetType | None = UNSET


class CapabilityIn(msgspec.Struct):
    title: str
    kind: str
    cpv_codes: list[str]
    departements: list[str] = []
    communes: list[str] = []
    radius_km: int | None = None
    people_available: int | None = None
    max_contract_value: Decimal | None = None
    description: str = ""


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
    buyer: str
    title: str
    year: int
    amount: Decimal | None = None
    cpv_code: str = ""
    contact: str = ""
    shareable: bool = False
    description: str = ""


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
