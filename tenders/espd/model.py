"""What a member's ESPD Response is built from: plain structs, filled by the caller from Cordée's
tables (next step) or by tests. Amounts are Decimals with their ISO 4217 currency; countries are
the three-letter codes of the EU « country » authority list (FRA); dates are passed in, never
read from the clock, so the same input always gives the same bytes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

import msgspec


class Role(Enum):
    """The member's role, with its code in the EU « eo-role-type » list (EoRoleType.gc)."""

    SOLE = "sole-tenderer"
    LEAD = "group-lead"  # mandataire du groupement
    MEMBER = "group-mem"  # cotraitant
    RELIED_UPON = "oeron"  # sous-traitant dont les capacités sont invoquées
    SUBCONTRACTOR = "subcont"  # sous-traitant dont les capacités ne sont pas invoquées


class Size(Enum):
    """Codes of the « economic-operator-size » list (EconomicOperatorSize.gc)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class Nature(Enum):
    """What the contract buys: it picks the criterion the references answer."""

    WORKS = "works"
    SUPPLIES = "supplies"
    SERVICES = "services"


class Address(msgspec.Struct, frozen=True):
    street: str
    postcode: str
    city: str
    country: str = "FRA"


class Contact(msgspec.Struct, frozen=True):
    name: str
    email: str = ""
    phone: str = ""


class Procedure(msgspec.Struct, frozen=True):
    """The consultation: its buyer, the buyer's reference, title and lots (« LOT-0000 » when the
    procedure has no lots, as ESPD-EDM writes it)."""

    buyer_name: str
    buyer_country: str
    reference: str
    title: str
    nature: Nature = Nature.SERVICES
    procedure_code: str = "open"
    lots: tuple[str, ...] = ("LOT-0000",)


class Operator(msgspec.Struct, frozen=True):
    """The economic operator; ``siret`` is its identifier, written with the NATIONAL scheme."""

    name: str
    siret: str
    address: Address
    contact: Contact
    size: Size
    website: str = ""


class Entity(msgspec.Struct, frozen=True):
    """Another operator named in a response: a relied-upon entity or a subcontractor."""

    name: str
    siret: str


class Declaration(msgspec.Struct, frozen=True):
    """A « yes » to an exclusion ground, with what the member declared about it."""

    description: str
    on: date | None = None
    until: date | None = None
    amount: Decimal | None = None
    currency: str = "EUR"


class Turnover(msgspec.Struct, frozen=True):
    """The turnover of one closed fiscal year."""

    start: date
    end: date
    amount: Decimal
    currency: str = "EUR"


class Insurance(msgspec.Struct, frozen=True):
    insurer: str
    amount: Decimal
    currency: str = "EUR"


class Reference(msgspec.Struct, frozen=True):
    """A contract the member performed: what, for whom, how much, when."""

    description: str
    recipient: str
    amount: Decimal
    start: date
    end: date
    currency: str = "EUR"


class Headcount(msgspec.Struct, frozen=True):
    year: int
    count: int


class Certificate(msgspec.Struct, frozen=True):
    """A certificate or label; ``environmental`` ones answer the environmental criterion."""

    name: str
    issuer: str = ""
    environmental: bool = False


class Reserved(msgspec.Struct, frozen=True):
    """Reserved-market status: a sheltered workshop (ESAT, EA) or a social-integration
    enterprise (SIAE), with its share of disabled or disadvantaged workers (0 to 1)."""

    share: Decimal
    category: str


class Selection(msgspec.Struct, frozen=True):
    turnovers: tuple[Turnover, ...] = ()
    insurance: Insurance | None = None
    references: tuple[Reference, ...] = ()
    headcounts: tuple[Headcount, ...] = ()
    certificates: tuple[Certificate, ...] = ()


class Expected(msgspec.Struct, frozen=True):
    """A value the buyer set on a property of a criterion (a minimum amount, the lot, the
    register's name…): the element's local name, text and attributes, and the property's
    description as the buyer wrote it."""

    property_id: str
    description: str
    element: str = ""
    text: str = ""
    attributes: tuple[tuple[str, str], ...] = ()


class RequestedCriterion(msgspec.Struct, frozen=True):
    """A criterion a buyer's ESPD Request asks for, with its name as the buyer gave it."""

    uuid: str
    code: str
    kind: str
    name: str
    lots: tuple[str, ...] = ()
    values: tuple[Expected, ...] = ()


class EspdRequest(msgspec.Struct, frozen=True):
    """What a buyer's ESPD Request says: the procedure, its lots and the criteria it asks for."""

    version: str
    reference: str
    buyer_name: str
    buyer_country: str
    title: str
    procedure_code: str
    lots: tuple[str, ...]
    criteria: tuple[RequestedCriterion, ...]


class ResponseData(msgspec.Struct, frozen=True):
    """Everything one member's responses say. ``exclusions`` maps a criterion code (« tax-pay »)
    to a declaration; every other exclusion ground is answered « no ».
    ``request`` is the buyer's ESPD Request: the responses answer exactly its criteria, with its
    requirements; without one they answer Cordée's default criteria (criteria.DEFAULT_CODES)."""

    procedure: Procedure
    operator: Operator
    role: Role
    issued_at: datetime
    lots: tuple[str, ...] = ("LOT-0000",)
    group_name: str = ""
    partners: tuple[str, ...] = ()
    relied_upon: tuple[Entity, ...] = ()
    subcontractors: tuple[Entity, ...] = ()
    exclusions: dict[str, Declaration] = msgspec.field(default_factory=dict)
    selection: Selection = Selection()
    reserved: Reserved | None = None
    request: EspdRequest | None = None
