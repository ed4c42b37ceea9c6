from __future__ import annotations

from litestar import Controller, get
from litestar.params import FromPath

from tenders.members import service
from tenders.members.schemas import OrganisationOut


class OrganisationApi(Controller):
    path = "/api/organisations"
    tags = ["Structures"]

    @get("/", operation_id="listOrganisations", summary="Structures du collectif")
    async def index(self) -> list[OrganisationOut]:
        return await service.list_organisations()

    @get("/{organisation_id:int}", operation_id="getOrganisation", summary="Une structure")
    async def show(self, organisation_id: FromPath[int]) -> OrganisationOut:
        return await service.get_organisation(organisation_id)
