"""Accounts: login, sessions, invitations, password changes and resets, deactivation."""

from __future__ import annotations

import asyncio
import weakref
from datetime import datetime, timedelta
from typing import Any

import msgspec

from tenders import cache, db
from tenders.accounts import passwords
from tenders.accounts.roles import ROLE_LABELS, Role, can_change_roles, can_deactivate, can_invite
from tenders.accounts.schemas import CurrentUser, UserOut
from tenders.accounts.tables import AccountToken, LoginAttempt, User, UserSession
from tenders.accounts.tokens import new_token, token_hash
from tenders.accounts.validation import (
    email_problem,
    new_password_problems,
    normalise_email,
    role_problem,
)
from tenders.audit import service as audit
from tenders.audit.actor import Someone
from tenders.cache import EpochCache
from tenders.clock import utcnow
from tenders.errors import Conflict, Forbidden, Invalid, NotFound, TooManyAttempts
from tenders.jobs import DELIVER_MAIL, SEND_RESET_LINK, JobQueue
from tenders.mail.service import queue_mail
from tenders.members.tables import Organisation
from tenders.settings import Settings

RESETS_PER_HOUR = 3
BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
THROTTLED = (
    "Trop de tentatives de connexion. Réessayez dans {minutes} minutes, "
    "ou demandez un nouveau mot de passe."
)
LINK_INVALID = (
    "Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien."
)

_USER_COLUMNS = (
    User.id,
    User.email,
    User.full_name,
    User.role,
    User.organisation.as_alias("organisation_id"),
    User.organisation.name.as_alias("organisation_name"),
    User.is_active,
    User.password_hash,
    User.last_login_at,
)


def _user_out(row: dict[str, Any]) -> UserOut:
    return msgspec.convert({**row, "invitation_pending": not row["password_hash"]}, UserOut)


async def active_user(user_id: int) -> CurrentUser | None:
    """The open account ``user_id`` as the person acting, outside any session (a calendar
    feed's owner, a command); None for a closed or unknown account."""
    rows = await User.select(*_USER_COLUMNS).where(
        (User.id == user_id) & (User.is_active == True)  # noqa: E712
    )
    return msgspec.convert(rows[0], CurrentUser) if rows else None


async def _user_row(user_id: int) -> dict[str, Any]:
    rows = await User.select(*_USER_COLUMNS).where(User.id == user_id)
    if not rows:
        raise NotFound("Ce compte n'existe pas.")
    return rows[0]


# --- login and sessions -------------------------------------------------------------


# Advisory lock spaces (PostgreSQL) for counting attempts: one per account, one per address.
_LOCK_ACCOUNT_ATTEMPTS = 7301
_LOCK_ADDRESS_ATTEMPTS = 7302
# One reservation at a time per process (and event loop): a burst of attempts queues here, in
# memory, instead of holding every database connection of the pool while it waits for the
# lock, which would leave none for the other requests.
_RESERVING: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


def _reserving() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _RESERVING.get(loop)
    if lock is None:
        lock = _RESERVING[loop] = asyncio.Lock()
    return lock


async def _reserve_attempt(email: str, ip: str, settings: Settings) -> int | None:
    """Count the recent failures of this account and of this address and, under the limits,
    record the attempt before any password is checked; returns its id, or None when the
    limits are reached. The row counts as a failure until ``_attempt_succeeded`` says
    otherwise, so attempts sent all at once, to any number of web processes, each take one
    of the allowed places instead of all being checked against the same count."""
    now = utcnow()
    since = now - timedelta(minutes=settings.login_window_minutes)
    # SQLite: the transaction is IMMEDIATE, so writers (in every process) take turns.
    # PostgreSQL: a lock per account and per address, always in that order, until commit.
    async with _reserving(), db.transaction():
        if db.is_postgres():
            await LoginAttempt.raw(
                "SELECT pg_advisory_xact_lock({}, hashtext({}))", _LOCK_ACCOUNT_ATTEMPTS, email
            )
            await LoginAttempt.raw(
                "SELECT pg_advisory_xact_lock({}, hashtext({}))", _LOCK_ADDRESS_ATTEMPTS, ip
            )
        recent = (LoginAttempt.succeeded == False) & (LoginAttempt.attempted_at > since)  # noqa: E712
        failures_account = await LoginAttempt.count().where(recent & (LoginAttempt.email == email))
        failures_address = await LoginAttempt.count().where(
            recent & (LoginAttempt.ip_address == ip)
        )
        if (
            failures_account >= settings.login_max_failures_account
            or failures_address >= settings.login_max_failures_address
        ):
            await audit.record(Someone(email, ip), "login.throttled", ("user", ""))
            return None
        rows = await LoginAttempt.insert(
            LoginAttempt(email=email, ip_address=ip, succeeded=False, attempted_at=now)
        ).returning(LoginAttempt.id)
    return int(rows[0]["id"])


