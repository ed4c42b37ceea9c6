from piccolo.columns import JSON, Boolean, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import Stamped, StoredDocument, account_id, belongs_to, moment, money


class Tender(Stamped, Table, tablename="tender"):
    """A public tender the collective watches or answers."""

    id: Serial
    reference = Varchar(length=100, default="")
    title = Varchar(length=500)
    buyer_name = Varchar(length=300, default="")
    buyer_siret = Varchar(length=14, null=True, default=None)
    # One line, as the forms print it: « 5 place du Général de Gaulle, 76001 Rouen ».
    buyer_address = Varchar(length=500, default="")
    procedure = Varchar(length=20, default="")
    kind = Varchar(length=12, default="")
    description = Text(default="")
    duration_months = Integer(null=True, default=None)
    reserved = Varchar(length=12, default="none")
    social_clause = Text(default="")
    insertion_hours = Integer(null=True, default=None)
    forbid_alone_and_consortium = Boolean(default=False)
    one_consortium_only = Boolean(default=False)
    platform_url = Varchar(length=500, default="")
    documents_url = Varchar(length=500, default="")
    departements = JSON(default="[]")
    communes = JSON(default="[]")
    status = Varchar(length=16, default="veille", index=True)
    offers_deadline = Timestamptz(null=True, default=None, index=True)
    questions_deadline = moment()
    visit_deadline = moment()
    # The notice gave the date only: the deadline is kept at 9:00 Paris, shown as a date.
    offers_time_unknown = Boolean(default=False)
    questions_time_unknown = Boolean(default=False)
    # The total the notice (or the coordination) states; None: the sum of the lots is shown.
    estimated_value = money()
    currency = Varchar(length=3, default="EUR")
    # Identity of an imported notice, "eforms:<folder id>": re-importing updates the draft.
    source = Varchar(length=10, default="manual")
    source_key = Varchar(length=200, null=True, default=None, unique=True)
    notice_version = Varchar(length=100, default="")
    import_warnings = JSON(default="[]")
    # What the last import wrote, field by field (lots by key): a value that differs from it
    # now was corrected by hand, and the next import keeps it.
    notice_values = JSON(default="{}")
    # The corrections the last import kept although the notice says otherwise.
    import_differences = JSON(default="[]")
    decision_reasons = Text(default="")
    score_fit = Integer(null=True, default=None)
    score_capacity = Integer(null=True, default=None)
    score_chances = Integer(null=True, default=None)
    score_strategic = Integer(null=True, default=None)
    decided_at = moment()
    decided_by = account_id()
    created_by = account_id()


class Lot(Table, tablename="tender_lot"):
    id: Serial
    tender = belongs_to(Tender)
    key = Varchar(length=50)
    position = Integer(default=0)
    title = Varchar(length=500)
    description = Text(default="")
    cpv_codes = JSON(default="[]")
    departements = JSON(default="[]")
    estimated_value = money()
    currency = Varchar(length=3, default="EUR")
    reserved = Varchar(length=12, default="none")
    duration_months = Integer(null=True, default=None)


class Milestone(Table, tablename="tender_milestone"):
    """An internal step before the offer deadline (go/no-go, contributions, compilation…)."""

    id: Serial
    tender = belongs_to(Tender)
    kind = Varchar(length=20)
    label = Varchar(length=200)
    due_at = Timestamptz()
    done = Boolean(default=False)


class StatusChange(Table, tablename="tender_status_change"):
    id: Serial
    tender = belongs_to(Tender)
    from_status = Varchar(length=16)
    to_status = Varchar(length=16)
    reason = Text(default="")
    changed_by = account_id()
    changed_at = Timestamptz()


class TenderFile(StoredDocument, Table, tablename="tender_file"):
    """A file attached to a tender (consultation documents, notes); stored by hash."""

    id: Serial
    tender = belongs_to(Tender)
