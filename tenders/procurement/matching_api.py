"""The API of a tender's matching and of the consortia drafted from it."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.consortia import service as consortia
from tenders.consortia.matching import tender_matching
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut
from tenders.procurement.schemas import MatchingOut


class MatchingApi(Controller):
    path = "/api/tenders/{tender_id:int}"
    tags = ["Consultations"]
    opt = {"roles": STAFF}

    @get(
        "/matching",
        operation_id="matchTender",
        summary="Classement des structures par lot, avec les raisons, et groupement proposé",
    )
    async def show(self, tender_id: FromPath[int]) -> MatchingOut:
        _, result = await tender_matching(tender_id)
        return result

    @get("/consortia", operation_id="listConsortia", summary="Groupements de la consultation")
    async def consortia(self, tender_id: FromPath[int]) -> list[ConsortiumOut]:
        return await consortia.list_consortia(tender_id)

    @post(
        "/consortia",
        operation_id="createConsortium",
        summary="Créer un groupement en brouillon (la proposition, éventuellement ajustée)",
    )
    async def create(
        self,
        tender_id: FromPath[int],
        data: JSONBody[ConsortiumIn],
        user: NamedDependency[CurrentUser],
    ) -> ConsortiumOut:
        return await consortia.create_draft(user, tender_id, data, None)
