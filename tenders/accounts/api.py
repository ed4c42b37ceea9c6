"""JSON API for sessions and accounts."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from tenders.accounts import service
from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import (
    CurrentUser,
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
from tenders.jobs import JobQueue
from tenders.settings import Settings
from tenders.web.auth import (
    SESSION_COOKIE,
    client_ip,
    expired_session_cookie,
    session_cookie,
    user_agent,
)


def _me(user: NamedDependency[CurrentUser]) -> Me:
    return Me(
        id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation_name=user.organisation_name,
    )


class SessionApi(Controller):
    path = "/api/session"
    tags = ["Session"]

    @get("/", operation_id="getSession", summary="Compte connecté")
    async def show(self, user: NamedDependency[CurrentUser]) -> Me:
        return _me(user)

    @post(
        "/",
        operation_id="login",
        summary="Se connecter",
        opt={"public": True},
        status_code=HTTP_200_OK,
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginIn],
        settings: NamedDependency[Settings],
    ) -> Response[Me]:
        user_id = await service.authenticate(
            data.email, data.password, client_ip(request), settings
        )
        raw = await service.open_session(
            user_id,
            settings,
            client_ip(request),
            user_agent(request),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
        user = await service.session_user(raw)
        assert user is not None
        return Response(_me(user), cookies=[session_cookie(raw, settings)])

    @delete("/", operation_id="logout", summary="Se déconnecter", status_code=HTTP_204_NO_CONTENT)
    async def logout(
        self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[None]:
        raw = request.cookies.get(SESSION_COOKIE)
        if raw:
            await service.close_session(raw, client_ip(request))
        return Response(
            None, status_code=HTTP_204_NO_CONTENT, cookies=[expired_session_cookie(settings)]
        )


class PasswordApi(Controller):
    path = "/api/password"
    tags = ["Session"]

    @post(
        "/change",
        operation_id="changePassword",
        summary="Changer son mot de passe",
        status_code=HTTP_200_OK,
    )
    async def change(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PasswordChangeIn],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
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
        operation_id="requestPasswordReset",
        opt={"public": True},
        summary="Recevoir un lien de réinitialisation",
        status_code=HTTP_202_ACCEPTED,
    )
    async def reset_request(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PasswordResetRequestIn],
        settings: NamedDependency[Settings],
        jobs: NamedDependency[JobQueue],
    ) -> Message:
        await service.request_password_reset(data.email, jobs, client_ip(request))
        return Message("Si un compte existe pour cette adresse, un e-mail a été envoyé.")

    @post(
        "/reset",
        operation_id="resetPassword",
        opt={"public": True},
        summary="Choisir un mot de passe avec un lien de réinitialisation",
        status_code=HTTP_200_OK,
    )
    async def reset(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenPasswordIn]
    ) -> Message:
        await service.set_password_with_token(
            data.token, "reset", data.password, None, client_ip(request)
        )
        return Message("Mot de passe enregistré. Vous pouvez vous connecter.")

    @post(
        "/invitation",
        operation_id="acceptInvitation",
        opt={"public": True},
        summary="Activer un compte avec un lien d'invitation",
        status_code=HTTP_200_OK,
    )
    async def accept(
        self, request: Request[Any, Any, Any], data: JSONBody[TokenPasswordIn]
    ) -> Message:
        await service.set_password_with_token(
            data.token, "invitation", data.password, None, client_ip(request)
        )
        return Message("Compte activé. Vous pouvez vous connecter.")


class UserApi(Controller):
    path = "/api/users"
    tags = ["Comptes"]
    opt = {"roles": STAFF}

    @get("/", operation_id="listUsers", summary="Comptes du collectif")
    async def index(self) -> list[UserOut]:
        return await service.list_users()

    @get("/{user_id:int}", operation_id="getUser", summary="Un compte")
    async def show(self, user_id: FromPath[int]) -> UserOut:
        return await service.get_user(user_id)

    @post("/", operation_id="inviteUser", summary="Inviter une personne")
    async def invite(
        self,
        data: JSONBody[InvitationIn],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
        jobs: NamedDependency[JobQueue],
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

    @post(
        "/{user_id:int}/deactivate",
        operation_id="deactivateUser",
        summary="Désactiver un compte",
        status_code=HTTP_200_OK,
    )
    async def deactivate(
        self,
        user_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> UserOut:
        return await service.deactivate(user, user_id)

    @post(
        "/{user_id:int}/reactivate",
        operation_id="reactivateUser",
        summary="Réactiver un compte",
        status_code=HTTP_200_OK,
    )
    async def reactivate(
        self,
        user_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> UserOut:
        return await service.reactivate(user, user_id)

    @patch("/{user_id:int}", operation_id="changeUserRole", summary="Changer le rôle d'un compte")
    async def change_role(
        self,
        user_id: FromPath[int],
        data: JSONBody[RoleChangeIn],
        user: NamedDependency[CurrentUser],
    ) -> UserOut:
        return await service.change_role(user, user_id, data.role, data.organisation_id)
