from piccolo.columns import Bytea, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table


class StoredFile(Table, tablename="stored_file"):
    """File bytes addressed by their SHA-256: written once, never overwritten or updated."""

    id: Serial

    sha256 = Varchar(length=64, unique=True)
    size = Integer()
    content_type = Varchar(length=100)
    data = Bytea()
    created_at = Timestamptz()
