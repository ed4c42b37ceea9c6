"""Importing a public notice into a draft tender; the same notice again updates the draft.

A re-import keeps what the coordination corrected by hand. Each import remembers what the
notice said, field by field and lot by lot (``tender.notice_values``, in the form the
tender's checks give it); at the next import a field whose value now differs from it was
corrected by hand: it is kept, and listed when the new notice says something else
(« l'avis dit …, vous aviez corrigé en … »). Every other field takes the notice's new value.
"""

from __future__ import annotations

import hashlib
import re
from copy import copy
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.cpv import parse
from tenders.errors import Invalid
from tenders.formatting import amount_fr, deadline_fr
from tenders.members.access import ensure_staff
from tenders.notices import NoticeDraft, read_notice
from tenders.notices.common import DESCRIPTION_CUT, TITLE_CUT
from tenders.notices.values import cuts_noted
from tenders.procurement import service
from tenders.procurement.schemas import ImportDifference, LotIn, TenderIn, TenderOut
from tenders.procurement.tables import Tender
from tenders.procurement.vocabulary import KINDS, PROCEDURES, RESERVED

S = TypeVar("S", bound=msgspec.Struct)
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")

# The fields a notice fills, with their French names. A deadline and « hour unknown » go
# together; so do an amount and its currency.
TENDER_FIELDS: dict[str, str] = {
    "title": "Objet",
    "reference": "Référence de l'acheteur",
    "buyer_name": "Acheteur",
    "buyer_siret": "SIRET de l'acheteur",
    "buyer_address": "Adresse de l'acheteur",
    "procedure": "Procédure",
    "kind": "Nature",
    "description": "Description",
    "duration_months": "Durée (mois)",
    "reserved": "Marché réservé",
    "social_clause": "Clause sociale",
    "documents_url": "Dossier de consultation",
    "departements": "Départements d'exécution",
    "offers_deadline": "Remise des offres",
    "questions_deadline": "Questions",
    "estimated_value": "Montant estimé total",
    "currency": "Devise",
}
LOT_FIELDS: dict[str, str] = {
    "title": "intitulé",
    "description": "description",
    "cpv_codes": "codes CPV",
    "departements": "départements",
    "estimated_value": "montant estimé",
    "reserved": "réservation",
    "duration_months": "durée (mois)",
}
# Fields only a person fills: an import never changes them.
_HAND_ONLY = (
    "insertion_hours",
    "forbid_alone_and_consortium",
    "one_consortium_only",
    "platform_url",
    "communes",
    "visit_deadline",
)
_SHOWN_MAX = 160


def _months(value: int | None) -> int | None:
    return value if value is not None and 0 < value <= 240 else None


def _shared(source: msgspec.Struct, schema: type[S], **changes: Any) -> S:
    """``schema`` made of the fields of ``source`` it has too (lists copied), and ``changes``."""
    mine = set(source.__struct_fields__) - set(changes)
    kept = {f: copy(getattr(source, f)) for f in schema.__struct_fields__ if f in mine}
    return schema(**kept, **changes)


def notice_tender(draft: NoticeDraft) -> TenderIn:
    """What the notice says, as a tender to check and write."""
    lots = [
        _shared(
            lot,
            LotIn,
            title=lot.title or f"Lot {lot.key}",
            duration_months=_months(lot.duration_months),
        )
        for lot in draft.lots
    ]
    return _shared(
        draft,
        TenderIn,
        title=draft.title or "Consultation sans titre",
        duration_months=_months(draft.duration_months),
        documents_url=draft.url if _URL.match(draft.url or "") else "",
        currency=draft.currency or "EUR",
        lots=lots,
    )


def as_tender_in(tender: TenderOut) -> TenderIn:
    """A tender as it stands, in the form it is written back (its lots included)."""
    lots = [_shared(lot, LotIn) for lot in tender.lots]
    return _shared(tender, TenderIn, estimated_value=tender.estimated_total, lots=lots)


# --- values in one comparable form ----------------------------------------------------------


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(service.PARIS).isoformat() if value is not None else None


_LISTS = frozenset({"departements", "cpv_codes"})  # written as JSON text by the checks


def _plain(field: str, value: Any) -> Any:
    if field in _LISTS and isinstance(value, str):
        return msgspec.json.decode(value)
    return value


def _money(value: Decimal | None, currency: str) -> list[str] | None:
    return [str(value.quantize(Decimal("0.01"))), currency] if value is not None else None