async def _attempt_succeeded(attempt_id: int) -> None:
    """Call inside the transaction that records the success."""
    await LoginAttempt.update({LoginAttempt.succeeded: True}).where(LoginAttempt.id == attempt_id)


def _throttled(settings: Settings) -> TooManyAttempts:
    return TooManyAttempts(THROTTLED.format(minutes=settings.login_window_minutes))


async def authenticate(email: str, password: str, ip: str, settings: Settings) -> int:
    """The user id for these credentials; the same message whether the e-mail exists or not."""
    email = normalise_email(email)[:254]
    ip = ip[:64]
    attempt_id = await _reserve_attempt(email, ip, settings)
    if attempt_id is None:
        raise _throttled(settings)

    rows = await User.select(User.id, User.password_hash, User.is_active).where(User.email == email)
    row = rows[0] if rows else None
    ok = await passwords.verify_password(row["password_hash"] if row else "", password)
    ok = ok and row is not None and row["is_active"]
    rehashed = None
    if ok and row and passwords.needs_rehash(row["password_hash"]):
        rehashed = await passwords.hash_password(password)
    async with db.transaction():
        await audit.record(
            Someone(email, ip, actor_id=row["id"] if ok and row else None),
            "login.succeeded" if ok else "login.failed",
            ("user", row["id"] if row else ""),
        )
        if ok and row:
            await _attempt_succeeded(attempt_id)
            updates: dict[Any, Any] = {User.last_login_at: utcnow()}
            if rehashed:
                updates[User.password_hash] = rehashed
            await User.update(updates).where(User.id == row["id"])
    if not ok or row is None:
        raise Invalid({"password": BAD_CREDENTIALS}, BAD_CREDENTIALS)
    return int(row["id"])


async def open_session(
    user_id: int,
    settings: Settings,
    ip: str = "",
    user_agent: str = "",
    replacing: str | None = None,
) -> str:
    """A brand-new session id (never the one the browser came with); returns the raw token."""
    raw, hashed = new_token()
    now = utcnow()
    async with db.transaction():
        if replacing:
            await UserSession.delete().where(UserSession.token_hash == token_hash(replacing))
        await UserSession.insert(
            UserSession(
                token_hash=hashed,
                user=user_id,
                created_at=now,
                expires_at=now + timedelta(seconds=settings.session_max_age),
                ip_address=ip[:64],
                user_agent=user_agent[:300],
            )
        )
    if replacing:
        await cache.bump("sessions")
    return raw


async def close_session(raw: str, ip: str = "") -> None:
    hashed = token_hash(raw)
    async with db.transaction():
        rows = await UserSession.select(UserSession.user).where(UserSession.token_hash == hashed)
        await UserSession.delete().where(UserSession.token_hash == hashed)
        if rows:
            user_id = rows[0]["user"]
            await audit.record(Someone("", ip, actor_id=user_id), "logout", ("user", user_id))
    await cache.bump("sessions")


# token hash → (user, end of the session), for a few seconds in each process (tenders/cache.py).
_SESSIONS = EpochCache("sessions", size=5000)
_SESSION_USER_SQL = (
    "SELECT u.id, u.email, u.full_name, u.role, u.organisation AS organisation_id, "
    "o.name AS organisation_name, u.is_active, s.expires_at "
    'FROM user_session s JOIN app_user u ON u.id = s."user" '
    "LEFT JOIN organisation o ON o.id = u.organisation "
    "WHERE s.token_hash = {}"
)


