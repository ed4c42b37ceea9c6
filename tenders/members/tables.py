from piccolo.columns import Serial, Text, Timestamptz, Varchar
from piccolo.table import Table


class Organisation(Table, tablename="organisation"):
    """A member structure of the collective."""

    id: Serial

    name = Varchar(length=200, unique=True)
    slug = Varchar(length=100, unique=True)
    town = Varchar(length=120, default="")
    territory = Varchar(length=120, default="")
    description = Text(default="")
    created_at = Timestamptz()
    updated_at = Timestamptz()
