"""Account pages: log in and out, passwords, invitations, and the list of accounts."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from tenders.accounts import service
from tenders.accounts.roles import ROLE_LABELS, STAFF, Role, can_change_roles
from tenders.accounts.schemas import CurrentUser
from tenders.errors import Invalid
from tenders.members import service as members
from tenders.numbers import form_id
from tenders.settings import Settings
from tenders.web import rendering
from tenders.web.auth import (
    SESSION_COOKIE,
    client_ip,
    current_user,
    expired_session_cookie,
    safe_next,
    session_cookie,
    user_agent,
)
from tenders.web.deps import AppSettings, Jobs, LoggedIn, PageNumber, Req, form_data
from tenders.web.forms import Refused, fresh, show_form, submit
from tenders.web.paging import paging
from tenders.web.rendering import page, redirect

PUBLIC = {"public": True}
# What a link sets a password for: where its form is, and the welcome once it is used.
LINKS = {
    "reset": ("/reinitialisation", "Votre mot de passe a été changé. Vous êtes connecté·e."),
    "invitation": ("/invitation", "Bienvenue sur Cordée ! Votre compte est activé."),
}
LINK_FORMS = [f"{path}/{{token:str}}" for path, _ in LINKS.values()]


class AuthPages(Controller):
    """Logging in and out, and setting a password from a link."""

    include_in_schema = False

    @get("/connexion", opt=PUBLIC)
    async def login_form(
        self, request: Req, suivant: FromQuery[str | None] = None
    ) -> Template | Redirect:
        if await current_user(request):
            return redirect(safe_next(suivant))
        return page(request, "accounts/login.html", next=safe_next(suivant), errors={}, email="")

    @post("/connexion", opt=PUBLIC)
    async def login(self, request: Req, settings: AppSettings) -> Template | Redirect:
        form = await form_data(request)
        email = form.get("email", "")
        target = safe_next(form.get("suivant"))

        async def signed_in(user_id: int) -> Redirect:
            replacing = request.cookies.get(SESSION_COOKIE)
            return await _signed_in(request, user_id, settings, target, replacing=replacing)

        return await submit(
            lambda: service.authenticate(
                email, form.get("password", ""), client_ip(request), settings
            ),
            signed_in,
            lambda refused: page(
                request,
                "accounts/login.html",
                status_code=refused.status_code,
                next=target,
                email=email,
                errors={"password": refused.message},
            ),
        )

    @post("/deconnexion")
    async def logout(self, request: Req, settings: AppSettings) -> Redirect:
        raw = request.cookies.get(SESSION_COOKIE)
        if raw:
            await service.close_session(raw, client_ip(request))
        response = redirect("/connexion", "Vous êtes déconnecté·e. À bientôt !")
        response.cookies.append(expired_session_cookie(settings))
        return response

    @get("/mot-de-passe-oublie", opt=PUBLIC)
    async def forgot_form(self, request: Req) -> Template:
        return page(request, "accounts/forgot.html", errors={}, email="", sent=False)

    @post("/mot-de-passe-oublie", opt=PUBLIC)
    async def forgot(self, request: Req, jobs: Jobs) -> Template:
        email = (await form_data(request)).get("email", "")
        return await submit(
            lambda: service.request_password_reset(email, jobs, client_ip(request)),
            lambda _: page(request, "accounts/forgot.html", errors={}, email=email, sent=True),
            lambda refused: page(
                request,
                "accounts/forgot.html",
                status_code=refused.status_code,
                errors=refused.errors,
                email=email,
                sent=False,
            ),
            catch=Invalid,
        )

    @get(LINK_FORMS, opt=PUBLIC)
    async def password_form(self, request: Req, token: FromPath[str]) -> Template:
        return await _password_page(request, token, _purpose(request), fresh())

    @post(LINK_FORMS, opt=PUBLIC)
    async def set_password(
        self, request: Req, token: FromPath[str], settings: AppSettings
    ) -> Template | Redirect:
        form = await form_data(request)
        purpose = _purpose(request)
        return await submit(
            lambda: service.set_password_with_token(
                token,
                purpose,
                form.get("password", ""),
                form.get("password_confirm", ""),
                client_ip(request),
            ),
            lambda user_id: _signed_in(
                request, user_id, settings, "/tableau-de-bord", LINKS[purpose][1]
            ),
            lambda refused: _password_page(request, token, purpose, refused),
            catch=Invalid,
        )


def _purpose(request: Req) -> str:
    """What the link of this address is for (``LINKS``)."""
    return next(p for p, (path, _) in LINKS.items() if request.url.path.startswith(f"{path}/"))


async def _password_page(request: Req, token: str, purpose: str, form: Refused) -> Template:
    """The form that sets a password with the link ``token`` (404 once it is no longer valid)."""
    return show_form(
        request,
        "accounts/set_password.html",
        form,
        owner=await service.token_owner(token, purpose),
        action=f"{LINKS[purpose][0]}/{token}",
        purpose=purpose,
    )


async def _signed_in(
    request: Req,
    user_id: int,
    settings: Settings,
    target: str,
    flash: str | None = None,
    replacing: str | None = None,
) -> Redirect:
    """On to ``target`` with a new session (the one the browser came with, closed)."""
    raw = await service.open_session(
        user_id, settings, client_ip(request), user_agent(request), replacing=replacing
    )
    response = redirect(target, flash)
    response.cookies.append(session_cookie(raw, settings))
    return response


class AccountPages(Controller):
    """One's own account."""

    path = "/compte"
    include_in_schema = False

    @get("/")
    async def show(self, request: Req, user: LoggedIn) -> Template:
        return page(request, "accounts/account.html", errors={})

    @post("/mot-de-passe")
    async def change_password(
        self, request: Req, user: LoggedIn, settings: AppSettings
    ) -> Template | Redirect:
        form = await form_data(request)
        return await submit(
            lambda: service.change_password(
                user,
                form.get("current_password", ""),
                form.get("new_password", ""),
                form.get("password_confirm", ""),
                settings,
            ),
            lambda _: _signed_in(
                request,
                user.id,
                settings,
                "/compte",
                "Votre mot de passe a été changé. Vos autres sessions ont été fermées.",
            ),
            lambda refused: page(
                request,
                "accounts/account.html",
                status_code=refused.status_code,
                errors=refused.errors,
            ),
            error_field="current_password",
        )


