"""The response outline (mémoire technique) and writing it together.

Every save is a new version; a save must say which version it was written from, and a
save from a stale version is refused (409 on the pages, 412 through the API) with both
texts kept, so that nothing anybody typed is lost."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec

from tenders import db
from tenders import text as texts
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia import service, wording
from tenders.consortia.access import (
    MEMOIRE_FROZEN,
    ensure_can_see,
    ensure_can_write,
    frozen,
)
from tenders.consortia.rules import DECLINED
from tenders.consortia.tables import ConsortiumMember, Section, SectionComment, SectionVersion
from tenders.documents import RenderError, TemplateRefused, blocks
from tenders.documents.isolation import Limits, read_word
from tenders.documents.word import text_to_docx
from tenders.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from tenders.storage import safe_filename

STATUSES = {
    "a_rediger": "À rédiger",
    "en_cours": "En cours",
    "a_relire": "À relire",
    "validee": "Validée",
}
DEFAULT_OUTLINE = (
    "Présentation du groupement",
    "Moyens humains",
    "Moyens matériels",
    "Méthode et organisation",
    "Planning",
    "Insertion et engagement social",
    "Engagement environnemental",
    "Références",
)
MAX_BODY = 200_000
COMMENT_LIMIT = 5000
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WORD_TOO_HEAVY = (
    "Ce document Word est trop lourd à lire (trop long ou trop de mémoire demandée) : rien "
    "n'est importé. Importez-le en plusieurs morceaux, ou copiez-en le texte dans la zone "
    "d'écriture."
)


class StaleVersion(DomainError):
    """The text was saved elsewhere (another person, another tab) since this one was loaded."""

    status_code = 409

    def __init__(self, current: SectionOut, yours: str) -> None:
        super().__init__(
            "Cette partie a été enregistrée ailleurs (par une autre personne ou dans un autre "
            f"onglet) pendant que vous écriviez (version {current.version}). Votre texte n'est "
            "pas perdu : comparez les deux, puis enregistrez la version qui convient."
        )
        self.current = current
        self.yours = yours


class CommentOut(msgspec.Struct):
    author_label: str
    body: str
    created_at: datetime


class VersionOut(msgspec.Struct):
    version: int
    author_label: str
    created_at: datetime
    length: int


class SectionOut(msgspec.Struct):
    id: int
    consortium_id: int
    title: str
    assignee_id: int | None
    assignee_name: str | None
    assignee_user_id: int | None
    due_at: datetime | None
    status: str
    status_label: str
    version: int
    body: str
    updated_at: datetime


class SectionDetail(msgspec.Struct):
    section: SectionOut
    versions: list[VersionOut]
    comments: list[CommentOut]


class Person(msgspec.Struct):
    id: int
    label: str


async def _taking_part(consortium_id: int) -> list[int]:
    """The structures a part can go to: those of the consortium that did not decline."""
    rows = await ConsortiumMember.select(ConsortiumMember.organisation).where(
        (ConsortiumMember.consortium == consortium_id) & (ConsortiumMember.invitation != DECLINED)
    )
    return [r["organisation"] for r in rows]


async def writers(consortium_id: int) -> list[Person]:
    """Who a part can be given to: the coordination and the directors of the structures
    taking part."""
    from tenders.accounts.tables import User

    orgs = await _taking_part(consortium_id) or [0]
    rows = await User.select(
        User.id, User.full_name, User.role, User.organisation.name.as_alias("org")
    ).where(
        (User.is_active == True)  # noqa: E712
        & ((User.role.is_in(["admin", "coordinator"])) | User.organisation.is_in(orgs))
    )
    return [
        Person(id=r["id"], label=f"{r['full_name']} ({r['org'] or 'coordination'})")
        for r in sorted(rows, key=lambda r: r["full_name"])
    ]


def _select() -> Any:
    """Parts as ``SectionOut`` names their columns."""
    return Section.select(
        Section.id,
        Section.consortium.as_alias("consortium_id"),
        Section.title,
        Section.assignee.as_alias("assignee_id"),
        Section.assignee.name.as_alias("assignee_name"),
        Section.assignee_user.as_alias("assignee_user_id"),
        Section.due_at,
        Section.status,
        Section.version,
        Section.body,
        Section.updated_at,
    )


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "status_label": STATUSES.get(row["status"], row["status"])}


def _out(row: dict[str, Any]) -> SectionOut:
    return SectionOut(**_labelled(row))


async def list_sections(viewer: CurrentUser, consortium_id: int) -> list[SectionOut]:
    await ensure_can_see(viewer, consortium_id)
    rows = await _select().where(Section.consortium == consortium_id).order_by(Section.position)
    return [_out(r) for r in rows]


@dataclass(frozen=True, slots=True)
class OutlineMade:
    """The parts of the outline just made, and what the page says of parts the coordination
    keeps (empty when every structure has someone to write)."""

    sections: list[SectionOut]
    note: str


async def create_default_outline(actor: CurrentUser, consortium_id: int) -> OutlineMade:
    """The usual parts, each member's presentation after the consortium's, due a week before
    the offer deadline when it is known; a structure nobody can write for gets no part
    (``rules.default_outline``)."""
    row = await ensure_can_see(actor, consortium_id)
    if not actor.is_staff:
        raise Forbidden("Seule la coordination prépare le plan du mémoire.")
    if frozen(row):
        raise Conflict(MEMOIRE_FROZEN)
    if await Section.exists().where(Section.consortium == consortium_id):
        raise Conflict("Le plan du mémoire existe déjà : modifiez-le partie par partie.")
    outline = await service.default_outline(consortium_id, DEFAULT_OUTLINE)
    due = row["offers_deadline"] - timedelta(days=7) if row["offers_deadline"] else None
    now = utcnow()
    async with db.transaction():
        await Section.insert(
            *[
                Section(
                    consortium=consortium_id,
                    position=i,
                    title=title,
                    assignee=assignee,
                    due_at=due,
                    status="a_rediger",
                    version=0,
                    body="",
                    updated_at=now,
                )
                for i, (title, assignee) in enumerate(outline.parts)
            ]
        )
    made = await list_sections(actor, consortium_id)
    return OutlineMade(made, wording.outline_kept(outline.kept))


async def get_section(viewer: CurrentUser, consortium_id: int, section_id: int) -> SectionDetail:
    await ensure_can_see(viewer, consortium_id)
    return await _detail(consortium_id, section_id)


async def _detail(consortium_id: int, section_id: int) -> SectionDetail:
    """A part of this consortium, read once its reader has been checked."""
    rows = await _select().where((Section.id == section_id) & (Section.consortium == consortium_id))
    if not rows:
        raise NotFound("Cette partie du mémoire n'existe pas.")
    versions = (
        await SectionVersion.select()
        .where(SectionVersion.section == section_id)
        .order_by(SectionVersion.version, ascending=False)
    )
    comments = (
        await SectionComment.select(
            SectionComment.author_label, SectionComment.body, SectionComment.created_at
        )
        .where(SectionComment.section == section_id)
        .order_by(SectionComment.created_at)
    )
    return SectionDetail(
        section=_out(rows[0]),
        versions=[
            VersionOut(
                version=v["version"],
                author_label=v["author_label"],
                created_at=v["created_at"],
                length=len(v["body"]),
            )
            for v in versions
        ],
        comments=[CommentOut(**c) for c in comments],
    )


def _authored(actor: CurrentUser, now: datetime) -> dict[str, Any]:
    """Who wrote a version or a comment, under the name they have now, and when."""
    return {"author": actor.id, "author_label": actor.full_name, "created_at": now}


def may_write(actor: CurrentUser, section: SectionOut) -> bool:
    """Whether ``actor`` writes this part: the coordination, or the person or structure it is
    given to."""
    return (
        actor.is_staff
        or actor.id == section.assignee_user_id
        or (actor.organisation_id is not None and actor.organisation_id == section.assignee_id)
    )


def _fitting(body: str, field: str = "body") -> str:
    if len(body) > MAX_BODY:
        raise Invalid({field: "Le texte dépasse 200 000 caractères : découpez-le."})
    return body


async def _writable(actor: CurrentUser, consortium_id: int, section_id: int) -> SectionOut:
    """The part, when ``actor`` may write it now."""
    await ensure_can_write(actor, consortium_id)
    section = (await _detail(consortium_id, section_id)).section
    if not may_write(actor, section):
        raise Forbidden(
            "Cette partie est confiée à une autre structure : vous pouvez la lire et la commenter."
        )
    if section.status == "validee" and not actor.is_staff:
        raise Conflict("Cette partie est validée : demandez à la coordination de la rouvrir.")
    return section


async def save(
    actor: CurrentUser,
    consortium_id: int,
    section_id: int,
    body: str,
    base_version: int,
) -> SectionOut:
    """A new version, only if ``base_version`` is still the current one."""
    section = await _writable(actor, consortium_id, section_id)
    return await _store(actor, section, _fitting(body), base_version)


async def _store(
    actor: CurrentUser, section: SectionOut, body: str, base_version: int, source: str = ""
) -> SectionOut:
    """``body`` as the part's next version, from ``source`` (« word ») when not typed."""
    consortium_id, section_id = section.consortium_id, section.id
    now = utcnow()
    async with db.transaction():
        updated = (
            await Section.update(
                {
                    Section.body: body,
                    Section.version: Section.version + 1,
                    Section.updated_at: now,
                    Section.updated_by: actor.id,
                    Section.status: "en_cours" if section.status == "a_rediger" else section.status,
                }
            )
            .where((Section.id == section_id) & (Section.version == base_version))
            .returning(Section.version)
        )
        if not updated:
            raise StaleVersion((await _detail(consortium_id, section_id)).section, body)
        version = updated[0]["version"]
        await SectionVersion.insert(
            SectionVersion(section=section_id, version=version, body=body, **_authored(actor, now))
        )
        await audit.record(
            actor,
            "section.saved",
            ("section", section_id),
            detail={"version": version, **({"source": source} if source else {})},
        )
    return (await _detail(consortium_id, section_id)).section


