"""Columns several tables declare alike, declared once: a row's link to the row it belongs to,
an amount, who did something, and the column groups tables share as mixins (Piccolo reads a
mixin's columns as the table's own; the migrations stay those of the columns by name)."""

from piccolo.columns import ForeignKey, Integer, Numeric, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

# Twelve digits and cents: what tenders.numbers lets through for an amount.
AMOUNT_DIGITS = (14, 2)


def belongs_to(table: type[Table]) -> ForeignKey[Table]:
    """The row this one is part of: deleted with it, and looked up by it (indexed)."""
    return ForeignKey(table, on_delete=OnDelete.cascade, index=True)


def money() -> Numeric:
    """An amount that may be unknown (a value estimated, a capacity, a price)."""
    return Numeric(digits=AMOUNT_DIGITS, null=True, default=None)


def account_id() -> Integer:
    """Who did it: an account id, not a foreign key (accounts depend on the structures, and
    the row outlives the account)."""
    return Integer(null=True, default=None)


def moment() -> Timestamptz:
    """A moment that may be empty: not known (a deadline), or not come yet (sent, answered,
    withdrawn…)."""
    return Timestamptz(null=True, default=None)


class Stamped:
    """When the row was created and last changed."""

    created_at = Timestamptz()
    updated_at = Timestamptz()


class StoredDocument:
    """A file kept in ``stored_file`` (by its SHA-256) as it was sent, and who sent it when."""

    file_sha256 = Varchar(length=64)
    filename = Varchar(length=200)
    content_type = Varchar(length=100)
    size = Integer()
    uploaded_by = account_id()
    uploaded_at = Timestamptz()


class Authored:
    """Written by an account, under the name it had then."""

    author = account_id()
    author_label = Varchar(length=254, default="")
    created_at = Timestamptz()
