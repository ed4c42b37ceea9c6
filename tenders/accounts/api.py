"""JSON API for sessions and accounts."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from tenders.accounts import service
from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import (
    InvitationIn,
    InvitationOut,
    LoginIn,
    Me,
    Message,
    PasswordChangeIn,
    PasswordResetRequestIn,
    RoleChangeIn,
    TokenPasswordIn,
    UserOut,
)
from tenders.web.auth import (
    SESSION_COOKIE,
    client_ip,
    expired_session_cookie,
    session_cookie,
    user_agent,
)
from tenders.web.deps import AppSettings, Jobs, LoggedIn, Req
from tenders.web.paging import API_LIMIT, Limit, Offset

PUBLIC = {"public": True}
USER = "/{user_id:int}"


class SessionApi(Controller):
    path = "/api/session"
    tags = ["Session"]

    @get("/", summary="Compte connecté")
    async def get_session(self, user: LoggedIn) -> Me:
        return user.me()

    @post("/", summary="Se connecter", opt=PUBLIC, status_code=HTTP_200_OK)
    async def login(
        self, request: Req, data: JSONBody[LoginIn], settings: AppSettings
    ) -> Response[Me]:
        ip = client_ip(request)
        user_id = await service.authenticate(data.email, data.password, ip, settings)
        replacing = request.cookies.get(SESSION_COOKIE)
        raw = await service.open_session(user_id, settings, ip, user_agent(request), replacing)
        user = await service.session_user(raw)
        assert user is not None
        return Response(user.me(), cookies=[session_cookie(raw, settings)])

    @delete("/", summary="Se déconnecter", status_code=HTTP_204_NO_CONTENT)
    async def logout(self, request: Req, settings: AppSettings) -> Response[None]:
        raw = request.cookies.get(SESSION_COOKIE)
        if raw:
            await service.close_session(raw, client_ip(request))
        return Response(
            None, status_code=HTTP_204_NO_CONTENT, cookies=[expired_session_cookie(settings)]
        )


class PasswordApi(Controller):
    path = "/api/password"
    tags = ["Session"]

    @post("/change", summary="Changer son mot de passe", status_code=HTTP_200_OK)
    async def change_password(
        self, request: Req, data: JSONBody[PasswordChangeIn], user: LoggedIn, settings: AppSettings
    ) -> Response[Message]:
        await service.change_password(
            user, data.current_password, data.new_password, None, settings
        )
        raw = await service.open_session(user.id, settings, user.ip, user_agent(request))
        return Response(
            Message("Mot de passe changé ; les autres sessions sont fermées."),
            cookies=[session_cookie(raw, settings)],
        )

    @post(
        "/reset-request",
        opt=PUBLIC,
        summary="Recevoir un lien de réinitialisation",
        status_code=HTTP_202_ACCEPTED,
    )
    async def request_password_reset(
        self, request: Req, data: JSONBody[PasswordResetRequestIn], jobs: Jobs
    ) -> Message:
        await service.request_password_reset(data.email, jobs, client_ip(request))
        return Message("Si un compte existe pour cette adresse, un e-mail a été envoyé.")

    @post(
        "/reset",
        opt=PUBLIC,
        summary="Choisir un mot de passe avec un lien de réinitialisation",
        status_code=HTTP_200_OK,
    )
    async def reset_password(self, request: Req, data: JSONBody[TokenPasswordIn]) -> Message:
        await _set_password(request, data, "reset")
        return Message("Mot de passe enregistré. Vous pouvez vous connecter.")

    @post(
        "/invitation",
        opt=PUBLIC,
        summary="Activer un compte avec un lien d'invitation",
        status_code=HTTP_200_OK,
    )
    async def accept_invitation(self, request: Req, data: JSONBody[TokenPasswordIn]) -> Message:
        await _set_password(request, data, "invitation")
        return Message("Compte activé. Vous pouvez vous connecter.")


async def _set_password(request: Req, data: TokenPasswordIn, purpose: str) -> None:
    """The password of the link's account (no confirmation field in the API)."""
    ip = client_ip(request)
    await service.set_password_with_token(data.token, purpose, data.password, None, ip)


class UserApi(Controller):
    path = "/api/users"
    tags = ["Comptes"]
    opt = {"roles": STAFF}

    @get("/", summary="Comptes du collectif, par nom")
    async def list_users(self, limit: Limit = API_LIMIT, offset: Offset = 0) -> list[UserOut]:
        return await service.list_users(limit=limit, offset=offset)

    @get(USER, summary="Un compte")
    async def get_user(self, user_id: FromPath[int]) -> UserOut:
        return await service.get_user(user_id)

    @post("/", summary="Inviter une personne")
    async def invite_user(
        self, data: JSONBody[InvitationIn], user: LoggedIn, settings: AppSettings, jobs: Jobs
    ) -> InvitationOut:
        invited, expires_at = await service.invite(
            user,
            email=data.email,
            full_name=data.full_name,
            role=data.role,
            organisation_id=data.organisation_id,
            settings=settings,
            jobs=jobs,
        )
        return InvitationOut(user=invited, expires_at=expires_at)

    @post(f"{USER}/deactivate", summary="Désactiver un compte", status_code=HTTP_200_OK)
    async def deactivate_user(self, user_id: FromPath[int], user: LoggedIn) -> UserOut:
        return await service.deactivate(user, user_id)

    @post(f"{USER}/reactivate", summary="Réactiver un compte", status_code=HTTP_200_OK)
    async def reactivate_user(self, user_id: FromPath[int], user: LoggedIn) -> UserOut:
        return await service.reactivate(user, user_id)

    @patch(USER, summary="Changer le rôle d'un compte")
    async def change_user_role(
        self, user_id: FromPath[int], data: JSONBody[RoleChangeIn], user: LoggedIn
    ) -> UserOut:
        return await service.change_role(user, user_id, data.role, data.organisation_id)