async def preview(viewer: CurrentUser, consortium_id: int, section_id: int, body: str) -> str:
    """``body`` (not saved) as the page shows a part's text, for whoever reads the part."""
    await get_section(viewer, consortium_id, section_id)
    return blocks.to_html(_fitting(body))


async def import_word(
    actor: CurrentUser,
    consortium_id: int,
    section_id: int,
    document: bytes,
    base_version: int,
    *,
    replace: bool,
    limits: Limits,
) -> SectionOut:
    """A person's Word document as the part's next version: its text in place of the part's
    (``replace``) or after it. The text before stays a version; a stale ``base_version`` is
    refused as a save is. The document is read in the rendering child, after the checks
    every uploaded DOCX gets, once the person is known to write this part."""
    section = await _writable(actor, consortium_id, section_id)
    if not document:
        raise Invalid({"document": "Choisissez le document Word (.docx) à importer."})
    try:
        text = await read_word(document, limits)
    except TemplateRefused as exc:
        raise Invalid({"document": exc.message}) from exc
    except RenderError as exc:
        raise Invalid({"document": WORD_TOO_HEAVY}) from exc
    if not text.strip():
        raise Invalid({"document": "Ce document Word ne contient pas de texte à importer."})
    current = section.body.rstrip()
    body = text if replace or not current else f"{current}\n\n{text}"
    return await _store(actor, section, _fitting(body, "document"), base_version, "word")


