"""Reusable passages: who sees and edits them, how fresh they are, finding them.

The collective's passages (no organisation) are the coordination's to edit and everyone's to
read; an organisation's passages are its directors' to edit, and the others' to read only if
it shares them. The coordination reads everything. A passage is « à jour » until its review
delay has passed since it was last reviewed, then « à revoir », then « périmé » once the delay
has passed twice."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Any

import msgspec
from piccolo.columns.combination import WhereRaw

from tenders import db, meaning
from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.errors import Forbidden, Invalid, NotFound
from tenders.formatting import to_paris
from tenders.library.tables import Passage
from tenders.members import passages as for_matching
from tenders.members.tables import Organisation

THEMES = {
    "presentation": "Présentation",
    "moyens_humains": "Moyens humains",
    "moyens_materiels": "Moyens matériels",
    "methodes": "Méthodes et organisation",
    "insertion": "Insertion et engagements sociaux",
    "environnement": "Engagements environnementaux",
    "qualite": "Qualité",
}
FRESHNESS = {"a_jour": "À jour", "a_revoir": "À revoir", "perime": "Périmé"}
MAX_BODY = 50_000
_DIVISION = re.compile(r"^\d{2}$")


class PassageIn(msgspec.Struct):
    title: str
    body: str
    themes: list[str] = []
    cpv_divisions: list[str] = []
    review_days: int = 365
    # None: the collective's; otherwise the organisation it belongs to.
    organisation_id: int | None = None
    shared: bool = False


class PassageOut(msgspec.Struct):
    id: int
    title: str
    body: str
    themes: list[str]
    theme_labels: list[str]
    cpv_divisions: list[str]
    organisation_id: int | None
    owner_name: str
    shared: bool
    review_days: int
    reviewed_on: date
    review_due: date
    freshness: str
    freshness_label: str
    version: int
    editable: bool


def freshness(reviewed_on: date, review_days: int, at: date) -> str:
    due = reviewed_on + timedelta(days=review_days)
    if at < due:
        return "a_jour"
    if at < due + timedelta(days=review_days):
        return "a_revoir"
    return "perime"


def fold(text: str) -> str:
    """Lower case, accents removed: « Insérer » → « inserer »."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def may_edit(viewer: CurrentUser, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return viewer.is_staff
    return viewer.organisation_id == organisation_id and viewer.role == "member"


def _visible(viewer: CurrentUser) -> Any:
    if viewer.is_staff:
        return None
    clause = Passage.organisation.is_null() | (Passage.shared == True)  # noqa: E712
    if viewer.organisation_id is not None:
        clause = clause | (Passage.organisation == viewer.organisation_id)
    return clause


def _out(row: dict[str, Any], viewer: CurrentUser, at: date) -> PassageOut:
    state = freshness(row["reviewed_on"], row["review_days"], at)
    shown = {
        **row,
        "theme_labels": [THEMES.get(t, t) for t in row["themes"]],
        "owner_name": row["owner_name"] or "Le collectif",
        "shared": bool(row["shared"]),
        "review_due": row["reviewed_on"] + timedelta(days=row["review_days"]),
        "freshness": state,
        "freshness_label": FRESHNESS[state],
        "editable": may_edit(viewer, row["organisation_id"]),
    }
    return msgspec.convert(shown, PassageOut)


def _select() -> Any:
    """Passages as the answers name their columns, their JSON lists read as lists."""
    return Passage.select(
        *Passage.all_columns(exclude=[Passage.organisation]),
        Passage.organisation.as_alias("organisation_id"),
        Passage.organisation.name.as_alias("owner_name"),
    ).output(load_json=True)


def _today() -> date:
    return to_paris(utcnow()).date()


async def search(
    viewer: CurrentUser,
    q: str = "",
    theme: str = "",
    division: str = "",
    state: str = "",
    at: date | None = None,
) -> list[PassageOut]:
    """The passages the viewer may read, matching the words (French full text on PostgreSQL;
    on SQLite each word's first five letters, accents ignored), a theme and a CPV division."""
    at = at or _today()
    query = _select()
    visible = _visible(viewer)
    if visible is not None:
        query = query.where(visible)
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1][:10]
    if words and db.is_postgres():
        # Each word's French stem as a prefix: « insérer » (inser) finds « insertion » (insert).
        query = query.where(
            WhereRaw(
                "to_tsvector('french', title || ' ' || body) @@ to_tsquery('french', {})",
                " & ".join(f"{w}:*" for w in words),
            )
        )
    rows = await query.order_by(Passage.title)
    result = [_out(r, viewer, at) for r in rows]
    if words and not db.is_postgres():
        stems = [fold(w)[:5] for w in words]
        result = [p for p in result if all(s in fold(f"{p.title} {p.body}") for s in stems)]
    if theme:
        result = [p for p in result if theme in p.themes]
    if division:
        result = [p for p in result if division in p.cpv_divisions]
    if state:
        result = [p for p in result if p.freshness == state]
    return result


async def get_passage(viewer: CurrentUser, passage_id: int, at: date | None = None) -> PassageOut:
    query = _select().where(Passage.id == passage_id)
    visible = _visible(viewer)
    if visible is not None:
        query = query.where(visible)
    rows = await query
    if not rows:
        raise NotFound("Ce passage n'existe pas.")
    return _out(rows[0], viewer, at or _today())


