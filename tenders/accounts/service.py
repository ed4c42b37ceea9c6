"""Accounts: login, sessions, invitations, password changes and resets, deactivation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

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
from tenders.cache import EpochCache
from tenders.clock import utcnow
from tenders.errors import Conflict, Forbidden, Invalid, NotFound, TooManyAttempts
from tenders.jobs import DELIVER_MAIL, JobQueue
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
    User.organisation,
    User.organisation.name.as_alias("organisation_name"),
    User.is_active,
    User.password_hash,
    User.last_login_at,
)


def _user_out(row: dict[str, Any], pending: bool = False) -> UserOut:
    return UserOut(
        id=row["id"],
        email=row["email"],
        full_name=row["full_name"],
        role=row["role"],
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        is_active=row["is_active"],
        invitation_pending=not row["password_hash"],
        last_login_at=row["last_login_at"],
    )


async def _user_row(user_id: int) -> dict[str, Any]:
    rows = await User.select(*_USER_COLUMNS).where(User.id == user_id)
    if not rows:
        raise NotFound("Ce compte n'existe pas.")
    return rows[0]


# --- login and sessions -------------------------------------------------------------


async def authenticate(email: str, password: str, ip: str, settings: Settings) -> int:
    """The user id for these credentials; the same message whether the e-mail exists or not."""
    email = normalise_email(email)
    now = utcnow()
    since = now - timedelta(minutes=settings.login_window_minutes)
    failures_account = await LoginAttempt.count().where(
        (LoginAttempt.email == email)
        & (LoginAttempt.succeeded == False)  # noqa: E712 - Piccolo expression
        & (LoginAttempt.attempted_at > since)
    )
    failures_address = await LoginAttempt.count().where(
        (LoginAttempt.ip_address == ip)
        & (LoginAttempt.succeeded == False)  # noqa: E712
        & (LoginAttempt.attempted_at > since)
    )
    if (
        failures_account >= settings.login_max_failures_account
        or failures_address >= settings.login_max_failures_address
    ):
        async with db.transaction():
            await audit.record(
                "login.throttled", actor_label=email[:254], ip_address=ip, object_type="user"
            )
        raise TooManyAttempts(THROTTLED.format(minutes=settings.login_window_minutes))

    rows = await User.select(User.id, User.password_hash, User.is_active).where(User.email == email)
    row = rows[0] if rows else None
    ok = passwords.verify_password(row["password_hash"] if row else "", password)
    ok = ok and row is not None and row["is_active"]
    async with db.transaction():
        await LoginAttempt.insert(
            LoginAttempt(email=email[:254], ip_address=ip, succeeded=ok, attempted_at=now)
        )
        await audit.record(
            "login.succeeded" if ok else "login.failed",
            actor_id=row["id"] if ok and row else None,
            actor_label=email[:254],
            object_type="user",
            object_id=row["id"] if row else "",
            ip_address=ip,
        )
        if ok and row:
            updates: dict[Any, Any] = {User.last_login_at: now}
            if passwords.needs_rehash(row["password_hash"]):
                updates[User.password_hash] = passwords.hash_password(password)
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
            await audit.record(
                "logout",
                actor_id=rows[0]["user"],
                object_type="user",
                object_id=rows[0]["user"],
                ip_address=ip,
            )
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
    user = CurrentUser(
        id=row["id"],
        email=row["email"],
        full_name=row["full_name"],
        role=row["role"],
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation_name"],
        session_hash=hashed,
    )
    if current is not None:  # tagged with the epoch read *before* the query
        _SESSIONS.put(hashed, current, (user, row["expires_at"]))
    return user


async def _close_all_sessions(user_id: int) -> None:
    await UserSession.delete().where(UserSession.user == user_id)


# --- invitations ---------------------------------------------------------------------


async def _check_organisation(role: str, organisation_id: int | None) -> dict[str, str]:
    if role == Role.MEMBER:
        if organisation_id is None:
            return {"organisation_id": "Choisissez la structure que cette personne dirige."}
        if not await Organisation.exists().where(Organisation.id == organisation_id):
            return {"organisation_id": "Cette structure n'existe pas."}
    return {}


async def invite(
    actor: CurrentUser,
    *,
    email: str,
    full_name: str,
    role: str,
    organisation_id: int | None,
    settings: Settings,
    jobs: JobQueue,
    ip: str = "",
) -> tuple[UserOut, datetime]:
    """Create (or re-invite) an account and mail a single-use link to set its password."""
    email = normalise_email(email)
    full_name = " ".join(full_name.split())
    errors: dict[str, str] = {}
    if problem := email_problem(email):
        errors["email"] = problem
    if not full_name:
        errors["full_name"] = "Indiquez le prénom et le nom de la personne."
    elif len(full_name) > 200:
        errors["full_name"] = "Le nom ne doit pas dépasser 200 caractères."
    if problem := role_problem(role):
        errors["role"] = problem
    else:
        errors.update(await _check_organisation(role, organisation_id))
    if errors:
        raise Invalid(errors)
    if not can_invite(actor.role, role):
        raise Forbidden("Seul un·e administrateur·rice peut inviter un·e administrateur·rice.")
    if role != Role.MEMBER:
        organisation_id = None

    raw, hashed = new_token()
    now = utcnow()
    expires_at = now + timedelta(hours=settings.invitation_ttl_hours)
    async with db.transaction():
        existing = await User.select(User.id, User.password_hash).where(User.email == email)
        if existing and existing[0]["password_hash"]:
            raise Conflict(
                "Un compte existe déjà pour cette adresse e-mail.",
                fields={"email": "Un compte existe déjà pour cette adresse e-mail."},
            )
        if existing:
            user_id = existing[0]["id"]
            await User.update(
                {
                    User.full_name: full_name,
                    User.role: role,
                    User.organisation: organisation_id,
                    User.is_active: True,
                }
            ).where(User.id == user_id)
            # A new invitation makes the older links useless.
            await AccountToken.update({AccountToken.used_at: now}).where(
                (AccountToken.user == user_id) & AccountToken.used_at.is_null()
            )
        else:
            inserted = await User.insert(
                User(
                    email=email,
                    full_name=full_name,
                    role=role,
                    organisation=organisation_id,
                    password_hash="",
                    is_active=True,
                    created_at=now,
                )
            ).returning(User.id)
            user_id = inserted[0]["id"]
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
            "invitation.sent",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="user",
            object_id=user_id,
            ip_address=ip,
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
    hashed = passwords.hash_password(password)
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
            "invitation.accepted" if purpose == "invitation" else "password.reset",
            actor_id=user_id,
            object_type="user",
            object_id=user_id,
            ip_address=ip,
        )
    await cache.bump("sessions")
    return user_id


# --- passwords -----------------------------------------------------------------------


async def request_password_reset(
    email: str, settings: Settings, jobs: JobQueue, ip: str = ""
) -> None:
    """Mail a reset link if the account exists; say nothing either way."""
    email = normalise_email(email)
    if email_problem(email):
        raise Invalid({"email": email_problem(email) or ""})
    rows = await User.select(User.id, User.full_name, User.password_hash).where(
        (User.email == email) & (User.is_active == True)  # noqa: E712
    )
    if not rows or not rows[0]["password_hash"]:
        return
    user = rows[0]
    raw, hashed = new_token()
    now = utcnow()
    expires_at = now + timedelta(minutes=settings.reset_ttl_minutes)
    recent = await AccountToken.count().where(
        (AccountToken.user == user["id"])
        & (AccountToken.purpose == "reset")
        & (AccountToken.created_at > now - timedelta(hours=1))
    )
    if recent >= RESETS_PER_HOUR:
        # Same answer as usual: the form must not become a way to flood someone's mailbox.
        async with db.transaction():
            await audit.record(
                "password.reset_throttled",
                actor_label=email,
                object_type="user",
                object_id=user["id"],
                ip_address=ip,
            )
        return
    async with db.transaction():
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
        await audit.record(
            "password.reset_requested",
            actor_label=email,
            object_type="user",
            object_id=user["id"],
            ip_address=ip,
        )
    await jobs.enqueue(DELIVER_MAIL, mail_id)


async def change_password(
    user: CurrentUser, current: str, new: str, confirm: str | None, ip: str = ""
) -> None:
    """Change one's own password; every session of the account ends (the caller opens a new one)."""
    rows = await User.select(User.password_hash).where(User.id == user.id)
    if not rows or not passwords.verify_password(rows[0]["password_hash"], current):
        raise Invalid({"current_password": "Le mot de passe actuel est incorrect."})
    errors = new_password_problems(new, confirm)
    if errors:
        raise Invalid({("new_password" if k == "password" else k): v for k, v in errors.items()})
    hashed = passwords.hash_password(new)
    async with db.transaction():
        await User.update({User.password_hash: hashed, User.password_changed_at: utcnow()}).where(
            User.id == user.id
        )
        await _close_all_sessions(user.id)
        await audit.record(
            "password.changed",
            actor_id=user.id,
            actor_label=user.email,
            object_type="user",
            object_id=user.id,
            ip_address=ip,
        )
    await cache.bump("sessions")