async def word_file(
    viewer: CurrentUser, consortium_id: int, section_id: int, version: int | None = None
) -> tuple[str, bytes]:
    """The part as a Word document of its own (its title, then its text, or the text of an
    earlier ``version``): a file name any system accepts, and the document, written off the
    event loop."""
    section = (await get_section(viewer, consortium_id, section_id)).section
    body, stem = section.body, section.title
    if version is not None and version != section.version:
        rows = await SectionVersion.select(SectionVersion.body).where(
            (SectionVersion.section == section_id) & (SectionVersion.version == version)
        )
        if not rows:
            raise NotFound("Cette version de la partie n'existe pas.")
        body, stem = rows[0]["body"], f"{section.title} (version {version})"
    document = await asyncio.to_thread(text_to_docx, section.title, body)
    return safe_filename(stem, "docx"), document


async def set_status(
    actor: CurrentUser, consortium_id: int, section_id: int, status: str
) -> SectionOut:
    await ensure_can_write(actor, consortium_id)
    detail = await _detail(consortium_id, section_id)
    if status not in STATUSES:
        raise Invalid({"status": "Statut inconnu."})
    if status == "validee" or detail.section.status == "validee":
        if not actor.is_staff:
            raise Forbidden("Seule la coordination valide une partie ou la rouvre.")
    elif not may_write(actor, detail.section):
        raise Forbidden("Cette partie est confiée à une autre structure.")
    async with db.transaction():
        await Section.update({Section.status: status}).where(Section.id == section_id)
        await audit.record(
            actor, "section.status_changed", ("section", section_id), detail={"status": status}
        )
    return (await _detail(consortium_id, section_id)).section


async def comment(actor: CurrentUser, consortium_id: int, section_id: int, body: str) -> None:
    """Comments do not change the bid: they stay possible once it is submitted."""
    await get_section(actor, consortium_id, section_id)
    errors: dict[str, str] = {}
    text = texts.block("comment", body, COMMENT_LIMIT, errors)
    if errors:
        raise Invalid(errors)
    if not text:
        raise Invalid({"comment": "Écrivez votre commentaire."})
    async with db.transaction():
        await SectionComment.insert(
            SectionComment(section=section_id, body=text, **_authored(actor, utcnow()))
        )


