from piccolo.columns import (
    JSON,
    Boolean,
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


class Tender(Table, tablename="tender"):
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
    questions_deadline = Timestamptz(null=True, default=None)
    visit_deadline = Timestamptz(null=True, default=None)
    # The notice gave the date only: the deadline is kept at 9:00 Paris, shown as a date.
    offers_time_unknown = Boolean(default=False)
    questions_time_unknown = Boolean(default=False)
    # The total the notice (or the coordination) states; None: the sum of the lots is shown.
    estimated_value = Numeric(digits=(14, 2), null=True, default=None)
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
    decided_at = Timestamptz(null=True, default=None)
    decided_by = Integer(null=True, default=None)
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Lot(Table, tablename="tender_lot"):
    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=50)
    position = Integer(default=0)
    title = Varchar(length=500)
    description = Text(default="")
    cpv_codes = JSON(default="[]")
    departements = JSON(default="[]")
    estimated_value = Numeric(digits=(14, 2), null=True, default=None)
    currency = Varchar(length=3, default="EUR")
    reserved = Varchar(length=12, default="none")
    duration_months = Integer(null=True, default=None)


class Milestone(Table, tablename="tender_milestone"):
    """An internal step before the offer deadline (go/no-go, contributions, compilation…)."""

    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    label = Varchar(length=200)
    due_at = Timestamptz()
    done = Boolean(default=False)


class StatusChange(Table, tablename="tender_status_change"):
    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, index=True)
    from_status = Varchar(length=16)
    to_status = Varchar(length=16)
    reason = Text(default="")
    changed_by = Integer(null=True, default=None)
    changed_at = Timestamptz()


class TenderFile(Table, tablename="tender_file"):
    """A file attached to a tender (consultation documents, notes); stored by hash."""

    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, index=True)
    file_sha256 = Varchar(length=64)
    filename = Varchar(length=200)
    content_type = Varchar(length=100)
    size = Integer()
    uploaded_by = Integer(null=True, default=None)
    uploaded_at = Timestamptz()
