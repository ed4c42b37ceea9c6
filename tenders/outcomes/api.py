"""JSON API of bid results, insertion hours and the collective's figures."""

from __future__ import annotations

from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from tenders.accounts.schemas import CurrentUser
from tenders.errors import NotFound
from tenders.outcomes import service
from tenders.outcomes.figures import Figures, figures_for
from tenders.outcomes.service import HoursIn, OutcomeIn, OutcomeOut


class OutcomeApi(Controller):
    path = "/api"
    tags = ["Résultats et chiffres du collectif"]

    @get(
        "/consortia/{consortium_id:int}/outcome",
        operation_id="getOutcome",
        summary="Le résultat d'une candidature (404 tant qu'il n'est pas enregistré)",
    )
    async def show(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> OutcomeOut:
        outcome = await service.get_outcome(user, consortium_id)
        if outcome is None:
            raise NotFound("Aucun résultat n'est encore enregistré pour ce groupement.")
        return outcome

    @put(
        "/consortia/{consortium_id:int}/outcome",
        operation_id="recordOutcome",
        summary="Enregistrer le résultat (gagnée, perdue, sans suite) d'un dossier déposé",
    )
    async def record(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[OutcomeIn],
        user: NamedDependency[CurrentUser],
    ) -> OutcomeOut:
        return await service.record(user, consortium_id, data)

    @post(
        "/consortia/{consortium_id:int}/outcome/hours",
        operation_id="recordInsertionHours",
        summary="Heures d'insertion réalisées par un membre sur une période",
        status_code=200,
    )
    async def hours(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[HoursIn],
        user: NamedDependency[CurrentUser],
    ) -> OutcomeOut:
        return await service.record_hours(user, consortium_id, data)

    @get(
        "/collective/figures",
        operation_id="getCollectiveFigures",
        summary="Les chiffres du collectif (montants soumis : coordination seulement)",
    )
    async def figures(self, user: NamedDependency[CurrentUser]) -> Response[Figures]:
        return Response(await figures_for(user), headers={"Cache-Control": "no-store"})
