from piccolo.columns import JSON, ForeignKey, OnDelete, Serial, Varchar
from piccolo.table import Table

from tenders.columns import StoredDocument
from tenders.procurement.tables import Tender


class EspdRequestFile(StoredDocument, Table, tablename="espd_request"):
    """The buyer's ESPD Request of a tender (one at most), kept as uploaded, with what it asks
    as read when it was uploaded: the pages and the responses read ``content``, never the file
    again."""

    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, unique=True, index=True)
    version = Varchar(length=20)  # of ESPD-EDM: 4.1.0
    reference = Varchar(length=200, default="")  # the buyer's reference of the procedure
    content = JSON(default="{}")  # the EspdRequest, criteria asked included
