"""JSON API of bid results, insertion hours and the collective's figures."""

from __future__ import annotations

from litestar import Controller, Response, get, post, put
from litestar.params import FromPath, JSONBody

from tenders.errors import NotFound
from tenders.outcomes import service
from tenders.outcomes.figures import Figures, figures_for
from tenders.outcomes.service import HoursIn, OutcomeIn, OutcomeOut
from tenders.web.deps import LoggedIn

OUTCOME = "/consortia/{consortium_id:int}/outcome"


class OutcomeApi(Controller):
    path = "/api"
    tags = ["Résultats et chiffres du collectif"]

    @get(OUTCOME, summary="Le résultat d'une candidature (404 tant qu'il n'est pas enregistré)")
    async def get_outcome(self, consortium_id: FromPath[int], user: LoggedIn) -> OutcomeOut:
        outcome = await service.get_outcome(user, consortium_id)
        if outcome is None:
            raise NotFound("Aucun résultat n'est encore enregistré pour ce groupement.")
        return outcome

    @put(
        OUTCOME, summary="Enregistrer le résultat (gagnée, perdue, sans suite) d'un dossier déposé"
    )
    async def record_outcome(
        self, consortium_id: FromPath[int], data: JSONBody[OutcomeIn], user: LoggedIn
    ) -> OutcomeOut:
        return await service.record(user, consortium_id, data)

    @post(
        f"{OUTCOME}/hours",
        summary="Heures d'insertion réalisées par un membre sur une période",
        status_code=200,
    )
    async def record_insertion_hours(
        self, consortium_id: FromPath[int], data: JSONBody[HoursIn], user: LoggedIn
    ) -> OutcomeOut:
        return await service.record_hours(user, consortium_id, data)

    @get(
        "/collective/figures",
        summary="Les chiffres du collectif (montants soumis : coordination seulement)",
    )
    async def get_collective_figures(self, user: LoggedIn) -> Response[Figures]:
        return Response(await figures_for(user), headers={"Cache-Control": "no-store"})