# --- administration ------------------------------------------------------------------


async def list_users() -> list[UserOut]:
    rows = await User.select(*_USER_COLUMNS).order_by(User.full_name)
    return [_user_out(row) for row in rows]


async def get_user(user_id: int) -> UserOut:
    return _user_out(await _user_row(user_id))


async def deactivate(actor: CurrentUser, user_id: int, ip: str = "") -> UserOut:
    """Close the account: its sessions and pending links end at once; nothing is deleted."""
    return await _set_active(actor, user_id, False, ip)


async def reactivate(actor: CurrentUser, user_id: int, ip: str = "") -> UserOut:
    """Open a closed account again; the person logs in with the password they had."""
    return await _set_active(actor, user_id, True, ip)


async def _set_active(actor: CurrentUser, user_id: int, active: bool, ip: str) -> UserOut:
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
            "user.reactivated" if active else "user.deactivated",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="user",
            object_id=user_id,
            ip_address=ip,
            detail={"email": target["email"]},
        )
    await cache.bump("sessions")
    return await get_user(user_id)


async def change_role(
    actor: CurrentUser, user_id: int, role: str, organisation_id: int | None, ip: str = ""
) -> UserOut:
    if not can_change_roles(actor.role):
        raise Forbidden("Seul un·e administrateur·rice peut changer un rôle.")
    target = await _user_row(user_id)
    errors: dict[str, str] = {}
    if problem := role_problem(role):
        errors["role"] = problem
    else:
        errors.update(await _check_organisation(role, organisation_id))
    if errors:
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
            "user.role_changed",
            actor_id=actor.id,
            actor_label=actor.email,
            object_type="user",
            object_id=user_id,
            ip_address=ip,
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
    async with db.transaction():
        if await User.exists().where(User.email == email):
            raise Conflict("Un compte existe déjà pour cette adresse e-mail.")
        rows = await User.insert(
            User(
                email=email,
                full_name=full_name,
                role=role,
                organisation=organisation_id,
                password_hash=passwords.hash_password(password),
                is_active=True,
                created_at=utcnow(),
            )
        ).returning(User.id)
    return int(rows[0]["id"])


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
