from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import account_id, belongs_to, moment
from tenders.consortia.tables import Consortium


class DocumentTemplate(Table, tablename="document_template"):
    """One uploaded version of a bid template; the newest not withdrawn one is in use."""

    id: Serial
    kind = Varchar(length=30)  # dc1 | dc2_member | memoire | annexe_repartition | convention…
    version = Integer()
    file_sha256 = Varchar(length=64)
    filename = Varchar(length=200)
    size = Integer()
    comment = Text(default="")
    uploaded_by = account_id()
    uploaded_by_label = Varchar(length=254, default="")
    uploaded_at = Timestamptz()
    withdrawn_at = moment()
    # The document it produced with the demo data when it was checked: served as its preview.
    preview_sha256 = Varchar(length=64, default="")


class CompileJob(Table, tablename="compile_job"):
    """A request to compile a consortium's bid package, run by a worker."""

    id: Serial
    consortium = belongs_to(Consortium)
    status = Varchar(length=10, default="queued")  # queued | running | done | failed
    done = Integer(default=0)
    total = Integer(default=0)
    attempts = Integer(default=0)
    error = Text(default="")
    # A worker owns a running job until then; past it, another delivery may take it over.
    lease_until = moment()
    requested_by = account_id()
    requested_by_label = Varchar(length=254, default="")
    created_at = Timestamptz()
    started_at = moment()
    finished_at = moment()


class BidPackage(Table, tablename="bid_package"):
    """One compiled version of a consortium's bid package: never overwritten."""

    id: Serial
    consortium = belongs_to(Consortium)
    version = Integer()
    job = ForeignKey(CompileJob, on_delete=OnDelete.restrict, unique=True)
    zip_sha256 = Varchar(length=64)
    size = Integer()
    manifest = JSON(default="[]")  # [{name, sha256, size}]
    preflight = JSON(default="[]")  # [{blocking, text}]
    blocking = Integer(default=0)
    created_at = Timestamptz()