class SectionMetaIn(msgspec.Struct):
    """What the coordination sets on a part: its title, who writes it, by when."""

    title: str
    assignee_id: int | None = None
    assignee_user_id: int | None = None
    due_at: datetime | None = None
    position: int | None = None


async def _check_meta(consortium_id: int, data: SectionMetaIn) -> dict[Any, Any]:
    errors: dict[str, str] = {}
    title = texts.line("title", data.title, 200, errors)
    if not title and "title" not in errors:
        errors["title"] = "Donnez un titre à cette partie du mémoire."
    if data.assignee_id is not None and data.assignee_id not in await _taking_part(consortium_id):
        errors["assignee_id"] = (
            "Confiez la partie à une structure du groupement (une structure qui a décliné "
            "l'invitation n'en fait plus partie)."
        )
    if data.assignee_user_id is not None:
        people = await writers(consortium_id)
        if data.assignee_user_id not in {p.id for p in people}:
            errors["assignee_user_id"] = (
                "Confiez la partie à une personne de la coordination ou d'une structure du "
                "groupement."
            )
    if data.due_at is not None and data.due_at.tzinfo is None:
        errors["due_at"] = "Indiquez le fuseau horaire de l'échéance."
    if errors:
        raise Invalid(errors)
    values: dict[Any, Any] = {
        Section.title: title,
        Section.assignee: data.assignee_id,
        Section.assignee_user: data.assignee_user_id,
        Section.due_at: data.due_at,
    }
    if data.position is not None:
        values[Section.position] = data.position
    return values


async def add_section(actor: CurrentUser, consortium_id: int, data: SectionMetaIn) -> SectionOut:
    row = await ensure_can_see(actor, consortium_id)
    if not actor.is_staff:
        raise Forbidden("Seule la coordination modifie le plan du mémoire.")
    if frozen(row):
        raise Conflict(MEMOIRE_FROZEN)
    values = await _check_meta(consortium_id, data)
    last = (
        await Section.select(Section.position)
        .where(Section.consortium == consortium_id)
        .order_by(Section.position, ascending=False)
        .first()
    )
    async with db.transaction():
        rows = await Section.insert(
            Section(
                consortium=consortium_id,
                position=(last["position"] + 1) if last else 0,
                status="a_rediger",
                version=0,
                body="",
                updated_at=utcnow(),
                **{k._meta.name: v for k, v in values.items() if k is not Section.position},
            )
        ).returning(Section.id)
    return (await _detail(consortium_id, int(rows[0]["id"]))).section


async def update_section_meta(
    actor: CurrentUser, consortium_id: int, section_id: int, data: SectionMetaIn
) -> SectionOut:
    row = await ensure_can_see(actor, consortium_id)
    await _detail(consortium_id, section_id)
    if not actor.is_staff:
        raise Forbidden("Seule la coordination modifie le plan du mémoire.")
    if frozen(row):
        raise Conflict(MEMOIRE_FROZEN)
    values = await _check_meta(consortium_id, data)
    async with db.transaction():
        await Section.update(values).where(Section.id == section_id)
    return (await _detail(consortium_id, section_id)).section


async def delete_section(actor: CurrentUser, consortium_id: int, section_id: int) -> None:
    row = await ensure_can_see(actor, consortium_id)
    detail = await _detail(consortium_id, section_id)
    if not actor.is_staff:
        raise Forbidden("Seule la coordination modifie le plan du mémoire.")
    if frozen(row):
        raise Conflict(MEMOIRE_FROZEN)
    if detail.section.body.strip():
        raise Conflict(
            "Cette partie contient du texte : videz-la ou gardez-la. Rien de ce qui "
            "a été écrit n'est supprimé sans le vouloir."
        )
    async with db.transaction():
        await Section.delete().where(Section.id == section_id)


async def release_parts(consortium_id: int, organisation_id: int) -> None:
    """A structure that declined, left or was removed writes nothing any more: its parts,
    and those given to its people, go back to the coordination to give again."""
    from tenders.accounts.tables import User

    people = [
        u["id"] for u in await User.select(User.id).where(User.organisation == organisation_id)
    ] or [0]
    await Section.update({Section.assignee: None}).where(
        (Section.consortium == consortium_id) & (Section.assignee == organisation_id)
    )
    await Section.update({Section.assignee_user: None}).where(
        (Section.consortium == consortium_id) & Section.assignee_user.is_in(people)
    )
