"""The collective's watch profile: read it (with the CPV codes the members' capabilities
propose), and save it, checked, for the coordination only."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count

from tenders import db
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.cpv import parse
from tenders.cpv.labels import labels as cpv_labels
from tenders.errors import Invalid
from tenders.members.access import Person, ensure_staff
from tenders.members.identifiers import clean_departement
from tenders.members.tables import CapabilityCpv
from tenders.procurement.vocabulary import KINDS
from tenders.text import line
from tenders.watch.keywords import forms
from tenders.watch.schemas import ProposedCpv, WatchCpv, WatchProfileIn, WatchProfileOut
from tenders.watch.tables import WatchProfile

MAX_CODES = 100
MAX_KEYWORDS = 50
KEYWORD_CHARS = 100
MAX_DAYS = 365
PROPOSED = 30  # codes proposed at most
_EMPTY = WatchProfileIn()


def _each_once(
    raws: Iterable[str], clean: Callable[[str], str], field: str, errors: dict[str, str]
) -> list[str]:
    """Each value cleaned by ``clean``, once, in order; what it refuses is the error of
    ``field`` (its ValueError says why, in French)."""
    found: dict[str, None] = {}
    for raw in filter(str.strip, raws):
        try:
            found[clean(raw)] = None
        except ValueError as exc:
            errors[field] = str(exc)
    return list(found)


def _keywords(raws: list[str], errors: dict[str, str]) -> list[str]:
    """Keywords cleaned as one-line texts, each once (accents and capitals aside)."""
    kept: dict[tuple[str, str], str] = {}
    for raw in raws:
        text = line("keywords", raw, KEYWORD_CHARS, errors)
        if text:
            kept.setdefault(forms(text), text)
    if "keywords" in errors:
        errors["keywords"] = f"Un mot-clé compte {KEYWORD_CHARS} caractères au plus."
    return list(kept.values())


def clean_profile(data: WatchProfileIn) -> dict[str, Any]:
    """The profile's columns, checked; Invalid naming every field to fix."""
    errors: dict[str, str] = {}
    codes = _each_once(data.cpv_codes, lambda raw: parse(raw).digits, "cpv_codes", errors)
    departements = _each_once(data.departements, clean_departement, "departements", errors)
    keywords = _keywords(data.keywords, errors)
    limits = {
        "cpv_codes": (codes, MAX_CODES, "codes CPV"),
        "keywords": (keywords, MAX_KEYWORDS, "mots-clés"),
    }
    for field, (values, most, what) in limits.items():
        if len(values) > most and field not in errors:
            errors[field] = f"Vous avez indiqué {len(values)} {what} pour {most} au plus."
    if any(kind not in KINDS for kind in data.kinds):
        errors["kinds"] = "Choisissez parmi les natures : travaux, fournitures, services."
    if not 0 <= data.min_days_left <= MAX_DAYS:
        errors["min_days_left"] = (
            f"Le délai restant avant la date limite se compte entre 0 et {MAX_DAYS} jours."
        )
    if errors:
        raise Invalid(errors)
    return {
        "cpv_codes": codes,
        "departements": departements,
        "kinds": [kind for kind in KINDS if kind in data.kinds],
        "reserved_only": data.reserved_only,
        "keywords": keywords,
        "min_days_left": data.min_days_left,
    }


async def proposed_codes(exclude: Iterable[str] = ()) -> list[tuple[str, int]]:
    """The CPV codes of the members' capabilities, with how many capabilities name each,
    the most frequent first (then by code); ``exclude`` left out."""
    rows = await CapabilityCpv.select(CapabilityCpv.code, Count(alias="n")).group_by(
        CapabilityCpv.code
    )
    counts = {row["code"]: row["n"] for row in rows}
    for code in exclude:
        counts.pop(code, None)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:PROPOSED]


async def _row() -> dict[str, Any] | None:
    rows = await WatchProfile.select().output(load_json=True).limit(1)
    return rows[0] if rows else None


async def _to_out(row: dict[str, Any] | None) -> WatchProfileOut:
    values = row or {**msgspec.structs.asdict(_EMPTY), "updated_at": None, "updated_by": None}
    codes = values["cpv_codes"]
    proposed = await proposed_codes(exclude=codes)
    names = await cpv_labels([*codes, *(code for code, _ in proposed)])

    def cpv(code: str) -> dict[str, Any]:
        return {"code": code, "full_code": parse(code).full, "label": names.get(code)}

    return msgspec.convert(
        {
            **values,
            "cpv_codes": [parse(code).full for code in codes],
            "cpv": [WatchCpv(**cpv(code)) for code in codes],
            "proposed_cpv": [ProposedCpv(**cpv(code), capabilities=n) for code, n in proposed],
        },
        WatchProfileOut,
        from_attributes=True,
    )


async def get_profile(user: Person) -> WatchProfileOut:
    ensure_staff(user)
    return await _to_out(await _row())


async def update_profile(user: Person, data: WatchProfileIn) -> WatchProfileOut:
    """Replace the whole profile (the coordination only)."""
    ensure_staff(user)
    values = clean_profile(data)
    stamped = {**values, "updated_at": utcnow(), "updated_by": user.actor_id}
    columns = {getattr(WatchProfile, name): value for name, value in stamped.items()}
    async with db.transaction():
        # The one row, made by the first save; two first saves at once make it once.
        await WatchProfile.insert(WatchProfile()).on_conflict(action="DO NOTHING")
        await WatchProfile.update(columns, force=True)
        profile_id = (await WatchProfile.select(WatchProfile.id).first() or {}).get("id")
        subject = ("watch_profile", profile_id)
        await audit.record(user, "watch_profile.updated", subject, detail=values)
    return await get_profile(user)


async def add_code(user: Person, code: str) -> WatchProfileOut:
    """Add one CPV code (a proposed one, in one click) to the profile as it stands."""
    current = await get_profile(user)
    kept = {name: getattr(current, name) for name in WatchProfileIn.__struct_fields__}
    return await update_profile(
        user, WatchProfileIn(**{**kept, "cpv_codes": [*kept["cpv_codes"], code]})
    )
