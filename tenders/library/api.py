"""JSON API of the content library."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.sections import SectionOut
from tenders.library import copies, service
from tenders.library.copies import SourceOut
from tenders.library.service import PassageIn, PassageOut


class InsertIn(msgspec.Struct):
    passage_id: int
    base_version: int


class LibraryApi(Controller):
    path = "/api"
    tags = ["Bibliothèque de textes"]

    @get("/passages", operation_id="searchPassages", summary="Chercher des passages")
    async def search(
        self,
        user: NamedDependency[CurrentUser],
        q: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        division: FromQuery[str] = "",
        state_: Annotated[str, QueryParameter(name="state")] = "",
    ) -> list[PassageOut]:
        return await service.search(user, q, theme, division, state_)

    @post("/passages", operation_id="createPassage", summary="Ajouter un passage")
    async def create(
        self, data: JSONBody[PassageIn], user: NamedDependency[CurrentUser]
    ) -> PassageOut:
        return await service.create(user, data)

    @get("/passages/{passage_id:int}", operation_id="getPassage", summary="Un passage")
    async def show(
        self, passage_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> PassageOut:
        return await service.get_passage(user, passage_id)

    @put("/passages/{passage_id:int}", operation_id="updatePassage", summary="Modifier un passage")
    async def update(
        self,
        passage_id: FromPath[int],
        data: JSONBody[PassageIn],
        user: NamedDependency[CurrentUser],
    ) -> PassageOut:
        return await service.update(user, passage_id, data)

    @post(
        "/passages/{passage_id:int}/review",
        operation_id="reviewPassage",
        summary="Marquer un passage comme relu",
        status_code=200,
    )
    async def review(
        self, passage_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> PassageOut:
        return await service.mark_reviewed(user, passage_id)

    @delete(
        "/passages/{passage_id:int}",
        operation_id="deletePassage",
        summary="Supprimer un passage",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(self, passage_id: FromPath[int], user: NamedDependency[CurrentUser]) -> None:
        await service.delete(user, passage_id)

    @post(
        "/consortia/{consortium_id:int}/sections/{section_id:int}/insert",
        operation_id="insertPassage",
        summary="Copier un passage à la fin d'une partie du mémoire",
        status_code=200,
    )
    async def insert(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[InsertIn],
        user: NamedDependency[CurrentUser],
    ) -> SectionOut:
        return await copies.insert_passage(
            user, consortium_id, section_id, data.passage_id, data.base_version
        )

    @get(
        "/consortia/{consortium_id:int}/sections/{section_id:int}/sources",
        operation_id="listSectionSources",
        summary="Passages copiés dans une partie, et s'ils ont changé depuis",
    )
    async def sources(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> list[SourceOut]:
        return await copies.sources_of(user, consortium_id, section_id)