async def session_user(raw: str) -> CurrentUser | None:
    if not raw or len(raw) > 100:
        return None
    hashed = token_hash(raw)
    current = await cache.epoch("sessions")
    if current is not None:
        hit = _SESSIONS.get(hashed, current)
        if hit is not None and hit[1] > utcnow():
            return hit[0]
    # Every request asks this: plain SQL, a third of the cost of building it with the ORM.
    rows = await UserSession.raw(_SESSION_USER_SQL, hashed)
    if not rows:
        return None
    row = rows[0]
    if not row["is_active"] or row["expires_at"] <= utcnow():
        return None
    user = msgspec.convert({**row, "session_hash": hashed}, CurrentUser)
    if current is not None:  # tagged with the epoch read *before* the query
        _SESSIONS.put(hashed, current, (user, row["expires_at"]))
    return user


async def _close_all_sessions(user_id: int) -> None:
    await UserSession.delete().where(UserSession.user == user_id)


# --- invitations ---------------------------------------------------------------------


async def _role_problems(role: str, organisation_id: int | None) -> dict[str, str]:
    """What stops giving ``role``: an unknown role, or a member without a structure."""
    if problem := role_problem(role):
        return {"role": problem}
    if role == Role.MEMBER:
        if organisation_id is None:
            return {"organisation_id": "Choisissez la structure que cette personne dirige."}
        if not await Organisation.exists().where(Organisation.id == organisation_id):
            return {"organisation_id": "Cette structure n'existe pas."}
    return {}


async def _invite_again(
    actor: CurrentUser,
    account: dict[str, Any],
    *,
    full_name: str,
    role: str,
    organisation_id: int | None,
) -> int:
    """Checks for inviting an address that already has an account; call inside the
    invitation's transaction. Only a pending invitation may be sent again (its name may be
    corrected): a new invitation changes neither a role nor whether the account is open."""
    if not account["is_active"]:
        what = (
            "réactivez-le depuis la liste des comptes (bouton « Réactiver »)"
            if can_deactivate(actor.role, account["role"])
            else "demandez à un·e administrateur·rice de le réactiver"
        )
        message = f"Le compte de cette adresse est désactivé. Pour rendre l'accès, {what}."
        raise Conflict(message, fields={"email": message})
    if account["password_hash"]:
        message = (
            "Un compte existe déjà pour cette adresse e-mail : la personne peut se connecter, "
            "ou choisir « Mot de passe oublié ? » sur la page de connexion."
        )
        raise Conflict(message, fields={"email": message})
    if not can_invite(actor.role, account["role"]):
        raise Forbidden(
            "Une invitation d'administrateur·rice est en attente pour cette adresse : "
            "seul·e un·e administrateur·rice peut la renvoyer."
        )
    if role != account["role"] or organisation_id != account["organisation"]:
        message = (
            "Une invitation est déjà en attente pour cette adresse, avec un autre rôle ou une "
            "autre structure. Renvoyez-la telle quelle depuis la liste des comptes ; "
            "un·e administrateur·rice peut y changer le rôle."
        )
        raise Conflict(message, fields={"role": message})
    # Conditional: an account deactivated or activated in the meantime is not touched.
    updated = (
        await User.update({User.full_name: full_name})
        .where(
            (User.id == account["id"])
            & (User.password_hash == "")
            & (User.is_active == True)  # noqa: E712
            & (User.role == account["role"])
        )
        .returning(User.id)
    )
    if not updated:
        raise Conflict("Ce compte vient de changer. Rechargez la liste des comptes et réessayez.")
    return int(account["id"])


async def _check_invitation(
    actor: CurrentUser, email: str, full_name: str, role: str, organisation_id: int | None
) -> tuple[str, str, int | None]:
    """The address, name and organisation to invite, checked (Invalid names every field to
    fix); an organisation only for a member."""
    email = normalise_email(email)
    full_name = " ".join(full_name.split())
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if not full_name:
        errors["full_name"] = "Indiquez le prénom et le nom de la personne."
    elif len(full_name) > 200:
        errors["full_name"] = "Le nom ne doit pas dépasser 200 caractères."
    errors.update(await _role_problems(role, organisation_id))
    if errors:
        raise Invalid(errors)
    if not can_invite(actor.role, role):
        raise Forbidden("Seul un·e administrateur·rice peut inviter un·e administrateur·rice.")
    return email, full_name, organisation_id if role == Role.MEMBER else None


