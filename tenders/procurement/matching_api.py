"""The API of a tender's matching and of the consortia drafted from it."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from tenders.accounts.roles import STAFF
from tenders.consortia import service as consortia
from tenders.consortia.matching import tender_matching
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut
from tenders.procurement.schemas import MatchingOut
from tenders.web.deps import LoggedIn


class MatchingApi(Controller):
    path = "/api/tenders/{tender_id:int}"
    tags = ["Consultations"]
    opt = {"roles": STAFF}

    @get(
        "/matching",
        summary="Classement des structures par lot, avec les raisons, et groupement proposé",
    )
    async def match_tender(self, tender_id: FromPath[int]) -> MatchingOut:
        _, result = await tender_matching(tender_id)
        return result

    @get("/consortia", summary="Groupements de la consultation")
    async def list_consortia(self, tender_id: FromPath[int]) -> list[ConsortiumOut]:
        return await consortia.list_consortia(tender_id)

    @post(
        "/consortia",
        summary="Créer un groupement en brouillon (la proposition, éventuellement ajustée)",
    )
    async def create_consortium(
        self, tender_id: FromPath[int], data: JSONBody[ConsortiumIn], user: LoggedIn
    ) -> ConsortiumOut:
        return await consortia.create_draft(user, tender_id, data, None)
