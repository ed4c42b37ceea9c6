from piccolo.columns import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from tenders.columns import Authored, Stamped, account_id, belongs_to, moment, money
from tenders.members.tables import Organisation
from tenders.procurement.tables import Tender


class Consortium(Stamped, Table, tablename="consortium"):
    """A groupement answering one tender; its lead is the mandataire."""

    id: Serial
    tender = belongs_to(Tender)
    lead = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    form = Varchar(length=20, default="")  # conjoint | solidaire | conjoint_solidaire
    status = Varchar(length=12, default="draft")
    notes = Text(default="")
    # Set when the bid is submitted: the composition is frozen from then on (R2142-26).
    submitted_at = moment()
    created_by = account_id()


class ConsortiumMember(Table, tablename="consortium_member"):
    id: Serial
    consortium = belongs_to(Consortium)
    organisation = ForeignKey(Organisation, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=20)  # mandataire | co_traitant | sous_traitant
    lots = JSON(default="[]")  # lot keys
    score = Integer(null=True, default=None)
    # The organisation this member works for when it is a subcontractor.
    subcontractor_of = Integer(null=True, default=None)
    services = Text(default="")  # what it performs (DC1, rubric E)
    iban = Varchar(length=34, default="")
    bic = Varchar(length=11, default="")
    # The invitation to join: none (not sent yet) | pending | accepted | declined.
    invitation = Varchar(length=10, default="none")
    invited_at = moment()
    respond_by = Date(null=True, default=None)
    answered_at = moment()
    answered_by = account_id()
    answer_comment = Text(default="")


class ConsortiumShare(Table, tablename="consortium_share"):
    """One member's part of one lot: price excl. VAT and share of the lot."""

    id: Serial
    consortium = belongs_to(Consortium)
    lot_key = Varchar(length=50)
    organisation = ForeignKey(Organisation, on_delete=OnDelete.restrict)
    amount = money()
    percent = Numeric(digits=(7, 4))
    services = Text(default="")  # what it performs in this lot (DC1 E); "": its general services


class Section(Table, tablename="response_section"):
    """A part of the mémoire technique, assigned to a structure with an internal due date."""

    id: Serial
    consortium = belongs_to(Consortium)
    position = Integer(default=0)
    title = Varchar(length=200)
    assignee = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    # A person rather than (or within) the structure: an account id.
    assignee_user = account_id()
    due_at = moment()
    status = Varchar(length=12, default="a_rediger")
    version = Integer(default=0)
    body = Text(default="")
    updated_at = Timestamptz()
    updated_by = account_id()


class SectionVersion(Authored, Table, tablename="response_section_version"):
    """Every saved text of a section, never rewritten."""

    id: Serial
    section = belongs_to(Section)
    version = Integer()
    body = Text()


class SectionComment(Authored, Table, tablename="response_section_comment"):
    id: Serial
    section = belongs_to(Section)
    body = Text()
