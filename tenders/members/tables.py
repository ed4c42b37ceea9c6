from piccolo.columns import JSON, Boolean, Bytea, Date, Integer, Numeric, Serial, Text, Varchar
from piccolo.table import Table

from tenders.columns import AMOUNT_DIGITS, Stamped, StoredDocument, belongs_to, moment, money


class Organisation(Stamped, Table, tablename="organisation"):
    """A member structure of the collective: identity and the DC2 figures."""

    id: Serial
    name = Varchar(length=200, unique=True)
    slug = Varchar(length=100, unique=True)
    town = Varchar(length=120, default="")
    territory = Varchar(length=120, default="")
    description = Text(default="")
    siret = Varchar(length=14, null=True, default=None, unique=True)
    siren = Varchar(length=9, default="", index=True)
    legal_form = Varchar(length=120, default="")
    kind = Varchar(length=20, default="", index=True)
    naf_code = Varchar(length=6, default="")
    address = Varchar(length=300, default="")
    postal_code = Varchar(length=5, default="")
    departement = Varchar(length=3, default="", index=True)
    contact_name = Varchar(length=200, default="")
    contact_email = Varchar(length=254, default="")
    contact_phone = Varchar(length=30, default="")
    # Who signs for the structure, and as what (« présidente », « directeur général »).
    representative_name = Varchar(length=200, default="")
    representative_title = Varchar(length=120, default="")
    fiscal_year_end = Varchar(length=5, default="")  # "MM-DD", the day each financial year ends
    vat_regime = Varchar(length=20, default="")  # vocabulary.VAT_REGIMES (DC4, rubrique G)
    in_receivership = Boolean(default=False)  # en redressement judiciaire (DC2, rubrique D)
    website = Varchar(length=300, default="")
    ess_status = Varchar(length=30, default="")
    labels = JSON(default="[]")
    other_labels = Varchar(length=300, default="")
    headcount_permanent = Integer(null=True, default=None)
    headcount_insertion = Integer(null=True, default=None)
    insurer = Varchar(length=200, default="")
    insurance_policy = Varchar(length=100, default="")
    insurance_expiry = Date(null=True, default=None)


class Turnover(Table, tablename="organisation_turnover"):
    """Turnover of one financial year (DC2 rubric F1)."""

    id: Serial
    organisation = belongs_to(Organisation)
    year = Integer()
    amount = Numeric(digits=AMOUNT_DIGITS)


class Capability(Stamped, Table, tablename="capability"):
    """A line of service an organisation can deliver, with where and how much."""

    id: Serial
    organisation = belongs_to(Organisation)
    title = Varchar(length=200)
    kind = Varchar(length=12)  # services | supplies | works | staffing
    description = Text(default="")
    cpv_codes = JSON(default="[]")
    departements = JSON(default="[]")
    communes = JSON(default="[]")
    radius_km = Integer(null=True, default=None)
    people_available = Integer(null=True, default=None)
    max_contract_value = money()
    # What its title and description are about (tenders.meaning), computed when it is saved.
    meaning = Bytea(default=b"")


class OfCapability:
    """A row a capability is searched by, with the capability's organisation copied on it."""

    capability = belongs_to(Capability)
    organisation = belongs_to(Organisation)


class CapabilityCpv(OfCapability, Table, tablename="capability_cpv"):
    """One CPV code of a capability, kept apart so a prefix range query uses an index."""

    id: Serial
    code = Varchar(length=8, index=True)
    # Copied from the capability so that matching ranks candidates from this table alone.
    departements = Varchar(length=400, default="")  # ",59,62,"
    max_contract_value = money()


class CapabilityArea(OfCapability, Table, tablename="capability_area"):
    """One département a capability covers (a radius covers the organisation's own)."""

    id: Serial
    departement = Varchar(length=3, index=True)


class Reference(Stamped, Table, tablename="contract_reference"):
    """A past contract, reused in DC2 and the mémoire technique."""

    id: Serial
    organisation = belongs_to(Organisation)
    buyer = Varchar(length=200)
    title = Varchar(length=300)
    year = Integer()
    amount = money()
    cpv_code = Varchar(length=8, default="")
    contact = Varchar(length=300, default="")
    shareable = Boolean(default=False)
    description = Text(default="")
    meaning = Bytea(default=b"")  # as a capability's


class Certificate(StoredDocument, Table, tablename="certificate"):
    """One version of an administrative paper; versions are never deleted or overwritten."""

    id: Serial
    organisation = belongs_to(Organisation)
    kind = Varchar(length=20)
    slot = Varchar(length=120, index=True)  # kind, or kind:title for kinds with several papers
    title = Varchar(length=200, default="")
    issued_on = Date()
    valid_until = Date(null=True, default=None)
    replaced_at = moment()
    # On the RC Pro paper (kind « rc_pro »): who insures, and the amount guaranteed per claim.
    insurer = Varchar(length=200, null=True, default="")
    insured_amount = money()


class PassageMeaning(Table, tablename="passage_meaning"):
    """What one of the organisation's library passages is about, for matching: written by the
    library when the passage is saved, reviewed or deleted (the library depends on the
    structures, not the other way round), read with the organisation's savoir-faire."""

    id: Serial
    passage = Integer(unique=True)  # library_passage.id
    organisation = belongs_to(Organisation)
    title = Varchar(length=200)
    meaning = Bytea(default=b"")
    fresh_until = Date()  # « à jour » until this day (reviewed_on + review_days)
