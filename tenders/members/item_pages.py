"""Pages to add, change and remove an organisation's capabilities and references: one cycle
(new form, create, edit form, save, delete), told what differs by an ``ItemKind``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.members import capabilities, references
from tenders.members import service as organisations
from tenders.members.access import Person, ensure_manages
from tenders.members.schemas import CapabilityIn, CapabilityOut, ReferenceIn, ReferenceOut
from tenders.members.vocabulary import CAPABILITY_KINDS
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import Refused, form_values, fresh, read_form, show_form
from tenders.web.rendering import redirect

ITEM = "/{item_id:int}/modifier"
Id = FromPath[int]  # an identifier in the address
In = TypeVar("In", bound=msgspec.Struct)
Out = TypeVar("Out")


@dataclass(frozen=True)
class ItemKind(Generic[In, Out]):
    """An organisation's kind of item: its form, its service, its words."""

    path: str  # under /structures/{id}/
    new: str  # the address of the empty form, under ``path``
    template: str
    schema: type[In]
    get: Callable[[int, int], Awaitable[Out]]
    add: Callable[[Person, int, In], Awaitable[Out]]
    update: Callable[[Person, int, int, In], Awaitable[Out]]
    delete: Callable[[Person, int, int], Awaitable[None]]
    values: Callable[[Out | None], dict[str, Any]]  # the form's values, empty or from an item
    added: Callable[[Out], str]
    saved: Callable[[Out], str]
    deleted: str
    anchor: str  # where the organisation's page lists them
    context: Mapping[str, Any] = field(default_factory=dict)

    def listed(self, organisation_id: int) -> str:
        return f"/structures/{organisation_id}#{self.anchor}"

    async def form_page(
        self, request: Req, user: Person, organisation_id: int, refused: Refused
    ) -> Template:
        org = await organisations.get_organisation(organisation_id, user)
        return show_form(
            request,
            self.template,
            refused,
            organisation=org,
            action=request.url.path,
            **self.context,
        )

    async def show(
        self, request: Req, user: Person, organisation_id: int, item_id: int | None
    ) -> Template:
        """The empty form, or the form of the item ``item_id``."""
        ensure_manages(user, organisation_id)
        item = None if item_id is None else await self.get(organisation_id, item_id)
        return await self.form_page(request, user, organisation_id, fresh(self.values(item)))

    async def save(
        self, request: Req, user: Person, organisation_id: int, item_id: int | None
    ) -> Template | Redirect:
        ensure_manages(user, organisation_id)
        posted = await read_form(request, self.schema)

        async def store(data: In) -> Out:
            if item_id is None:
                return await self.add(user, organisation_id, data)
            return await self.update(user, organisation_id, item_id, data)

        message = self.added if item_id is None else self.saved
        result: Template | Redirect = await posted.submit(
            store,
            lambda item: redirect(self.listed(organisation_id), message(item)),
            lambda refused: self.form_page(request, user, organisation_id, refused),
        )
        return result


def item_pages(name: str, kind: ItemKind[Any, Any]) -> type[Controller]:
    """The pages of ``kind`` under /structures/{organisation_id}/<kind.path>."""

    class ItemPages(Controller):
        path = f"/structures/{{organisation_id:int}}/{kind.path}"
        include_in_schema = False

        @get(f"/{kind.new}")
        async def new_form(self, request: Req, organisation_id: Id, user: LoggedIn) -> Template:
            return await kind.show(request, user, organisation_id, None)

        @post(f"/{kind.new}")
        async def create(
            self, request: Req, organisation_id: Id, user: LoggedIn
        ) -> Template | Redirect:
            return await kind.save(request, user, organisation_id, None)

        @get(ITEM)
        async def edit_form(
            self, request: Req, organisation_id: Id, item_id: Id, user: LoggedIn
        ) -> Template:
            return await kind.show(request, user, organisation_id, item_id)

        @post(ITEM)
        async def edit(
            self, request: Req, organisation_id: Id, item_id: Id, user: LoggedIn
        ) -> Template | Redirect:
            return await kind.save(request, user, organisation_id, item_id)

        @post("/{item_id:int}/supprimer")
        async def remove(self, organisation_id: Id, item_id: Id, user: LoggedIn) -> Redirect:
            await kind.delete(user, organisation_id, item_id)
            return redirect(kind.listed(organisation_id), kind.deleted)

    ItemPages.__name__ = ItemPages.__qualname__ = name
    return ItemPages


def capability_values(cap: CapabilityOut | None) -> dict[str, Any]:
    if cap is None:
        return {"kind": "services"}
    return form_values(CapabilityIn, cap, cpv_codes=", ".join(c.full_code for c in cap.cpv))


def reference_values(ref: ReferenceOut | None) -> dict[str, Any]:
    return {"shareable": False} if ref is None else form_values(ReferenceIn, ref)


CAPABILITIES: ItemKind[CapabilityIn, CapabilityOut] = ItemKind(
    path="savoir-faire",
    new="nouveau",
    template="members/capability_form.html",
    schema=CapabilityIn,
    get=capabilities.get_capability,
    add=capabilities.add_capability,
    update=capabilities.update_capability,
    delete=capabilities.delete_capability,
    values=capability_values,
    added=lambda cap: f"Savoir-faire « {cap.title} » ajouté.",
    saved=lambda cap: f"Savoir-faire « {cap.title} » enregistré.",
    deleted="Savoir-faire supprimé.",
    anchor="savoir-faire",
    context={"capability_kinds": CAPABILITY_KINDS},
)

REFERENCES: ItemKind[ReferenceIn, ReferenceOut] = ItemKind(
    path="references",
    new="nouvelle",
    template="members/reference_form.html",
    schema=ReferenceIn,
    get=references.get_reference,
    add=references.add_reference,
    update=references.update_reference,
    delete=references.delete_reference,
    values=reference_values,
    added=lambda _: "Référence ajoutée.",
    saved=lambda _: "Référence enregistrée.",
    deleted="Référence supprimée.",
    anchor="references",
)

CapabilityPages = item_pages("CapabilityPages", CAPABILITIES)
ReferencePages = item_pages("ReferencePages", REFERENCES)