class UserPages(Controller):
    """The accounts of the collective, for admins and coordinators."""

    path = "/comptes"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/")
    async def index(self, request: Req, user: LoggedIn, page: PageNumber = 1) -> Template:
        shown = paging(await service.count_users(), page)
        changes_roles = can_change_roles(user.role)
        return rendering.page(
            request,
            "accounts/users.html",
            users=await service.list_users(limit=shown.per_page, offset=shown.offset),
            paging=shown,
            roles=ROLE_LABELS,
            can_change_roles=changes_roles,
        )

    @get("/inviter")
    async def invite_form(self, request: Req, user: LoggedIn) -> Template:
        return await _invite_page(request, user, fresh())

    @post("/inviter")
    async def invite(
        self, request: Req, user: LoggedIn, settings: AppSettings, jobs: Jobs
    ) -> Template | Redirect:
        form = await form_data(request)
        return await submit(
            lambda: service.invite(
                user,
                email=form.get("email", ""),
                full_name=form.get("full_name", ""),
                role=form.get("role", ""),
                organisation_id=form_id(form.get("organisation_id", "")),
                settings=settings,
                jobs=jobs,
            ),
            lambda invited: redirect("/comptes", f"Invitation envoyée à {invited[0].email}."),
            lambda refused: _invite_page(request, user, refused),
            values=form,
            error_field="email",
        )

    @post("/{user_id:int}/desactiver")
    async def deactivate(self, user: LoggedIn, user_id: FromPath[int]) -> Redirect:
        target = await service.deactivate(user, user_id)
        return redirect("/comptes", f"Le compte de {target.full_name} est désactivé.")

    @post("/{user_id:int}/reactiver")
    async def reactivate(self, user: LoggedIn, user_id: FromPath[int]) -> Redirect:
        target = await service.reactivate(user, user_id)
        return redirect("/comptes", f"Le compte de {target.full_name} est réactivé.")

    @get("/{user_id:int}/role", opt={"roles": {Role.ADMIN}})
    async def role_form(self, request: Req, user: LoggedIn, user_id: FromPath[int]) -> Template:
        target = await service.get_user(user_id)
        values = {"role": target.role, "organisation_id": str(target.organisation_id or "")}
        return await _role_page(request, user_id, fresh(values))

    @post("/{user_id:int}/role", opt={"roles": {Role.ADMIN}})
    async def change_role(
        self, request: Req, user: LoggedIn, user_id: FromPath[int]
    ) -> Template | Redirect:
        form = await form_data(request)
        organisation = form_id(form.get("organisation_id", ""))
        return await submit(
            lambda: service.change_role(user, user_id, form.get("role", ""), organisation),
            lambda target: redirect(
                "/comptes", f"Rôle de {target.full_name} : {ROLE_LABELS[Role(target.role)]}."
            ),
            lambda refused: _role_page(request, user_id, refused),
            values=form,
            error_field="role",
        )


async def _role_page(request: Req, user_id: int, form: Refused) -> Template:
    """One account's role and structure, on a page of its own: the list of accounts would
    otherwise carry the choice of every structure once per account."""
    return show_form(
        request,
        "accounts/role.html",
        form,
        target=await service.get_user(user_id),
        roles=ROLE_LABELS,
        organisations=await members.organisation_names(),
    )


async def _invite_page(request: Req, user: CurrentUser, form: Refused) -> Template:
    """The invitation form; an admin may invite admins, a coordinator the other roles."""
    roles = {
        r: label for r, label in ROLE_LABELS.items() if user.role == Role.ADMIN or r != Role.ADMIN
    }
    organisations = await members.organisation_names()
    return show_form(
        request, "accounts/invite.html", form, roles=roles, organisations=organisations
    )


__all__ = ["AccountPages", "AuthPages", "UserPages"]
