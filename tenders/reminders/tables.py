from piccolo.columns import JSON, Boolean, Integer, Serial, Timestamptz, Varchar
from piccolo.table import Table

from tenders.columns import moment


class ScheduledReminder(Table, tablename="scheduled_reminder"):
    """One reminder to one person, planned ahead; the sweep mails it once it is due.

    ``key`` (rule, object, recipient, occurrence) is unique: planning again or twice at once
    never duplicates a reminder."""

    id: Serial
    key = Varchar(length=200, unique=True)
    rule = Varchar(length=30)
    recipient = Integer()  # an account id
    object_type = Varchar(length=30)
    object_id = Integer()
    # The tender a reminder is about, when there is one (to stop it once the tender is closed).
    tender = Integer(null=True, default=None)
    occurrence = Varchar(length=120)
    due_at = Timestamptz()
    expires_at = Timestamptz()
    # scheduled | sent | digest (waiting for the daily digest) | skipped | expired
    status = Varchar(length=12, default="scheduled")
    # Why it was not sent: a code of tenders/reminders/skips.py, and its French wording.
    reason_code = Varchar(length=30, default="")
    reason = Varchar(length=200, default="")
    created_at = Timestamptz()
    processed_at = moment()


class ReminderPreference(Table, tablename="reminder_preference"):
    """What a person chose: a daily digest instead of single mails, kinds turned off."""

    id: Serial
    user = Integer(unique=True)
    digest = Boolean(default=False)
    muted = JSON(default="[]")  # rule keys
    updated_at = Timestamptz()


class CalendarToken(Table, tablename="calendar_token"):
    """The secret of a person's calendar feed (its SHA-256); revoked tokens stay, unused."""

    id: Serial
    user = Integer(index=True)
    token_sha256 = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    revoked_at = moment()
