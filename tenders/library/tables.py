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

from tenders.consortia.tables import Section
from tenders.members.tables import Organisation


class Passage(Table, tablename="library_passage"):
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
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_by = Integer(null=True, default=None)
    updated_at = Timestamptz()


class SectionSource(Table, tablename="library_section_source"):
    """A passage copied into a part of the mémoire, and which version of it was copied."""

    id: Serial
    section = ForeignKey(Section, on_delete=OnDelete.cascade, index=True)
    passage = ForeignKey(Passage, null=True, on_delete=OnDelete.set_null, index=True)
    passage_title = Varchar(length=200)
    passage_version = Integer()
    inserted_by = Integer(null=True, default=None)
    inserted_at = Timestamptz()