async def _invited_account(
    actor: CurrentUser,
    email: str,
    full_name: str,
    role: str,
    organisation_id: int | None,
    now: datetime,
) -> int:
    """The account invited: a pending one invited again (its older links made useless), or
    a new one without a password; call inside the invitation's transaction."""
    existing = await User.select(
        User.id, User.password_hash, User.is_active, User.role, User.organisation
    ).where(User.email == email)
    if existing:
        user_id = await _invite_again(
            actor, existing[0], full_name=full_name, role=role, organisation_id=organisation_id
        )
        await AccountToken.update({AccountToken.used_at: now}).where(
            (AccountToken.user == user_id) & AccountToken.used_at.is_null()
        )
        return user_id
    return await _insert_user(email, full_name, role, organisation_id, "", now)


async def _insert_user(
    email: str,
    full_name: str,
    role: str,
    organisation_id: int | None,
    password_hash: str,
    now: datetime,
) -> int:
    """An open account; without a password (``""``) until its invitation is accepted."""
    rows = await User.insert(
        User(
            email=email,
            full_name=full_name,
            role=role,
            organisation=organisation_id,
            password_hash=password_hash,
            is_active=True,
            created_at=now,
        )
    ).returning(User.id)
    return int(rows[0]["id"])


async def invite(
    actor: CurrentUser,
    *,
    email: str,
    full_name: str,
    role: str,
    organisation_id: int | None,
    settings: Settings,
    jobs: JobQueue,
) -> tuple[UserOut, datetime]:
    """Create (or re-invite) an account and mail a single-use link to set its password."""
    email, full_name, organisation_id = await _check_invitation(
        actor, email, full_name, role, organisation_id
    )
    raw, hashed = new_token()
    now = utcnow()
    expires_at = now + timedelta(hours=settings.invitation_ttl_hours)
    async with db.transaction():
        user_id = await _invited_account(actor, email, full_name, role, organisation_id, now)
        await AccountToken.insert(
            AccountToken(
                token_hash=hashed,
                user=user_id,
                purpose="invitation",
                created_at=now,
                expires_at=expires_at,
                created_by=actor.id,
            )
        )
        user = await _user_row(user_id)
        mail_id = await queue_mail(
            "invitation",
            email,
            "invitation",
            {
                "full_name": full_name,
                "inviter": actor.full_name,
                "role_label": ROLE_LABELS[Role(role)],
                "organisation_name": user["organisation_name"],
                "link": f"{settings.base_url}/invitation/{raw}",
                "expires_at": expires_at,
            },
            settings,
        )
        await audit.record(
            actor,
            "invitation.sent",
            ("user", user_id),
            detail={"email": email, "role": role, "organisation_id": organisation_id},
        )
    await jobs.enqueue(DELIVER_MAIL, mail_id)
    return _user_out(user), expires_at


async def _consume_token(raw: str, purpose: str) -> int:
    """Mark a link used, once; returns its user id. Call inside a transaction."""
    now = utcnow()
    rows = (
        await AccountToken.update({AccountToken.used_at: now})
        .where(
            (AccountToken.token_hash == token_hash(raw))
            & (AccountToken.purpose == purpose)
            & AccountToken.used_at.is_null()
            & (AccountToken.expires_at > now)
        )
        .returning(AccountToken.user)
    )
    if not rows:
        raise NotFound(LINK_INVALID)
    return int(rows[0]["user"])


async def token_owner(raw: str, purpose: str) -> UserOut:
    """Who a still-valid link belongs to, without using it (to greet them on the form)."""
    now = utcnow()
    if not raw or len(raw) > 100:
        raise NotFound(LINK_INVALID)
    rows = await AccountToken.select(AccountToken.user).where(
        (AccountToken.token_hash == token_hash(raw))
        & (AccountToken.purpose == purpose)
        & AccountToken.used_at.is_null()
        & (AccountToken.expires_at > now)
    )
    if not rows:
        raise NotFound(LINK_INVALID)
    return _user_out(await _user_row(rows[0]["user"]))


