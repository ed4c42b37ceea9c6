from piccolo.columns import Date, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import account_id, belongs_to, money
from tenders.consortia.tables import Consortium
from tenders.members.tables import Organisation


class Recorded:
    """Who recorded it, and when."""

    recorded_by = account_id()
    recorded_at = Timestamptz()


class BidOutcome(Recorded, Table, tablename="bid_outcome"):
    """The buyer's answer to one consortium's bid, and the basics of the contract when won."""

    id: Serial
    consortium = ForeignKey(Consortium, on_delete=OnDelete.cascade, unique=True)
    result = Varchar(length=12)  # gagnee | perdue | sans_suite
    amount_awarded = money()
    winner = Varchar(length=300, default="")
    buyer_comments = Text(default="")
    decided_on = Date()
    insertion_hours_committed = Integer(null=True, default=None)
    contract_start = Date(null=True, default=None)
    contract_end = Date(null=True, default=None)


class InsertionHours(Recorded, Table, tablename="outcome_insertion_hours"):
    """Insertion hours a member achieved on a won contract, up to a date."""

    id: Serial
    outcome = belongs_to(BidOutcome)
    organisation = ForeignKey(Organisation, on_delete=OnDelete.restrict)
    period_end = Date()
    hours = Integer()
