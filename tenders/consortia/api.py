"""JSON API of a consortium's workspace."""

from __future__ import annotations

from litestar import Controller, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.schemas import CurrentUser
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
from tenders.jobs import JobQueue
from tenders.settings import Settings

NO_STORE = {"Cache-Control": "no-store"}


def _private(detail: ConsortiumDetail) -> Response[ConsortiumDetail]:
    """Prices and bank details are never kept by a browser or a proxy."""
    return Response(detail, headers=NO_STORE)


class ConsortiumApi(Controller):
    path = "/api/consortia"
    tags = ["Groupements"]

    @get(
        "/{consortium_id:int}",
        operation_id="getConsortium",
        summary="Un groupement : membres, rôles, lots, répartition (membres et coordination)",
    )
    async def show(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> Response[ConsortiumDetail]:
        return _private(await workspace.get_detail(user, consortium_id))

    @put(
        "/{consortium_id:int}/composition",
        operation_id="setConsortiumComposition",
        summary="Forme, mandataire et membres (rôles, lots, prestations)",
    )
    async def composition(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[CompositionIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[ConsortiumDetail]:
        return _private(await workspace.set_composition(user, consortium_id, data))

    @put(
        "/{consortium_id:int}/split",
        operation_id="setConsortiumSplit",
        summary="Répartition par lot (montants HT et pourcentages qui font 100 %)",
    )
    async def split(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[SplitIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[ConsortiumDetail]:
        return _private(await workspace.set_split(user, consortium_id, data))

    @put(
        "/{consortium_id:int}/members/{organisation_id:int}/bank",
        operation_id="setMemberBank",
        summary="Coordonnées bancaires d'un membre",
    )
    async def bank(
        self,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        data: JSONBody[BankIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[ConsortiumDetail]:
        return _private(await workspace.set_bank(user, consortium_id, organisation_id, data))

    @post(
        "/{consortium_id:int}/invitations",
        operation_id="inviteConsortiumMembers",
        summary="Inviter les membres pas encore invités (e-mail aux directions)",
        status_code=HTTP_200_OK,
    )
    async def invite(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[InviteIn],
        user: NamedDependency[CurrentUser],
        settings: NamedDependency[Settings],
        jobs: NamedDependency[JobQueue],
    ) -> Response[ConsortiumDetail]:
        await invitations.invite_members(user, consortium_id, settings, jobs, data.respond_by)
        return _private(await workspace.get_detail(user, consortium_id))

    @post(
        "/{consortium_id:int}/answer",
        operation_id="answerConsortiumInvitation",
        summary="Accepter ou décliner l'invitation de sa structure (après un refus, le "
        "groupement n'existe plus pour elle)",
        status_code=HTTP_200_OK,
    )
    async def answer(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[AnswerIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[AnswerOut]:
        out = await invitations.answer(user, consortium_id, data.accept, data.comment)
        return Response(out, headers=NO_STORE)

    @delete(
        "/{consortium_id:int}/members/{organisation_id:int}",
        operation_id="removeConsortiumMember",
        summary="Quitter le groupement (sa structure) ou en retirer une structure",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(
        self,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> None:
        await workspace.remove_member(user, consortium_id, organisation_id)

    @post(
        "/{consortium_id:int}/submit",
        operation_id="submitConsortium",
        summary="Dossier déposé : la composition est figée",
        status_code=HTTP_200_OK,
    )
    async def submit(
        self,
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[ConsortiumDetail]:
        return _private(await workspace.submit(user, consortium_id))
