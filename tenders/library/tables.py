from piccolo.columns import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from tenders.columns import Stamped, account_id, belongs_to
from tenders.consortia.tables import Section
from tenders.members.tables import Organisation


class Passage(Stamped, Table, tablename="library_passage"):
    """A reusable text: the collective's (no organisation) or one organisation's."""

    id: Serial
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.cascade, index=True)
    # An organisation's passage the other members may read and reuse (never edit).
    shared = Boolean(default=False)
    title = Varchar(length=200)
    body = Text()
    themes = JSON(default="[]")
    cpv_divisions = JSON(default="[]")  # two-digit CPV divisions: "77", "90"
    review_days = Integer(default=365)
    reviewed_on = Date()
    version = Integer(default=1)
    created_by = account_id()
    updated_by = account_id()


class SectionSource(Table, tablename="library_section_source"):
    """A passage copied into a part of the mémoire, and which version of it was copied."""

    id: Serial
    section = belongs_to(Section)
    passage = ForeignKey(Passage, null=True, on_delete=OnDelete.set_null, index=True)
    passage_title = Varchar(length=200)
    passage_version = Integer()
    inserted_by = account_id()
    inserted_at = Timestamptz()
