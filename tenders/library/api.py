"""JSON API of the content library."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.consortia.sections import SectionOut
from tenders.library import copies, service
from tenders.library.copies import SourceOut
from tenders.library.service import PassageIn, PassageOut
from tenders.web.deps import LoggedIn
from tenders.web.paging import API_LIMIT, Limit, Offset

PASSAGES = "/passages"
ONE = f"{PASSAGES}/{{passage_id:int}}"
PART = "/consortia/{consortium_id:int}/sections/{section_id:int}"


class InsertIn(msgspec.Struct):
    passage_id: int
    base_version: int


class LibraryApi(Controller):
    path = "/api"
    tags = ["Bibliothèque de textes"]

    @get(PASSAGES, summary="Chercher des passages")
    async def search_passages(
        self,
        user: LoggedIn,
        q: FromQuery[str] = "",
        theme: FromQuery[str] = "",
        division: FromQuery[str] = "",
        state_: Annotated[str, QueryParameter(name="state")] = "",
        limit: Limit = API_LIMIT,
        offset: Offset = 0,
    ) -> list[PassageOut]:
        return (await service.search(user, q, theme, division, state_))[offset : offset + limit]

    @post(PASSAGES, summary="Ajouter un passage")
    async def create_passage(self, data: JSONBody[PassageIn], user: LoggedIn) -> PassageOut:
        return await service.create(user, data)

    @get(ONE, summary="Un passage")
    async def get_passage(self, passage_id: FromPath[int], user: LoggedIn) -> PassageOut:
        return await service.get_passage(user, passage_id)

    @put(ONE, summary="Modifier un passage")
    async def update_passage(
        self, passage_id: FromPath[int], data: JSONBody[PassageIn], user: LoggedIn
    ) -> PassageOut:
        return await service.update(user, passage_id, data)

    @post(f"{ONE}/review", summary="Marquer un passage comme relu", status_code=HTTP_200_OK)
    async def review_passage(self, passage_id: FromPath[int], user: LoggedIn) -> PassageOut:
        return await service.mark_reviewed(user, passage_id)

    @delete(ONE, summary="Supprimer un passage", status_code=HTTP_204_NO_CONTENT)
    async def delete_passage(self, passage_id: FromPath[int], user: LoggedIn) -> None:
        await service.delete(user, passage_id)

    @post(
        f"{PART}/insert",
        summary="Copier un passage à la fin d'une partie du mémoire",
        status_code=HTTP_200_OK,
    )
    async def insert_passage(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[InsertIn],
        user: LoggedIn,
    ) -> SectionOut:
        return await copies.insert_passage(
            user, consortium_id, section_id, data.passage_id, data.base_version
        )

    @get(f"{PART}/sources", summary="Passages copiés dans une partie, et s'ils ont changé depuis")
    async def list_section_sources(
        self, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> list[SourceOut]:
        return await copies.sources_of(user, consortium_id, section_id)
