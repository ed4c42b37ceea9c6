"""The API of the mémoire technique: its outline and its parts, saved against the version
read (ETag / If-Match)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Response, delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from tenders.consortia import sections
from tenders.consortia.sections import SectionDetail, SectionMetaIn, SectionOut, StaleVersion
from tenders.numbers import form_id
from tenders.web.deps import LoggedIn, Req

NO_STORE = {"Cache-Control": "no-store"}
PART = "/{section_id:int}"
PREVIEW = "Aperçu d'un texte de la partie, mis en forme (HTML), sans l'enregistrer"
NO_VERSION = (
    "Indiquez la version sur laquelle vous avez écrit : en-tête If-Match avec "
    'l\'ETag reçu à la lecture (par exemple "v3").'
)


class SectionBodyIn(msgspec.Struct):
    body: str


class SectionPreviewOut(msgspec.Struct):
    html: str


def _etag(version: int) -> dict[str, str]:
    return {"ETag": f'"v{version}"'}


class SectionApi(Controller):
    path = "/api/consortia/{consortium_id:int}/sections"
    tags = ["Groupements"]

    @get("/", summary="Plan du mémoire technique")
    async def list_sections(self, consortium_id: FromPath[int], user: LoggedIn) -> list[SectionOut]:
        return await sections.list_sections(user, consortium_id)

    @post("/default", summary="Créer le plan par défaut", status_code=HTTP_200_OK)
    async def create_default_outline(
        self, consortium_id: FromPath[int], user: LoggedIn
    ) -> list[SectionOut]:
        return (await sections.create_default_outline(user, consortium_id)).sections

    @post("/", summary="Ajouter une partie au plan")
    async def add_section(
        self, consortium_id: FromPath[int], data: JSONBody[SectionMetaIn], user: LoggedIn
    ) -> SectionOut:
        return await sections.add_section(user, consortium_id, data)

    @put(f"{PART}/meta", summary="Titre, structure chargée de l'écrire, échéance")
    async def update_section_meta(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[SectionMetaIn],
        user: LoggedIn,
    ) -> SectionOut:
        return await sections.update_section_meta(user, consortium_id, section_id, data)

    @delete(PART, summary="Supprimer une partie vide", status_code=HTTP_204_NO_CONTENT)
    async def delete_section(
        self, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> None:
        await sections.delete_section(user, consortium_id, section_id)

    @get(PART, summary="Une partie, avec son ETag (sa version)")
    async def get_section(
        self, consortium_id: FromPath[int], section_id: FromPath[int], user: LoggedIn
    ) -> Response[SectionDetail]:
        detail = await sections.get_section(user, consortium_id, section_id)
        return Response(detail, headers={**NO_STORE, **_etag(detail.section.version)})

    @put(PART, summary="Enregistrer le texte ; l'en-tête If-Match porte l'ETag lu (412 sinon)")
    async def save_section(
        self,
        request: Req,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[SectionBodyIn],
        user: LoggedIn,
    ) -> Response[Any]:
        match = request.headers.get("if-match", "").strip().removeprefix("W/").strip('"')
        base = form_id(match[1:]) if match.startswith("v") else None
        if base is None:
            return Response({"status_code": 428, "detail": NO_VERSION}, status_code=428)
        try:
            out = await sections.save(user, consortium_id, section_id, data.body, base)
        except StaleVersion as exc:
            stale = {
                "status_code": 412,
                "detail": exc.message,
                "current": msgspec.to_builtins(exc.current),
                "yours": exc.yours,
            }
            return Response(stale, status_code=412, headers=_etag(exc.current.version))
        return Response(out, headers={**NO_STORE, **_etag(out.version)})

    @post(f"{PART}/preview", summary=PREVIEW, status_code=HTTP_200_OK)
    async def preview_section(
        self,
        consortium_id: FromPath[int],
        section_id: FromPath[int],
        data: JSONBody[SectionBodyIn],
        user: LoggedIn,
    ) -> SectionPreviewOut:
        """The text as the page's preview shows it, rendered as the documents will be."""
        return SectionPreviewOut(await sections.preview(user, consortium_id, section_id, data.body))