async def set_password_with_token(
    raw: str, purpose: str, password: str, confirm: str | None, ip: str = ""
) -> int:
    """Accept an invitation or finish a reset; every other session of the user ends."""
    errors = new_password_problems(password, confirm)
    if errors:
        # Check the link first so an expired link is not hidden behind a password error.
        await token_owner(raw, purpose)
        raise Invalid(errors)
    hashed = await passwords.hash_password(password)
    async with db.transaction():
        user_id = await _consume_token(raw, purpose)
        active = await User.select(User.is_active).where(User.id == user_id)
        if not active or not active[0]["is_active"]:
            raise NotFound(LINK_INVALID)
        await User.update({User.password_hash: hashed, User.password_changed_at: utcnow()}).where(
            User.id == user_id
        )
        await _close_all_sessions(user_id)
        await audit.record(
            Someone("", ip, actor_id=user_id),
            "invitation.accepted" if purpose == "invitation" else "password.reset",
            ("user", user_id),
        )
    await cache.bump("sessions")
    return user_id


# --- passwords -----------------------------------------------------------------------


async def request_password_reset(email: str, jobs: JobQueue, ip: str = "") -> None:
    """Ask for a reset link. The answer must not tell whether the address has an account,
    not even by its delay: the request only checks the address's form and hands it to a
    background job, the same for every address; the job looks the account up."""
    email = normalise_email(email)
    if problem := email_problem(email):
        raise Invalid({"email": problem})
    await jobs.enqueue(SEND_RESET_LINK, email, ip[:64])


async def send_reset_link(email: str, ip: str, settings: Settings) -> int | None:
    """(Background job.) Write the reset mail to the outbox if an active account has this
    address and has not asked too often; returns the mail's id, for delivery, or None."""
    email = normalise_email(email)
    rows = await User.select(User.id, User.full_name, User.password_hash).where(
        (User.email == email) & (User.is_active == True)  # noqa: E712
    )
    if not rows or not rows[0]["password_hash"]:
        return None
    user = rows[0]
    raw, hashed = new_token()
    now = utcnow()
    expires_at = now + timedelta(minutes=settings.reset_ttl_minutes)
    async with db.transaction():
        recent = await AccountToken.count().where(
            (AccountToken.user == user["id"])
            & (AccountToken.purpose == "reset")
            & (AccountToken.created_at > now - timedelta(hours=1))
        )
        if recent >= RESETS_PER_HOUR:
            # Nobody is told: the form must not become a way to flood someone's mailbox.
            await audit.record(Someone(email, ip), "password.reset_throttled", ("user", user["id"]))
            return None
        await AccountToken.update({AccountToken.used_at: now}).where(
            (AccountToken.user == user["id"])
            & (AccountToken.purpose == "reset")
            & AccountToken.used_at.is_null()
        )
        await AccountToken.insert(
            AccountToken(
                token_hash=hashed,
                user=user["id"],
                purpose="reset",
                created_at=now,
                expires_at=expires_at,
            )
        )
        mail_id = await queue_mail(
            "password_reset",
            email,
            "password_reset",
            {
                "full_name": user["full_name"],
                "link": f"{settings.base_url}/reinitialisation/{raw}",
                "expires_at": expires_at,
                "minutes": settings.reset_ttl_minutes,
            },
            settings,
        )
        await audit.record(Someone(email, ip), "password.reset_requested", ("user", user["id"]))
    return mail_id


async def change_password(
    user: CurrentUser,
    current: str,
    new: str,
    confirm: str | None,
    settings: Settings,
) -> None:
    """Change one's own password; every session of the account ends (the caller opens a new one).
    A wrong current password counts as a failed login of the account, under the same limit."""
    attempt_id = await _reserve_attempt(user.email, user.ip[:64], settings)
    if attempt_id is None:
        raise _throttled(settings)
    rows = await User.select(User.password_hash).where(User.id == user.id)
    if not rows or not await passwords.verify_password(rows[0]["password_hash"], current):
        async with db.transaction():
            await audit.record(user, "password.change_failed", ("user", user.id))
        raise Invalid({"current_password": "Le mot de passe actuel est incorrect."})
    async with db.transaction():
        await _attempt_succeeded(attempt_id)
    errors = new_password_problems(new, confirm)
    if errors:
        raise Invalid({("new_password" if k == "password" else k): v for k, v in errors.items()})
    hashed = await passwords.hash_password(new)
    async with db.transaction():
        await User.update({User.password_hash: hashed, User.password_changed_at: utcnow()}).where(
            User.id == user.id
        )
        await _close_all_sessions(user.id)
        await audit.record(user, "password.changed", ("user", user.id))
    await cache.bump("sessions")