def _clean(data: PassageIn) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(data.title.split())
    if not title:
        errors["title"] = "Donnez un titre au passage."
    elif len(title) > 200:
        errors["title"] = "Le titre dépasse 200 caractères."
    body = data.body.strip()
    if not body:
        errors["body"] = "Écrivez le texte du passage."
    elif len(body) > MAX_BODY:
        errors["body"] = "Le texte dépasse 50 000 caractères : découpez-le en plusieurs passages."
    unknown = [t for t in data.themes if t not in THEMES]
    if unknown:
        errors["themes"] = "Choisissez les thèmes dans la liste."
    divisions = sorted({d.strip() for d in data.cpv_divisions if d.strip()})
    if any(not _DIVISION.match(d) for d in divisions):
        errors["cpv_divisions"] = (
            "Indiquez les divisions CPV par leurs deux premiers chiffres, par exemple 77, 90."
        )
    if not 7 <= data.review_days <= 3 * 365:
        errors["review_days"] = "Le délai de relecture va de 7 jours à 3 ans."
    if errors:
        raise Invalid(errors)
    return {
        "title": title,
        "body": body,
        "themes": sorted(set(data.themes)),
        "cpv_divisions": divisions,
        "review_days": data.review_days,
    }


async def create(actor: CurrentUser, data: PassageIn) -> PassageOut:
    owner = data.organisation_id
    if owner is None and not actor.is_staff and actor.organisation_id is not None:
        owner = actor.organisation_id  # a director writes for their structure
    if not may_edit(actor, owner):
        raise Forbidden(
            "Vous pouvez ajouter des passages pour votre structure ; ceux du collectif sont "
            "ajoutés par la coordination."
        )
    if owner is not None and not await Organisation.exists().where(Organisation.id == owner):
        raise Invalid({"organisation_id": "Cette structure n'existe pas."})
    values = _clean(data)
    now = utcnow()
    vector = await _read(owner, values)
    async with db.transaction():
        rows = await Passage.insert(
            Passage(
                organisation=owner,
                shared=data.shared and owner is not None,
                reviewed_on=_today(),
                created_by=actor.id,
                created_at=now,
                updated_by=actor.id,
                updated_at=now,
                **values,
            )
        ).returning(Passage.id)
        fresh_until = _today() + timedelta(days=values["review_days"])
        await for_matching.keep(rows[0]["id"], owner, values["title"], vector, fresh_until)
    return await get_passage(actor, rows[0]["id"])


async def _read(owner: int | None, values: dict[str, Any]) -> bytes:
    """What a structure's passage is about, for matching (the collective's: not read)."""
    if owner is None:
        return b""
    return await meaning.read_passage(values["title"], values["body"])


async def _editable(actor: CurrentUser, passage_id: int) -> PassageOut:
    passage = await get_passage(actor, passage_id)
    if not passage.editable:
        raise Forbidden(
            "Ce passage appartient à "
            + ("la coordination" if passage.organisation_id is None else passage.owner_name)
            + " : vous pouvez le lire et le copier, pas le modifier."
        )
    return passage


async def update(actor: CurrentUser, passage_id: int, data: PassageIn) -> PassageOut:
    """A change of text is a new version (the copies in the mémoire see it) and a review."""
    current = await _editable(actor, passage_id)
    values = _clean(data)
    changed = values["title"] != current.title or values["body"] != current.body
    vector = await _read(current.organisation_id, values)
    async with db.transaction():
        await Passage.update(
            {
                **{getattr(Passage, k): v for k, v in values.items()},
                Passage.shared: data.shared and current.organisation_id is not None,
                Passage.version: current.version + (1 if changed else 0),
                Passage.reviewed_on: _today(),
                Passage.updated_by: actor.id,
                Passage.updated_at: utcnow(),
            }
        ).where(Passage.id == passage_id)
        fresh_until = _today() + timedelta(days=values["review_days"])
        await for_matching.keep(
            passage_id, current.organisation_id, values["title"], vector, fresh_until
        )
    return await get_passage(actor, passage_id)


async def mark_reviewed(actor: CurrentUser, passage_id: int) -> PassageOut:
    """Read again and still right: fresh for another delay, text unchanged."""
    current = await _editable(actor, passage_id)
    async with db.transaction():
        await Passage.update({Passage.reviewed_on: _today(), Passage.updated_at: utcnow()}).where(
            Passage.id == passage_id
        )
        await for_matching.reviewed(passage_id, _today() + timedelta(days=current.review_days))
    return await get_passage(actor, passage_id)


async def delete(actor: CurrentUser, passage_id: int) -> None:
    await _editable(actor, passage_id)
    async with db.transaction():
        await Passage.delete().where(Passage.id == passage_id)
        await for_matching.forget(passage_id)


async def read_unread() -> int:
    """The structures' passages saved before matching read them: read now (``tenders
    migrate``); how many."""
    kept = await for_matching.kept_ids()
    rows = await Passage.select(
        Passage.id,
        Passage.organisation,
        Passage.title,
        Passage.body,
        Passage.reviewed_on,
        Passage.review_days,
    ).where(Passage.organisation.is_not_null())
    count = 0
    for row in rows:
        if row["id"] in kept:
            continue
        vector = await _read(row["organisation"], row)
        if vector:
            fresh_until = row["reviewed_on"] + timedelta(days=row["review_days"])
            owner = row["organisation"]
            await for_matching.keep(row["id"], owner, row["title"], vector, fresh_until)
            count += 1
    return count
