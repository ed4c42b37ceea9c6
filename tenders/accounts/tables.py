from piccolo.columns import Boolean, ForeignKey, OnDelete, Serial, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

from tenders.columns import belongs_to, moment
from tenders.members.tables import Organisation


class User(Table, tablename="app_user"):
    """A person who logs in. Members direct exactly one organisation."""

    id: Serial

    email = Varchar(length=254, unique=True)
    full_name = Varchar(length=200)
    role = Varchar(length=20)  # admin | coordinator | member
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    password_hash = Varchar(length=255, default="")
    is_active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = moment()
    password_changed_at = moment()


class UserSession(Table, tablename="user_session"):
    """A server-side login session; the cookie holds a random token, the table its hash."""

    id: Serial

    token_hash = Varchar(length=64, unique=True)
    user = belongs_to(User)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    ip_address = Varchar(length=64, default="")
    user_agent = Varchar(length=300, default="")


class AccountToken(Table, tablename="account_token"):
    """Single-use link: invitation (set a first password) or password reset."""

    id: Serial

    token_hash = Varchar(length=64, unique=True)
    user = belongs_to(User)
    purpose = Varchar(length=20)  # invitation | reset
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = moment()
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)


class LoginAttempt(Table, tablename="login_attempt"):
    """Every login attempt (and every check of a current password), to limit guessing per
    account and per address. Written before the password is checked, as a failure; marked
    ``succeeded`` once it is right."""

    id: Serial

    email = Varchar(length=254, index=True)
    ip_address = Varchar(length=64, index=True, index_method=IndexMethod.btree)
    succeeded = Boolean(default=False)
    attempted_at = Timestamptz(index=True)