# --- administration ------------------------------------------------------------------


async def list_users(limit: int | None = None, offset: int = 0) -> list[UserOut]:
    """By name; ``limit`` accounts from ``offset`` when given (a page of the list)."""
    query = User.select(*_USER_COLUMNS).order_by(User.full_name, User.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [_user_out(row) for row in await query]


async def count_users() -> int:
    return await User.count()


async def get_user(user_id: int) -> UserOut:
    return _user_out(await _user_row(user_id))


async def deactivate(actor: CurrentUser, user_id: int) -> UserOut:
    """Close the account: its sessions and pending links end at once; nothing is deleted."""
    return await _set_active(actor, user_id, False)


async def reactivate(actor: CurrentUser, user_id: int) -> UserOut:
    """Open a closed account again; the person logs in with the password they had."""
    return await _set_active(actor, user_id, True)


async def _set_active(actor: CurrentUser, user_id: int, active: bool) -> UserOut:
    target = await _user_row(user_id)
    if user_id == actor.id:
        raise Conflict("Vous ne pouvez pas désactiver ou réactiver votre propre compte.")
    if not can_deactivate(actor.role, target["role"]):
        raise Forbidden(
            "Vous ne pouvez désactiver ou réactiver que les comptes des directeur·rices "
            "de structure."
        )
    async with db.transaction():
        await User.update({User.is_active: active}).where(User.id == user_id)
        if not active:
            await _close_all_sessions(user_id)
            await AccountToken.update({AccountToken.used_at: utcnow()}).where(
                (AccountToken.user == user_id) & AccountToken.used_at.is_null()
            )
        await audit.record(
            actor,
            "user.reactivated" if active else "user.deactivated",
            ("user", user_id),
            detail={"email": target["email"]},
        )
    await cache.bump("sessions")
    return await get_user(user_id)


async def change_role(
    actor: CurrentUser, user_id: int, role: str, organisation_id: int | None
) -> UserOut:
    if not can_change_roles(actor.role):
        raise Forbidden("Seul un·e administrateur·rice peut changer un rôle.")
    target = await _user_row(user_id)
    if errors := await _role_problems(role, organisation_id):
        raise Invalid(errors)
    if user_id == actor.id and role != Role.ADMIN:
        raise Conflict("Vous ne pouvez pas retirer votre propre rôle d'administrateur·rice.")
    if role != Role.MEMBER:
        organisation_id = None
    async with db.transaction():
        await User.update({User.role: role, User.organisation: organisation_id}).where(
            User.id == user_id
        )
        await audit.record(
            actor,
            "user.role_changed",
            ("user", user_id),
            detail={"from": target["role"], "to": role, "organisation_id": organisation_id},
        )
    await cache.bump("sessions")
    return await get_user(user_id)


async def create_user(
    email: str, full_name: str, role: str, password: str, organisation_id: int | None = None
) -> int:
    """Create an active account directly (command line and demo data)."""
    email = normalise_email(email)
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if problem := role_problem(role):
        errors["role"] = problem
    errors.update(new_password_problems(password))
    if errors:
        raise Invalid(errors)
    hashed = await passwords.hash_password(password)
    async with db.transaction():
        if await User.exists().where(User.email == email):
            raise Conflict("Un compte existe déjà pour cette adresse e-mail.")
        return await _insert_user(email, full_name, role, organisation_id, hashed, utcnow())


async def purge_expired(keep_days: int = 30) -> dict[str, int]:
    """Delete ended sessions, and links and login attempts older than ``keep_days``."""
    now = utcnow()
    horizon = now - timedelta(days=keep_days)
    async with db.transaction():
        sessions = (
            await UserSession.delete().where(UserSession.expires_at < now).returning(UserSession.id)
        )
        tokens = (
            await AccountToken.delete()
            .where(AccountToken.expires_at < horizon)
            .returning(AccountToken.id)
        )
        attempts = (
            await LoginAttempt.delete()
            .where(LoginAttempt.attempted_at < horizon)
            .returning(LoginAttempt.id)
        )
    return {"sessions": len(sessions), "tokens": len(tokens), "login_attempts": len(attempts)}
