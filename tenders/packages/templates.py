"""The templates in use: those shipped in ``templates_docx/``, or the newest version uploaded.

An upload is checked before it is kept (``check_template``) and rendered once with the demo
data, so a template that would fail at the deadline is refused at upload. Both happen in a
child process under time and memory limits (``isolation``): a template that spins or swells
is refused in French and costs the web server nothing. The document of that trial rendering
is kept as the version's preview, so a visit to the preview renders nothing. Versions are never
deleted; withdrawing one puts the previous version (or the shipped file) back in use."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from datetime import datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import msgspec

import tenders
from tenders import db
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.documents import RenderError, TemplateRefused
from tenders.documents.isolation import Limits, check_and_render, render_documents
from tenders.documents.template_check import MAX_COMPRESSED
from tenders.errors import Conflict, Invalid, NotFound
from tenders.formatting import size_fr
from tenders.members.access import ensure_staff
from tenders.packages.contract import LABELS, variables
from tenders.packages.demo import KINDS, demo_context
from tenders.packages.latest import latest, next_version
from tenders.packages.tables import DocumentTemplate
from tenders.settings import Settings, get_settings
from tenders.storage import load, safe_filename, store
from tenders.storage.sniff import FileTooLarge

KIND_LABELS = LABELS
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateVersionOut(msgspec.Struct):
    version: int
    filename: str
    size: int
    comment: str
    uploaded_by_label: str
    uploaded_at: datetime
    withdrawn_at: datetime | None


class TemplateKindOut(msgspec.Struct):
    kind: str
    label: str
    in_use: int  # 0: the shipped template
    versions: list[TemplateVersionOut]


def shipped_dir() -> Traversable:
    """TENDERS_TEMPLATES_DIR if set; else the copy an installed package carries (see setup.py);
    else ``templates_docx/`` of the source tree (an editable install)."""
    configured = get_settings().templates_dir
    if configured:
        return Path(configured)
    packaged = resources.files("tenders") / "_templates_docx"
    if packaged.is_dir():
        return packaged
    return Path(tenders.__file__).resolve().parents[1] / "templates_docx"


def shipped_template(kind: str) -> bytes:
    return (shipped_dir() / f"{kind}.docx").read_bytes()


def known_variables(kind: str) -> set[str]:
    """What a template of this kind may use: its contract's fields."""
    return variables(kind)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise NotFound("Ce modèle de document n'existe pas.")


async def _in_use(kind: str) -> dict[str, Any] | None:
    return await latest(
        DocumentTemplate.version,
        (DocumentTemplate.kind == kind) & DocumentTemplate.withdrawn_at.is_null(),
    )


async def templates_in_use() -> dict[str, bytes]:
    """The template bytes each document is compiled from."""
    result = {}
    for kind in KINDS:
        row = await _in_use(kind)
        result[kind] = await load(row["file_sha256"]) if row else shipped_template(kind)
    return result


async def list_templates(viewer: CurrentUser) -> list[TemplateKindOut]:
    ensure_staff(viewer)
    rows = await DocumentTemplate.select().order_by(DocumentTemplate.version, ascending=False)
    result = []
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        in_use = next((r["version"] for r in mine if r["withdrawn_at"] is None), 0)
        result.append(
            TemplateKindOut(
                kind=kind,
                label=KIND_LABELS[kind],
                in_use=in_use,
                versions=[
                    msgspec.convert(r, TemplateVersionOut, from_attributes=True) for r in mine
                ],
            )
        )
    return result


def template_limits(settings: Settings) -> Limits:
    """What checking or previewing one template may take."""
    return Limits(settings.template_timeout_seconds, settings.render_memory_mb)


