"""JSON API of a consortium's workspace."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.consortia import invitations, workspace
from tenders.consortia.schemas import (
    AnswerIn,
    AnswerOut,
    BankIn,
    CompositionIn,
    ConsortiumDetail,
    InviteIn,
    SplitIn,
)
from tenders.web.deps import AppSettings, Jobs, LoggedIn

NO_STORE = {"Cache-Control": "no-store"}
ONE = "/{consortium_id:int}"
MEMBER = f"{ONE}/members/{{organisation_id:int}}"
Detail = Response[ConsortiumDetail]


def _private(detail: ConsortiumDetail) -> Detail:
    """Prices and bank details are never kept by a browser or a proxy."""
    return Response(detail, headers=NO_STORE)


class ConsortiumApi(Controller):
    path = "/api/consortia"
    tags = ["Groupements"]

    @get(ONE, summary="Un groupement : membres, rôles, lots, répartition (membres et coordination)")
    async def get_consortium(self, consortium_id: FromPath[int], user: LoggedIn) -> Detail:
        return _private(await workspace.get_detail(user, consortium_id))

    @put(f"{ONE}/composition", summary="Forme, mandataire et membres (rôles, lots, prestations)")
    async def set_consortium_composition(
        self, consortium_id: FromPath[int], data: JSONBody[CompositionIn], user: LoggedIn
    ) -> Detail:
        return _private(await workspace.set_composition(user, consortium_id, data))

    @put(f"{ONE}/split", summary="Répartition par lot (montants HT et pourcentages qui font 100 %)")
    async def set_consortium_split(
        self, consortium_id: FromPath[int], data: JSONBody[SplitIn], user: LoggedIn
    ) -> Detail:
        return _private(await workspace.set_split(user, consortium_id, data))

    @put(f"{MEMBER}/bank", summary="Coordonnées bancaires d'un membre")
    async def set_member_bank(
        self,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        data: JSONBody[BankIn],
        user: LoggedIn,
    ) -> Detail:
        return _private(await workspace.set_bank(user, consortium_id, organisation_id, data))

    @post(
        f"{ONE}/invitations",
        summary="Inviter les membres pas encore invités (e-mail aux directions)",
        status_code=HTTP_200_OK,
    )
    async def invite_consortium_members(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[InviteIn],
        user: LoggedIn,
        settings: AppSettings,
        jobs: Jobs,
    ) -> Detail:
        await invitations.invite_members(user, consortium_id, settings, jobs, data.respond_by)
        return _private(await workspace.get_detail(user, consortium_id))

    @post(
        f"{ONE}/answer",
        summary="Accepter ou décliner l'invitation de sa structure (après un refus, le "
        "groupement n'existe plus pour elle) ; la coordination répond au nom d'une structure "
        "avec organisation_id",
        status_code=HTTP_200_OK,
    )
    async def answer_consortium_invitation(
        self, consortium_id: FromPath[int], data: JSONBody[AnswerIn], user: LoggedIn
    ) -> Response[AnswerOut]:
        out = await invitations.answer(
            user, consortium_id, data.accept, data.comment, data.organisation_id
        )
        return Response(out, headers=NO_STORE)

    @delete(
        MEMBER,
        summary="Quitter le groupement (sa structure) ou en retirer une structure",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove_consortium_member(
        self, consortium_id: FromPath[int], organisation_id: FromPath[int], user: LoggedIn
    ) -> None:
        await workspace.remove_member(user, consortium_id, organisation_id)

    @post(
        f"{ONE}/submit",
        summary="Dossier déposé : la composition est figée",
        status_code=HTTP_200_OK,
    )
    async def submit_consortium(self, consortium_id: FromPath[int], user: LoggedIn) -> Detail:
        return _private(await workspace.submit(user, consortium_id))
