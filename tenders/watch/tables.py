"""What the collective watches: one row for the whole collective."""

from piccolo.columns import JSON, Boolean, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import account_id


class WatchProfile(Table, tablename="watch_profile"):
    """The collective's watch profile; ``collective`` is unique so there is only one row."""

    id: Serial
    collective = Varchar(length=20, unique=True, default="collectif")
    cpv_codes = JSON(default="[]")  # 8 digits each
    departements = JSON(default="[]")
    kinds = JSON(default="[]")  # services | supplies | works (tenders.procurement.vocabulary)
    reserved_only = Boolean(default=False)
    keywords = JSON(default="[]")
    min_days_left = Integer(default=0)
    updated_at = Timestamptz(null=True, default=None)
    updated_by = account_id()
