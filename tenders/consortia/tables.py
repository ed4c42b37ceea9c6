from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenders.members.tables import Organisation
from tenders.procurement.tables import Tender


class Consortium(Table, tablename="consortium"):
    """A groupement answering one tender; its lead is the mandataire."""

    id: Serial
    tender = ForeignKey(Tender, on_delete=OnDelete.cascade, index=True)
    lead = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    form = Varchar(length=20, default="")  # conjoint | solidaire | conjoint_solidaire
    status = Varchar(length=12, default="draft")
    notes = Text(default="")
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class ConsortiumMember(Table, tablename="consortium_member"):
    id: Serial
    consortium = ForeignKey(Consortium, on_delete=OnDelete.cascade, index=True)
    organisation = ForeignKey(Organisation, on_delete=OnDelete.restrict, index=True)
    role = Varchar(length=20)  # mandataire | co_traitant | sous_traitant
    lots = JSON(default="[]")  # lot keys
    score = Integer(null=True, default=None)