def snapshot(data: TenderIn) -> dict[str, Any]:
    """The notice fields of ``data`` once checked, as plain JSON values: what two tenders
    are compared on. Raises Invalid when ``data`` does not pass the checks."""
    values, lots = service.clean_tender(data)
    tender: dict[str, Any] = {}
    for field in TENDER_FIELDS:
        if field in {"offers_deadline", "questions_deadline"}:
            unknown = values[field.replace("deadline", "time_unknown")]
            tender[field] = [_moment(values[field]), bool(unknown)]
        elif field == "estimated_value":
            tender[field] = _money(values[field], values["currency"])
        else:
            tender[field] = _plain(field, values[field])
    return {
        "tender": tender,
        "lots": {
            lot["key"]: {
                field: _money(lot[field], lot["currency"])
                if field == "estimated_value"
                else _plain(field, lot[field])
                for field in LOT_FIELDS
            }
            for lot in lots or []
        },
    }


_LONG = 120


def _fingerprint(value: Any) -> Any:
    """The value, a long text by its SHA-256 only: enough to tell whether it changed."""
    if isinstance(value, str) and len(value) > _LONG:
        return "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return value


def remembered(snap: dict[str, Any]) -> dict[str, Any]:
    """What is kept of a ``snapshot`` on the tender (long texts by their fingerprint, so that
    300 lots of long descriptions stay a small row)."""
    return {
        "tender": {f: _fingerprint(v) for f, v in snap["tender"].items()},
        "lots": {
            key: {f: _fingerprint(v) for f, v in fields.items()}
            for key, fields in snap["lots"].items()
        },
    }


def _same(value: Any, was: Any) -> bool:
    return bool(_fingerprint(value) == _fingerprint(was))


# --- how a difference reads -------------------------------------------------------------------


