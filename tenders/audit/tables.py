from piccolo.columns import JSON, ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# Named, not imported: the accounts record audit events, so the audit may not import them.
USER = LazyTableReference("User", module_path="tenders.accounts.tables")


class AuditEvent(Table, tablename="audit_event"):
    id: Serial

    occurred_at = Timestamptz(index=True)
    actor: ForeignKey[Table] = ForeignKey(USER, null=True, on_delete=OnDelete.set_null)
    actor_label = Varchar(length=254, default="")
    action = Varchar(length=60, index=True)
    object_type = Varchar(length=40, default="")
    object_id = Varchar(length=64, default="")
    ip_address = Varchar(length=64, default="")
    detail = JSON(default="{}")