async def upload(
    actor: CurrentUser,
    kind: str,
    data: bytes,
    filename: str,
    comment: str = "",
    settings: Settings | None = None,
) -> TemplateVersionOut:
    """Check, try and keep a new version of the template ``kind``; it is in use at once."""
    ensure_staff(actor)
    _check_kind(kind)
    if not data:
        raise Invalid({"file": "Choisissez le fichier Word (.docx) du modèle."})
    if len(data) > MAX_COMPRESSED:
        raise FileTooLarge(
            f"Le modèle dépasse la taille maximale de {size_fr(MAX_COMPRESSED)}. "
            "Réduisez les images qu'il contient puis déposez-le à nouveau."
        )
    if filename.lower().endswith((".docm", ".dotm")):
        raise TemplateRefused(
            "Les documents Word avec macros (.docm) sont refusés. Enregistrez le modèle au "
            "format « Document Word (.docx) » puis déposez-le."
        )
    limits = template_limits(settings or get_settings())
    try:
        trial = await check_and_render(data, known_variables(kind), demo_context(kind), limits)
    except RenderError as exc:
        raise TemplateRefused(exc.message) from exc
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    clean_name = safe_filename(stem or kind, "docx")
    async with db.transaction():
        ref = await store(data, DOCX_TYPE)
        preview_ref = await store(trial, DOCX_TYPE)
        kept = TemplateVersionOut(
            version=await next_version(DocumentTemplate.version, DocumentTemplate.kind == kind),
            filename=clean_name,
            size=len(data),
            comment=comment.strip()[:2000],
            uploaded_by_label=actor.full_name or actor.email,
            uploaded_at=utcnow(),
            withdrawn_at=None,
        )
        version = kept.version
        try:
            await DocumentTemplate.insert(
                DocumentTemplate(
                    kind=kind,
                    file_sha256=ref.sha256,
                    uploaded_by=actor.id,
                    preview_sha256=preview_ref.sha256,
                    **msgspec.structs.asdict(kept),
                )
            )
        except Exception as exc:
            if db.is_unique_violation(exc):
                raise Conflict(
                    "Une autre version de ce modèle vient d'être déposée. Rechargez la page "
                    "puis recommencez."
                ) from exc
            raise
        await audit.record(
            actor,
            "template.uploaded",
            ("template", f"{kind} v{version}"),
            detail={"sha256": ref.sha256, "filename": clean_name},
        )
    return kept


async def _version(kind: str, version: int) -> dict[str, Any]:
    _check_kind(kind)
    rows = await DocumentTemplate.select().where(
        (DocumentTemplate.kind == kind) & (DocumentTemplate.version == version)
    )
    if not rows:
        raise NotFound("Cette version du modèle n'existe pas.")
    return rows[0]


async def withdraw(actor: CurrentUser, kind: str, version: int) -> None:
    """Stop using this version; the previous one (or the shipped file) is used again."""
    ensure_staff(actor)
    await _version(kind, version)
    async with db.transaction():
        await DocumentTemplate.update({DocumentTemplate.withdrawn_at: utcnow()}).where(
            (DocumentTemplate.kind == kind)
            & (DocumentTemplate.version == version)
            & DocumentTemplate.withdrawn_at.is_null()
        )
        await audit.record(actor, "template.withdrawn", ("template", f"{kind} v{version}"))


async def template_file(viewer: CurrentUser, kind: str, version: int) -> tuple[str, bytes]:
    """The file of one version (0: the shipped template), to open and restyle in Word."""
    ensure_staff(viewer)
    _check_kind(kind)
    if version == 0:
        return f"{kind}.docx", shipped_template(kind)
    row = await _version(kind, version)
    return row["filename"], await load(row["file_sha256"])


async def preview(
    viewer: CurrentUser, kind: str, version: int, settings: Settings | None = None
) -> tuple[str, bytes]:
    """The document this version produces with the demo data: the one kept when it was
    checked, or (shipped template, version kept before previews were) rendered once."""
    ensure_staff(viewer)
    _check_kind(kind)
    name = f"apercu_{kind}_v{version}.docx"
    if version == 0:
        return name, await _rendered_preview(kind, shipped_template(kind), settings)
    row = await _version(kind, version)
    if row["preview_sha256"]:
        return name, await load(row["preview_sha256"])
    document = await _rendered_preview(kind, await load(row["file_sha256"]), settings)
    async with db.transaction():
        ref = await store(document, DOCX_TYPE)
        await DocumentTemplate.update({DocumentTemplate.preview_sha256: ref.sha256}).where(
            DocumentTemplate.id == row["id"]
        )
    return name, document


# Previews rendered in this process, by kind and template digest: a failure is kept a while
# too, so that a template over the limits is not run again at every visit of its preview.
_PREVIEWS: OrderedDict[tuple[str, str], tuple[float, bytes | RenderError]] = OrderedDict()
_PREVIEWS_KEPT = 16
_FAILURE_KEPT_SECONDS = 600.0


async def _rendered_preview(kind: str, data: bytes, settings: Settings | None) -> bytes:
    key = (kind, hashlib.sha256(data).hexdigest())
    cached = _PREVIEWS.get(key)
    if cached is not None:
        at, kept = cached
        if isinstance(kept, bytes):
            return kept
        if time.monotonic() - at < _FAILURE_KEPT_SECONDS:
            raise type(kept)(kept.message)
    limits = template_limits(settings or get_settings())
    try:
        (document,) = await render_documents({kind: data}, [("", kind, demo_context(kind))], limits)
    except RenderError as exc:
        _keep(key, exc)
        raise
    _keep(key, document)
    return document


def _keep(key: tuple[str, str], value: bytes | RenderError) -> None:
    _PREVIEWS[key] = (time.monotonic(), value)
    _PREVIEWS.move_to_end(key)
    while len(_PREVIEWS) > _PREVIEWS_KEPT:
        _PREVIEWS.popitem(last=False)
