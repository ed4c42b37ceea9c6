from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import moment


class OutgoingMail(Table, tablename="outgoing_mail"):
    """One message to one recipient. The row is the source of truth, not the broker."""

    id: Serial

    kind = Varchar(length=40)
    recipient = Varchar(length=254)
    subject = Varchar(length=300)
    body_text = Text()
    body_html = Text()
    message_id = Varchar(length=200, unique=True)
    status = Varchar(length=12, default="pending", index=True)  # pending | sending | sent | failed
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz()
    claimed_at = moment()
    sent_at = moment()
