"""The watch's tables: what the collective watches, each run per source, each notice seen,
what the watch knows of the tenders it brought, and who wants to hear of them."""

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

from tenders.columns import account_id, belongs_to, moment
from tenders.procurement.tables import Tender


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


class WatchRun(Table, tablename="watch_run"):
    """One run of the watch on one source: the publication days it covered and what came."""

    id: Serial
    source = Varchar(length=10, index=True)  # boamp | ted
    trigger = Varchar(length=10, default="schedule")  # schedule | manual
    requested_by = account_id()
    # running | done | failed (the source answered badly) | offline (no connection)
    status = Varchar(length=10, default="running", index=True)
    started_at = Timestamptz()
    ended_at = moment()
    since = Date(null=True, default=None)  # publication days asked for, both included
    until = Date(null=True, default=None)
    seen = Integer(default=0)  # records the source sent
    new = Integer(default=0)  # tenders created
    updated = Integer(default=0)  # tenders a corrective notice changed
    known = Integer(default=0)  # already there: nothing new
    outside = Integer(default=0)  # outside the profile (keywords, days left, reserved only)
    dismissed = Integer(default=0)  # of a consultation the coordination dismissed
    refused = JSON(default="[]")  # [{"record_id": …, "reason": …}] in French
    error = Text(default="")  # in French, when the run stopped


class WatchNotice(Table, tablename="watch_notice"):
    """A notice the watch has read, once per source and number: never imported twice. Its
    tender is left empty when the tender was deleted by hand (the notice does not come back)."""

    id: Serial
    key = Varchar(length=120, unique=True)  # "boamp:24-123456", "ted:123456-2026"
    source = Varchar(length=10)
    notice_id = Varchar(length=100)
    # eForms' ContractFolderID when the notice has one: the same consultation on BOAMP and TED.
    folder_id = Varchar(length=200, null=True, default=None, index=True)
    tender = ForeignKey(Tender, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    # initial | rectificatif | hors_profil (read, outside the profile: no tender, judged again
    # when another notice of its consultation comes)
    kind = Varchar(length=12, default="initial")
    url = Varchar(length=500, default="")
    published_on = Date(null=True, default=None)
    run = ForeignKey(WatchRun, null=True, default=None, on_delete=OnDelete.set_null)
    seen_at = Timestamptz()


class WatchedTender(Table, tablename="watch_tender"):
    """What the watch knows of a tender it brought: when, how it fits, what a corrective
    notice changed, and whether the coordination dismissed it."""

    id: Serial
    tender = ForeignKey(Tender, unique=True, on_delete=OnDelete.cascade)
    found_at = Timestamptz(index=True)
    changed_at = moment()  # the last corrective notice
    changes = JSON(default="[]")  # what it changed, in French (« Remise des offres : … »)
    score = Integer(null=True, default=None)  # the best structure's score, 0–100
    matches = JSON(default="[]")  # [{organisation_id, name, score, reasons}], best first
    keywords = JSON(default="[]")  # the profile's keywords the notice holds
    ranked_at = moment()
    notified_at = moment()  # in the coordination's daily mail
    dismissed_at = moment()
    dismissed_by = account_id()
    dismiss_reason = Text(default="")


class WatchVisit(Table, tablename="watch_visit"):
    """When a person last opened the « Veille » page: what came after is new to them."""

    id: Serial
    account = Integer(unique=True)
    seen_at = Timestamptz()


class WatchSubscription(Table, tablename="watch_subscription"):
    """A director who asked to be told when a consultation fits their structure."""

    id: Serial
    account = Integer(unique=True)
    created_at = Timestamptz()


class WatchAlert(Table, tablename="watch_alert"):
    """One « une consultation correspond à votre structure » mail: never sent twice."""

    id: Serial
    tender = belongs_to(Tender)
    account = Integer(index=True)
    key = Varchar(length=60, unique=True)  # "<tender>:<account>"
    sent_at = Timestamptz()