def _shown(field: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if field in {"offers_deadline", "questions_deadline"}:
        moment, unknown = value
        if moment is None:
            return "—"
        return deadline_fr(datetime.fromisoformat(moment), unknown)
    if field == "estimated_value":
        amount, currency = value
        return amount_fr(Decimal(amount), currency) + " HT"
    if field == "reserved":
        return RESERVED.get(value, value)
    if field == "procedure":
        return PROCEDURES.get(value, value)
    if field == "kind":
        return KINDS.get(value, value)
    if field == "cpv_codes":
        return ", ".join(parse(code).full for code in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 1] + "…"


def _difference(field: str, label: str, notice: Any, kept: Any) -> ImportDifference:
    said, corrected = (
        _shown(field.rpartition(".")[2], notice),
        _shown(field.rpartition(".")[2], kept),
    )
    return ImportDifference(
        field=field,
        label=label,
        notice=said,
        kept=corrected,
        message=f"{label} : l'avis dit « {said} », vous aviez corrigé en « {corrected} ». "
        "Votre correction est gardée.",
    )


# --- the merge ------------------------------------------------------------------------------


def merge(
    notice: TenderIn, current: TenderIn, last: dict[str, Any]
) -> tuple[TenderIn, list[ImportDifference]]:
    """The tender a re-import writes: the notice's values, except where ``current`` differs
    from what the last import wrote (``last``, ``remembered`` of a ``snapshot``): those were
    corrected by hand and are kept; each kept one the notice contradicts is a difference."""
    said, now = snapshot(notice), snapshot(current)
    was_tender: dict[str, Any] = last.get("tender", {})
    was_lots: dict[str, dict[str, Any]] = last.get("lots", {})
    merged = msgspec.structs.replace(
        notice, **{field: getattr(current, field) for field in _HAND_ONLY}
    )
    differences: list[ImportDifference] = []
    for field, label in TENDER_FIELDS.items():
        if field not in was_tender or _same(now["tender"][field], was_tender[field]):
            continue  # not corrected: the notice's value
        _keep(merged, current, field)
        if said["tender"][field] != now["tender"][field]:
            differences.append(
                _difference(field, label, said["tender"][field], now["tender"][field])
            )

    current_lots = {lot.key: lot for lot in current.lots or []}
    lots: list[LotIn] = []
    for lot in notice.lots or []:
        mine = current_lots.pop(lot.key, None)
        if mine is None:
            if lot.key in was_lots:  # deleted by hand after the last import
                differences.append(_lot_gone(lot.key))
            else:
                lots.append(lot)
            continue
        lots.append(_merge_lot(lot, mine, said, now, was_lots.get(lot.key), differences))
    for key, mine in current_lots.items():
        if key not in was_lots:
            lots.append(mine)  # added by hand
        elif any(not _same(v, was_lots[key].get(f)) for f, v in now["lots"][key].items()):
            lots.append(mine)  # edited by hand, though the notice no longer has it
            differences.append(_lot_dropped(key))
    merged.lots = lots or list(current.lots or [])
    return merged, differences


def _keep(merged: TenderIn, current: TenderIn, field: str) -> None:
    setattr(merged, field, getattr(current, field))
    if field in {"offers_deadline", "questions_deadline"}:
        flag = field.replace("deadline", "time_unknown")
        setattr(merged, flag, getattr(current, flag))


def _merge_lot(
    lot: LotIn,
    mine: LotIn,
    said: dict[str, Any],
    now: dict[str, Any],
    was: dict[str, Any] | None,
    differences: list[ImportDifference],
) -> LotIn:
    if was is None:
        return lot  # the notice's lot now; not tracked before
    merged = msgspec.structs.replace(lot)
    for field, label in LOT_FIELDS.items():
        current_value = now["lots"][lot.key][field]
        if field not in was or _same(current_value, was[field]):
            continue
        setattr(merged, field, getattr(mine, field))
        if field == "estimated_value":
            merged.currency = mine.currency
        notice_value = said["lots"][lot.key][field]
        if notice_value != current_value:
            differences.append(
                _difference(
                    f"lots[{lot.key}].{field}",
                    f"Lot {lot.key} : {label}",
                    notice_value,
                    current_value,
                )
            )
    return merged


def _lot_kept(key: str, notice: str, kept: str, why: str) -> ImportDifference:
    """A lot the notice adds or drops, kept as it was corrected by hand."""
    label = f"Lot {key}"
    return ImportDifference(
        field=f"lots[{key}]", label=label, notice=notice, kept=kept, message=f"{label} : {why}"
    )


def _lot_gone(key: str) -> ImportDifference:
    why = "l'avis le compte toujours, vous l'aviez supprimé. Il reste supprimé."
    return _lot_kept(key, "présent", "supprimé", why)


def _lot_dropped(key: str) -> ImportDifference:
    return _lot_kept(
        key, "absent", "modifié", "l'avis ne le compte plus, vous l'aviez modifié. Il est gardé."
    )


async def import_notice(actor: CurrentUser, data: bytes) -> tuple[TenderOut, bool]:
    """Returns the draft and whether it was created (False: an earlier import was updated).
    The draft's ``import_warnings`` and ``import_differences`` say what to check.

    Nothing is written when the file cannot be read: ``read_notice`` raises first."""
    ensure_staff(actor)
    with cuts_noted() as cut_by_reader:
        draft = read_notice(data, now=utcnow())
    return await import_draft(actor, draft, cut_by_reader)


def source_key_of(draft: NoticeDraft) -> str:
    """The tender's identity for an imported notice: "eforms:<folder id>", "boamp:<idweb>"."""
    return f"{draft.source}:{draft.source_id}"[:200]


def _read(
    draft: NoticeDraft, cut_by_reader: list[str]
) -> tuple[TenderIn, list[str], dict[str, Any]]:
    """What a notice says as a tender (texts cut to their limits), the warnings on what was
    cut, and its ``snapshot``."""
    # A text longer than its limit is kept up to it, and the draft says so.
    notice, cut = service.fit_notice(notice_tender(draft))
    # The reader's own word on a cut title or description gives way to the detailed notes.
    told = [w for w in draft.warnings if not (cut_by_reader and w in (TITLE_CUT, DESCRIPTION_CUT))]
    return notice, [*told, *cut_by_reader, *cut], snapshot(notice)


def _origin(draft: NoticeDraft, cut: list[str], said: dict[str, Any]) -> service.Provenance:
    """Where a new tender read from ``draft`` comes from."""
    return service.Provenance(
        source=draft.source,
        source_key=source_key_of(draft),
        notice_version=draft.notice_version,
        warnings=cut,
        notice_values=remembered(said),
    )


@overload
async def import_draft(
    actor: CurrentUser,
    draft: NoticeDraft,
    cut_by_reader: list[str] | None = None,
    *,
    write: Literal[True] = True,
) -> tuple[TenderOut, bool]: ...


@overload
async def import_draft(
    actor: CurrentUser,
    draft: NoticeDraft,
    cut_by_reader: list[str] | None = None,
    *,
    write: Literal[False],
) -> tuple[service.NewTender, bool]: ...


async def import_draft(
    actor: CurrentUser,
    draft: NoticeDraft,
    cut_by_reader: list[str] | None = None,
    *,
    write: bool = True,
) -> tuple[TenderOut | service.NewTender, bool]:
    """``import_notice`` of a notice already read; ``cut_by_reader``: what ``cuts_noted``
    noted while reading it. ``write=False``: a notice the caller knows new (no tender has its
    source key), checked and returned ready to write with others (``import_drafts``)."""
    ensure_staff(actor)
    notice, cut, said = _read(draft, cut_by_reader or [])
    if not write:
        return service.new_tender(notice, _origin(draft, cut, said)), True
    existing = (
        await Tender.select(Tender.id, Tender.notice_values)
        .where(Tender.source_key == source_key_of(draft))
        .output(load_json=True)
    )
    if not existing:
        return await service.create_tender(actor, notice, _origin(draft, cut, said)), True
    tender_id = int(existing[0]["id"])
    last = existing[0]["notice_values"] or {}
    current = as_tender_in(await service.get_tender(tender_id))
    try:
        merged, differences = merge(notice, current, last)
    except Invalid:
        # A draft the checks no longer accept (written before a rule changed): the notice's.
        merged = msgspec.structs.replace(
            notice, **{field: getattr(current, field) for field in _HAND_ONLY}
        )
        differences = []
    again = service.Provenance(
        notice_version=draft.notice_version,
        warnings=cut,
        notice_values=remembered(said),
        differences=differences,
    )
    return await service.update_tender(actor, tender_id, merged, again), False


async def import_drafts(actor: CurrentUser, ready: list[service.NewTender]) -> list[int]:
    """Write at once notices made ready by ``import_draft(..., write=False)``: their tenders'
    ids, in order. Inside the caller's transaction; the caller bumps the tenders' cache."""
    return await service.insert_tenders(actor, ready)


# --- a corrective notice ------------------------------------------------------------------

# A value stated goes with its companion: a deadline and « hour unknown », an amount and its
# currency.
_STATED_WITH = {
    "offers_deadline": "offers_time_unknown",
    "questions_deadline": "questions_time_unknown",
    "estimated_value": "currency",
}


class Correction(msgspec.Struct):
    """What a corrective notice did to its tender: ``changes`` in French (« Remise des
    offres : 15 janvier 2027 à 12 h 00 → 29 janvier 2027 à 12 h 00 »), and the hand
    corrections kept where it says otherwise."""

    tender_id: int
    changes: list[str]
    differences: list[ImportDifference]


def stated_fields(notice: TenderIn, draft: NoticeDraft) -> list[str]:
    """The tender fields a notice states: those with a value (a reservation other than
    « none »). A rectificatif often gives only what it changes: the rest is not stated."""
    stated = []
    for field in TENDER_FIELDS:
        value = draft.title if field == "title" else getattr(notice, field)
        if field == "currency" or value in (None, "", []):
            continue
        if field == "reserved" and value == "none":
            continue
        stated.append(field)
    return stated


def _change_lines(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    lines = [
        f"{label} : {_shown(field, before['tender'][field])} → "
        f"{_shown(field, after['tender'][field])}"
        for field, label in TENDER_FIELDS.items()
        if field != "currency" and before["tender"][field] != after["tender"][field]
    ]
    for key, lot in after["lots"].items():
        was = before["lots"].get(key)
        if was is None:
            lines.append(f"Lot {key} : ajouté")
            continue
        lines += [
            f"Lot {key} : {label} : {_shown(field, was[field])} → {_shown(field, lot[field])}"
            for field, label in LOT_FIELDS.items()
            if was[field] != lot[field]
        ]
    lines += [f"Lot {key} : retiré" for key in before["lots"] if key not in after["lots"]]
    return lines


async def correct_notice(
    actor: CurrentUser,
    tender_id: int,
    draft: NoticeDraft,
    cut_by_reader: list[str] | None = None,
    lots: bool = False,
    leave: tuple[str, ...] = (),
) -> Correction:
    """Apply a corrective notice to its tender: each value it states, laid over what the
    tender holds (a field it does not state is never blanked), the coordination's hand
    corrections kept as a re-import keeps them; ``lots``: the notice is whole (an eForms
    change notice) and its lots replace the tender's, merged the same way. Writes nothing
    when nothing changes."""
    ensure_staff(actor)
    notice, cut = service.fit_notice(notice_tender(draft))
    tender = await service.get_tender(tender_id)
    current = as_tender_in(tender)
    rows = (
        await Tender.select(Tender.notice_values)
        .where(Tender.id == tender_id)
        .output(load_json=True)
    )
    last: dict[str, Any] = (rows[0]["notice_values"] if rows else None) or {}
    stated = [field for field in stated_fields(notice, draft) if field not in leave]
    stated += [_STATED_WITH[field] for field in stated if field in _STATED_WITH]
    said = msgspec.structs.replace(
        current,
        **{field: getattr(notice, field) for field in stated},
        lots=notice.lots if lots else current.lots,
    )
    try:
        merged, differences = merge(said, current, last)
    except Invalid:
        merged, differences = said, []
    changes = _change_lines(snapshot(current), snapshot(merged))
    if not changes and not differences:
        return Correction(tender_id, [], [])
    now_said = remembered(snapshot(said))
    remember = {
        "tender": {
            **last.get("tender", {}),
            **{f: v for f, v in now_said["tender"].items() if f in stated},
        },
        "lots": now_said["lots"] if lots else last.get("lots", {}),
    }
    again = service.Provenance(
        notice_version=draft.notice_version,
        warnings=list(dict.fromkeys([*tender.import_warnings, *(cut_by_reader or []), *cut])),
        notice_values=remember,
        differences=differences,
    )
    await service.update_tender(actor, tender_id, merged, again)
    return Correction(tender_id, changes, differences)
