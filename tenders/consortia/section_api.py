"""The API of the mémoire technique: its outline and its parts, saved against the version
read (ETag / If-Match)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections
from tenders.consortia.sections import SectionDetail, SectionOut, StaleVersion
from tenders.numbers import form_id

NO_STORE = {"Cache-Control": "no-store"}


class SectionBodyIn(msgspec.Struct):
    body: str


class SectionApi(Controller):
    path = "/api/consortia/{consortium_id:int}/sections"
    tags = ["Groupements"]

    @get("/", operation_id="listSections", summary="Plan du mémoire technique")
    async def index(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> list[SectionOut]:
        return await sections.list_sections(user, consortium_id)

    @post(
        "/default",
        operation_id="createDefaultOutline",
        summary="Créer le plan par défaut",
        status_code=HTTP_200_OK,
    )
    async def default(
        self, consortium_id: FromPath[int], user: NamedDependency[CurrentUser]
    ) -> list[SectionOut]:
        return await sections.create_default_outline(user, consortium_id)

    @post("/", operation_id="addSection", summary="Ajouter une partie au plan")
    async def add(
        self,
        consortium_id: FromPath[int],
        data: JSONBody[sections.SectionMetaIn],
        user: NamedDependency[CurrentUser],
    ) -> SectionOut:
        return await sections.add_section(user, consortium_id, data)

    @put(
        "/{section_id:int}/meta",
        operation_id="updateSectionMeta",
        summary="Titre, structure chargée de l'écrire, échéance",
    )
    async def meta(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[sections.SectionMetaIn],
        user: NamedDependency[CurrentUser],
    ) -> SectionOut:
        return await sections.update_section_meta(user, consortium_id, section_id, data)

    @delete(
        "/{section_id:int}",
        operation_id="deleteSection",
        summary="Supprimer une partie vide",
        status_code=HTTP_204_NO_CONTENT,
    )
    async def remove(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> None:
        await sections.delete_section(user, consortium_id, section_id)

    @get(
        "/{section_id:int}",
        operation_id="getSection",
        summary="Une partie, avec son ETag (sa version)",
    )
    async def show(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Response[SectionDetail]:
        detail = await sections.get_section(user, consortium_id, section_id)
        return Response(detail, headers={**NO_STORE, "ETag": f'"v{detail.section.version}"'})

    @put(
        "/{section_id:int}",
        operation_id="saveSection",
        summary="Enregistrer le texte ; l'en-tête If-Match porte l'ETag lu (412 sinon)",
    )
    async def save(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[SectionBodyIn],
        user: NamedDependency[CurrentUser],
    ) -> Response[Any]:
        match = request.headers.get("if-match", "").strip().removeprefix("W/").strip('"')
        if not match.startswith("v") or form_id(match[1:]) is None:
            return Response(
                {
                    "status_code": 428,
                    "detail": (
                        "Indiquez la version sur laquelle vous avez écrit : en-tête If-Match avec "
                        'l\'ETag reçu à la lecture (par exemple "v3").'
                    ),
                },
                status_code=428,
            )
        try:
            out = await sections.save(
                user, consortium_id, section_id, data.body, form_id(match[1:]) or 0
            )
        except StaleVersion as exc:
            return Response(
                {
                    "status_code": 412,
                    "detail": exc.message,
                    "current": msgspec.to_builtins(exc.current),
                    "yours": exc.yours,
                },
                status_code=412,
                headers={"ETag": f'"v{exc.current.version}"'},
            )
        return Response(out, headers={**NO_STORE, "ETag": f'"v{out.version}"'})
