from piccolo.columns import Serial, Varchar
from piccolo.table import Table


class CpvLabel(Table, tablename="cpv_label"):
    """One code of the official list, as imported from the Publications Office's file."""

    id: Serial

    code = Varchar(length=8, unique=True)  # 8 digits, no check digit: what eForms notices carry
    full_code = Varchar(length=10)  # "45233142-6"
    label = Varchar(length=400)
    level = Varchar(length=12)  # division | group | class | category | subcategory
