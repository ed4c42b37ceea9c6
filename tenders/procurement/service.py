"""Tenders: create, edit, import, move through the pipeline, plan the internal milestones."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

import msgspec
from piccolo.query import OrderByRaw
from piccolo.query.functions.aggregate import Count

from tenders import cache, db, text
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.cache import EpochCache
from tenders.clock import utcnow
from tenders.cpv import CpvError, parse
from tenders.cpv.labels import labels as cpv_labels
from tenders.errors import Conflict, Invalid, NotFound
from tenders.fields import Limit, text_limits
from tenders.formatting import PARIS
from tenders.members.access import ensure_staff
from tenders.members.identifiers import IdentifierError, clean_departement, clean_siret
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount
from tenders.procurement.schemas import (
    ImportDifference,
    LotIn,
    LotOut,
    TenderIn,
    TenderOut,
    TenderSummary,
)
from tenders.procurement.tables import Lot, Milestone, StatusChange, Tender
from tenders.procurement.vocabulary import (
    KINDS,
    MILESTONES,
    PROCEDURES,
    RESERVED,
    STATUSES,
    TRANSITIONS,
)

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_CURRENCY = re.compile(r"[A-Z]{3}")
# A deadline known by its date only is kept at this hour in Paris (see README, « Tenders »).
DATE_ONLY_TIME = time(9, 0)


def _dump(value: Any) -> str:
    return msgspec.json.encode(value).decode()


class Provenance(msgspec.Struct, kw_only=True):
    """Where a tender comes from, and what its last import wrote beside it: the notice's
    version, what the reader warned of, what the notice said (``imports.snapshot``: a value
    that differs from it now was corrected by hand) and the corrections kept."""

    source: str = "manual"
    source_key: str | None = None
    notice_version: str = ""
    warnings: list[str] = msgspec.field(default_factory=list)
    notice_values: dict[str, Any] = msgspec.field(default_factory=dict)
    differences: list[ImportDifference] = msgspec.field(default_factory=list)

    def columns(self) -> dict[str, Any]:
        """What an import writes on the tender's row."""
        return {
            "notice_version": self.notice_version,
            "import_warnings": _dump(self.warnings),
            "notice_values": _dump(self.notice_values),
            "import_differences": _dump(self.differences),
        }


# --- checks ------------------------------------------------------------------------------


def _clean_each(
    raw: list[str], clean: Callable[[str], str], field: str, errors: dict[str, str]
) -> list[str]:
    """Each value of a list cleaned once (blanks skipped, repeats dropped); one ``clean``
    refuses is an error on ``field``."""
    result: list[str] = []
    for item in raw:
        if not item.strip():
            continue
        try:
            value = clean(item)
        except (CpvError, IdentifierError) as exc:
            errors[field] = str(exc)
            continue
        if value not in result:
            result.append(value)
    return result


def _clean_codes(raw: list[str], field: str, errors: dict[str, str]) -> list[str]:
    return _clean_each(raw, lambda code: parse(code).digits, field, errors)


def _clean_departements(raw: list[str], field: str, errors: dict[str, str]) -> list[str]:
    return _clean_each(raw, clean_departement, field, errors)


def clean_currency(raw: str, field: str, errors: dict[str, str], default: str = "EUR") -> str:
    """An ISO 4217 code in capitals ("eur" → "EUR"); ``default`` when empty."""
    code = raw.strip().upper() or default
    if not _CURRENCY.fullmatch(code) or code not in known_currencies():
        errors[field] = "Indiquez la devise en trois lettres : EUR, GBP, CHF…"
        return default
    return code


def known_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def date_only(moment: datetime) -> datetime:
    """The instant kept for a deadline whose day only is known: 9:00 that day in Paris."""
    return datetime.combine(moment.astimezone(PARIS).date(), DATE_ONLY_TIME, tzinfo=PARIS)


# Every text of a tender and its lots has its limit on the schema (the column's, or a page's
# worth), with the name an import's warning gives it; the addresses are kept whole or not at all.
URL_FIELDS = ("platform_url", "documents_url")
TENDER_TEXTS = {f: lim for f, lim in text_limits(TenderIn).items() if f not in URL_FIELDS}
LOT_TEXTS = text_limits(LotIn)
URL_LIMIT = text_limits(TenderIn)["platform_url"].chars
COMMUNE_LIMIT = 120
NOTE_LIMIT = 5000
LABEL_LIMIT = 200


def _texts(
    data: Any,
    limits: dict[str, Limit],
    errors: dict[str, str],
    cut: list[str] | None = None,
    suffix: str = "",
) -> dict[str, str]:
    """The texts of ``data`` cleaned and measured (cut to their limit when ``cut`` is a list:
    an import)."""
    return {
        field: (text.block if limit.block else text.line)(
            field, getattr(data, field), limit.chars, errors, cut, limit.label + suffix
        )
        for field, limit in limits.items()
    }


def fit_notice(data: TenderIn) -> tuple[TenderIn, list[str]]:
    """A tender read from a notice, its texts cut to their limits; the warnings say what was
    cut (a notice is kept whole up to the limit, never refused for its length)."""
    cut: list[str] = []
    errors: dict[str, str] = {}
    changes: dict[str, Any] = _texts(data, TENDER_TEXTS, errors, cut)
    for field in URL_FIELDS:
        url = text.line(field, getattr(data, field), URL_LIMIT, errors)
        if field in errors:
            del errors[field]
            cut.append(
                f"L'adresse des documents de l'avis dépasse {URL_LIMIT} caractères : "
                "elle n'a pas été reprise, copiez-la depuis l'avis."
            )
            url = ""
        changes[field] = url
    if data.lots is not None:
        changes["lots"] = [
            msgspec.structs.replace(lot, **_texts(lot, LOT_TEXTS, errors, cut, f" {index + 1}"))
            for index, lot in enumerate(data.lots)
        ]
    return msgspec.structs.replace(data, **changes), cut


def _clean_lot(
    lot: LotIn, index: int, errors: dict[str, str], currency: str = "EUR"
) -> dict[str, Any]:
    prefix = f"lots[{index}]."
    lot_errors: dict[str, str] = {}
    texts = _texts(lot, LOT_TEXTS, lot_errors)
    errors.update({prefix + field: message for field, message in lot_errors.items()})
    title = texts["title"]
    if not title:
        errors[prefix + "title"] = f"Donnez un intitulé au lot {index + 1}."
    if lot.reserved not in RESERVED:
        errors[prefix + "reserved"] = "Choisissez la réservation du lot dans la liste."
    value: Decimal | None = None
    try:
        value = parse_amount(lot.estimated_value)
    except NumberError as exc:
        errors[prefix + "estimated_value"] = exc.message
    if lot.duration_months is not None and not 0 < lot.duration_months <= 240:
        errors[prefix + "duration_months"] = "La durée se compte en mois, de 1 à 240."
    return {
        "key": texts["key"] or str(index + 1),
        "title": title,
        "description": texts["description"],
        "cpv_codes": _dump(_clean_codes(lot.cpv_codes, prefix + "cpv_codes", errors)),
        "departements": _dump(
            _clean_departements(lot.departements, prefix + "departements", errors)
        ),
        "estimated_value": value,
        "currency": clean_currency(lot.currency, prefix + "currency", errors, currency),
        "reserved": lot.reserved,
        "duration_months": lot.duration_months,
        "position": index,
    }


def _clean_choices(data: TenderIn, errors: dict[str, str]) -> None:
    if data.procedure and data.procedure not in PROCEDURES:
        errors["procedure"] = "Choisissez la procédure dans la liste."
    if data.kind and data.kind not in KINDS:
        errors["kind"] = "Choisissez la nature du marché : services, fournitures ou travaux."
    if data.reserved not in RESERVED:
        errors["reserved"] = "Choisissez la réservation dans la liste."


def _clean_place(data: TenderIn, errors: dict[str, str]) -> dict[str, Any]:
    """The buyer's SIRET, the addresses of the platform and documents, the communes."""
    siret = None
    if data.buyer_siret and data.buyer_siret.strip():
        try:
            siret = clean_siret(data.buyer_siret)
        except IdentifierError as exc:
            errors["buyer_siret"] = str(exc)
    values: dict[str, Any] = {"buyer_siret": siret}
    for field in URL_FIELDS:
        url = values[field] = text.line(field, getattr(data, field), URL_LIMIT, errors)
        if url and not _URL.match(url):
            errors[field] = "Indiquez une adresse web complète, commençant par https://"
    communes = [text.line("communes", c, COMMUNE_LIMIT, errors) for c in data.communes]
    if "communes" in errors:
        errors["communes"] = f"Un nom de commune compte {COMMUNE_LIMIT} caractères au plus."
    values["communes"] = _dump([c for c in communes if c])
    return values


def _clean_deadlines(data: TenderIn, errors: dict[str, str]) -> dict[str, Any]:
    """The three deadlines (aware datetimes), a date-only one kept at 9:00 Paris."""
    deadlines: dict[str, datetime | None] = {}
    for field in ("offers_deadline", "questions_deadline", "visit_deadline"):
        value = getattr(data, field)
        if value is not None and value.tzinfo is None:
            errors[field] = "Indiquez le fuseau horaire de la date (par exemple +01:00)."
            value = None
        deadlines[field] = value
    unknown = {
        "offers_deadline": data.offers_time_unknown and deadlines["offers_deadline"] is not None,
        "questions_deadline": data.questions_time_unknown
        and deadlines["questions_deadline"] is not None,
    }
    for field, hour_unknown in unknown.items():
        moment = deadlines[field]
        if hour_unknown and moment is not None:
            deadlines[field] = date_only(moment)
    offers, questions = deadlines["offers_deadline"], deadlines["questions_deadline"]
    if offers and questions and questions > offers and not unknown["offers_deadline"]:
        errors["questions_deadline"] = (
            "La date limite des questions doit précéder la remise des offres."
        )
    return deadlines | {
        "offers_time_unknown": unknown["offers_deadline"],
        "questions_time_unknown": unknown["questions_deadline"],
    }


def clean_tender(data: TenderIn) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    """The checked values of ``data``; Invalid names every field to fix (a text over its
    limit included: ``fit_notice`` first for a notice)."""
    errors: dict[str, str] = {}
    texts = _texts(data, TENDER_TEXTS, errors)
    if not texts["title"]:
        errors["title"] = "Indiquez l'objet de la consultation."
    _clean_choices(data, errors)
    place = _clean_place(data, errors)
    if data.insertion_hours is not None and not 0 <= data.insertion_hours <= 1_000_000:
        errors["insertion_hours"] = "Indiquez un nombre d'heures d'insertion."
    if data.duration_months is not None and not 0 < data.duration_months <= 240:
        errors["duration_months"] = "La durée se compte en mois, de 1 à 240."
    deadlines = _clean_deadlines(data, errors)
    currency = clean_currency(data.currency, "currency", errors)
    total: Decimal | None = None
    try:
        total = parse_amount(data.estimated_value)
    except NumberError as exc:
        errors["estimated_value"] = exc.message
    values = {
        **texts,
        **place,
        **deadlines,
        "procedure": data.procedure,
        "kind": data.kind,
        "duration_months": data.duration_months,
        "reserved": data.reserved,
        "insertion_hours": data.insertion_hours,
        "forbid_alone_and_consortium": data.forbid_alone_and_consortium,
        "one_consortium_only": data.one_consortium_only,
        "departements": _dump(_clean_departements(data.departements, "departements", errors)),
        "estimated_value": total,
        "currency": currency,
    }
    lots = None
    if data.lots is not None:
        lots = [_clean_lot(lot, i, errors, currency) for i, lot in enumerate(data.lots)]
        keys = [lot["key"] for lot in lots]
        if len(set(keys)) != len(keys):
            errors["lots"] = "Deux lots portent le même numéro."
    if errors:
        raise Invalid(errors)
    return values, lots


# --- reading -----------------------------------------------------------------------------


async def _lots(tender_id: int) -> list[LotOut]:
    rows = await (
        Lot.select().where(Lot.tender == tender_id).order_by(Lot.position).output(load_json=True)
    )
    names = await cpv_labels(sorted({c for row in rows for c in row["cpv_codes"]}))
    return [
        msgspec.convert(
            row
            | {
                "cpv_labels": {c: names[c] for c in row["cpv_codes"] if c in names},
                "estimated_value": to_money(row["estimated_value"]),
                "reserved_label": RESERVED.get(row["reserved"], ""),
            },
            LotOut,
        )
        for row in rows
    ]


def shown_value(
    total: Decimal | None, currency: str, lots: list[tuple[Decimal | None, str]]
) -> Decimal | None:
    """The estimated value of a tender, in its currency: the total stated, else the sum of
    the lots valued, when all are in that currency (pounds are never added to euros)."""
    if total is not None:
        return total
    valued = [(value, code) for value, code in lots if value is not None]
    if not valued or any(code != currency for _, code in valued):
        return None
    return sum((value for value, _ in valued), Decimal(0))


SCORES = ("fit", "capacity", "chances", "strategic")


def _tender_out(
    row: dict[str, Any],
    lots: list[LotOut],
    milestones: list[dict[str, Any]],
    history: list[dict[str, Any]],
) -> TenderOut:
    """The tender as the pages and the API show it: its columns of the same names, their
    labels, and what is read from the lots, milestones and history."""
    total = to_money(row["estimated_value"])
    lot_values = [(lot.estimated_value, lot.currency) for lot in lots]
    shown = {
        "procedure_label": PROCEDURES.get(row["procedure"], ""),
        "kind_label": KINDS.get(row["kind"], ""),
        "reserved_label": RESERVED.get(row["reserved"], ""),
        "status_label": STATUSES.get(row["status"], row["status"]),
        "next_statuses": list(TRANSITIONS.get(row["status"], ())),
        "estimated_value": shown_value(total, row["currency"], lot_values),
        "estimated_total": total,
        "scores": {name: row[f"score_{name}"] for name in SCORES},
        "lots": lots,
        "milestones": milestones,
        "history": history,
    }
    return msgspec.convert(row | shown, TenderOut)


async def get_tender(tender_id: int) -> TenderOut:
    rows = await Tender.select().where(Tender.id == tender_id).output(load_json=True)
    if not rows:
        raise NotFound("Cette consultation n'existe pas.")
    lots = await _lots(tender_id)
    milestones = (
        await Milestone.select().where(Milestone.tender == tender_id).order_by(Milestone.due_at)
    )
    history = (
        await StatusChange.select()
        .where(StatusChange.tender == tender_id)
        .order_by(StatusChange.changed_at, ascending=False)
    )
    return _tender_out(rows[0], lots, milestones, history)


T = TypeVar("T")
_LISTS = EpochCache("tenders", size=64)


async def _cached(key: Any, read: Callable[[], Awaitable[T]]) -> T:
    """``read()``, kept for a moment in each process and dropped everywhere as soon as a
    tender changes (tenders/cache.py). What it gives is shared: never change it."""
    current = await cache.epoch("tenders")
    if current is not None:
        hit = _LISTS.get(key, current)
        if hit is not None:
            return cast(T, hit)
    found = await read()
    if current is not None:  # tagged with the epoch read *before* the query
        _LISTS.put(key, current, found)
    return found


async def status_counts() -> dict[str, int]:
    """How many tenders each status holds (every status named, none: 0; cached)."""
    return await _cached("counts", _status_counts)


async def _status_counts() -> dict[str, int]:
    rows = await Tender.select(Tender.status, Count(alias="n")).group_by(Tender.status)
    found = {r["status"]: r["n"] for r in rows}
    return {status: found.get(status, 0) for status in STATUSES}


async def tender_page(statuses: list[str] | None, offset: int, limit: int) -> list[TenderSummary]:
    """``limit`` tenders in ``statuses`` (None: all) from ``offset``, in the order of
    the consultations page (soonest deadline first, those without one last): the database pages,
    and only the page's lots are read (cached: ``_cached``)."""
    key = ("page", tuple(statuses) if statuses is not None else None, offset, limit)
    return await _cached(key, lambda: _tender_page(statuses, offset, limit))


async def _tender_page(statuses: list[str] | None, offset: int, limit: int) -> list[TenderSummary]:
    query = (
        Tender.select(
            Tender.id,
            Tender.title,
            Tender.buyer_name,
            Tender.status,
            Tender.offers_deadline,
            Tender.offers_time_unknown,
            Tender.estimated_value.as_alias("total"),
            Tender.currency,
        )
        .order_by(OrderByRaw("offers_deadline IS NULL"), Tender.offers_deadline, Tender.id)
        .limit(limit)
        .offset(offset)
    )
    if statuses is not None:
        query = query.where(Tender.status.is_in(statuses or [""]))
    rows = await query
    lots = await Lot.select(Lot.tender, Lot.estimated_value, Lot.currency).where(
        Lot.tender.is_in([r["id"] for r in rows] or [0])
    )
    values: dict[int, list[tuple[Decimal | None, str]]] = {}
    for lot in lots:
        values.setdefault(lot["tender"], []).append(
            (to_money(lot["estimated_value"]), lot["currency"])
        )
    return [
        _summary(
            r,
            len(values.get(r["id"], [])),
            shown_value(to_money(r["total"]), r["currency"], values.get(r["id"], [])),
        )
        for r in rows
    ]


def _summary(row: dict[str, Any], lots: int, value: Decimal | None) -> TenderSummary:
    shown = {"status_label": STATUSES[row["status"]], "lots": lots, "estimated_value": value}
    return msgspec.convert(row | shown, TenderSummary)


# --- milestones --------------------------------------------------------------------------


def propose_milestones(offers_deadline: datetime, now: datetime) -> list[tuple[str, str, datetime]]:
    """Internal steps backwards from the deadline, at noon Paris time; squeezed when the
    deadline is close so that none falls in the past."""
    deadline = offers_deadline.astimezone(PARIS)
    available = (offers_deadline - now).total_seconds() / 86400
    longest = MILESTONES[0][2]
    factor = 1.0 if available >= longest + 1 else max(available, 0) / (longest + 1)
    proposed = []
    for kind, label, days in MILESTONES:
        day = (deadline - timedelta(days=days * factor)).date()
        due = datetime.combine(day, time(12, 0), tzinfo=PARIS)
        if due >= offers_deadline:
            due = offers_deadline - timedelta(hours=days * factor * 24 or 1)
        proposed.append((kind, label, max(due, now)))
    return proposed


def milestone_rows(
    tender_id: int, offers_deadline: datetime, now: datetime, done: frozenset[str] = frozenset()
) -> list[Milestone]:
    """The milestones planned for a tender's deadline (but the kinds already ``done``)."""
    return [
        Milestone(tender=tender_id, kind=kind, label=label, due_at=due, done=False)
        for kind, label, due in propose_milestones(offers_deadline, now)
        if kind not in done
    ]


async def _plan_milestones(tender_id: int, offers_deadline: datetime | None) -> None:
    await Milestone.delete().where(
        (Milestone.tender == tender_id) & (Milestone.done == False)  # noqa: E712
    )
    if offers_deadline is None:
        return
    done = frozenset(
        m["kind"]
        for m in await Milestone.select(Milestone.kind).where(Milestone.tender == tender_id)
    )
    rows = milestone_rows(tender_id, offers_deadline, utcnow(), done)
    if rows:
        await Milestone.insert(*rows)


async def replan_milestones(actor: CurrentUser, tender_id: int) -> TenderOut:
    ensure_staff(actor)
    tender = await get_tender(tender_id)
    async with db.transaction():
        await _plan_milestones(tender_id, tender.offers_deadline)
    return await get_tender(tender_id)


async def update_milestone(
    actor: CurrentUser,
    tender_id: int,
    milestone_id: int,
    due_at: datetime,
    done: bool,
    label: str | None = None,
) -> TenderOut:
    ensure_staff(actor)
    rows = await Milestone.select(Milestone.id).where(
        (Milestone.id == milestone_id) & (Milestone.tender == tender_id)
    )
    if not rows:
        raise NotFound("Ce jalon n'existe pas.")
    if due_at.tzinfo is None:
        raise Invalid({"due_at": "Indiquez le fuseau horaire de la date."})
    values: dict[Any, Any] = {Milestone.due_at: due_at, Milestone.done: done}
    errors: dict[str, str] = {}
    label = text.line("label", label, LABEL_LIMIT, errors)
    if errors:
        raise Invalid(errors)
    if label:
        values[Milestone.label] = label
    async with db.transaction():
        await Milestone.update(values).where(Milestone.id == milestone_id)
    return await get_tender(tender_id)


# --- writing -----------------------------------------------------------------------------


async def _write_lots(tender_id: int, lots: list[dict[str, Any]]) -> None:
    """Upsert by lot key; lots no longer present are removed."""
    existing = {
        r["key"]: r["id"] for r in await Lot.select(Lot.id, Lot.key).where(Lot.tender == tender_id)
    }
    for lot in lots:
        if lot["key"] in existing:
            await Lot.update({getattr(Lot, k): v for k, v in lot.items()}).where(
                Lot.id == existing.pop(lot["key"])
            )
        else:
            await Lot.insert(Lot(tender=tender_id, **lot))
    if existing:
        await Lot.delete().where(Lot.id.is_in(list(existing.values())))


async def _changed(tender_id: int) -> TenderOut:
    """After a change is committed: every process drops its tender lists; the tender read
    again."""
    await cache.bump("tenders")
    return await get_tender(tender_id)


class NewTender(msgspec.Struct, frozen=True):
    """A tender checked and ready to write (``new_tender``): its values, lots and origin."""

    values: dict[str, Any]
    lots: list[dict[str, Any]]
    origin: Provenance

    @property
    def title(self) -> str:
        return str(self.values["title"])


def new_tender(data: TenderIn, provenance: Provenance | None = None) -> NewTender:
    """``data`` checked (Invalid names every field to fix), one lot when it gives none."""
    values, lots = clean_tender(data)
    if not lots:
        lots = [_clean_lot(LotIn(title=values["title"], key="1"), 0, {}, values["currency"])]
    return NewTender(values, lots, provenance or Provenance())


# Rows per INSERT: a tender row has some fifty values, within every engine's limit.
WRITE_CHUNK = 200


async def _insert(rows: list[Any], returning: Any = None) -> list[dict[str, Any]]:
    """``rows`` of one table written a chunk per statement; the ``returning`` column read."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(rows), WRITE_CHUNK):  # none: no statement
        query = type(rows[0]).insert(*rows[start : start + WRITE_CHUNK])
        if returning is None:
            await query
        else:
            found += await query.returning(returning)
    return found


async def insert_tenders(actor: CurrentUser, items: list[NewTender]) -> list[int]:
    """Write new tenders « en veille » (each with its lots, milestones and journal event) in
    a few statements for the whole list; their ids, in order. The caller bumps the tenders'
    cache once its transaction is committed."""
    ensure_staff(actor)
    if not items:
        return []
    now = utcnow()
    tenders = [
        Tender(
            **item.values,
            **item.origin.columns(),
            status="veille",
            source=item.origin.source,
            source_key=item.origin.source_key,
            created_by=actor.id,
            created_at=now,
            updated_at=now,
        )
        for item in items
    ]
    async with db.transaction():
        # Ids are given in the order of the rows (RETURNING itself promises no order).
        ids = sorted(int(row["id"]) for row in await _insert(tenders, Tender.id))
        lots = [
            Lot(tender=i, **lot) for i, item in zip(ids, items, strict=True) for lot in item.lots
        ]
        await _insert(lots)
        milestones = [
            row
            for i, item in zip(ids, items, strict=True)
            if item.values["offers_deadline"] is not None
            for row in milestone_rows(i, item.values["offers_deadline"], now)
        ]
        await _insert(milestones)
        await audit.record_many(
            actor,
            "tender.created",
            [
                (("tender", i), {"source": item.origin.source})
                for i, item in zip(ids, items, strict=True)
            ],
        )
    return ids


async def create_tender(
    actor: CurrentUser, data: TenderIn, provenance: Provenance | None = None
) -> TenderOut:
    ensure_staff(actor)
    [tender_id] = await insert_tenders(actor, [new_tender(data, provenance)])
    return await _changed(tender_id)


async def update_tender(
    actor: CurrentUser, tender_id: int, data: TenderIn, provenance: Provenance | None = None
) -> TenderOut:
    """Replaces the tender (and its lots when ``data.lots`` is given); an import gives the
    ``provenance`` it writes too."""
    ensure_staff(actor)
    current = await get_tender(tender_id)
    values, lots = clean_tender(data)
    if provenance is not None:
        values |= provenance.columns()
    async with db.transaction():
        await Tender.update(
            {getattr(Tender, k): v for k, v in values.items()} | {Tender.updated_at: utcnow()}
        ).where(Tender.id == tender_id)
        if lots is not None:
            await _write_lots(tender_id, lots)
        elif values["currency"] != current.currency:
            # The lots in the tender's former currency follow it (a correction of « GBP »).
            await Lot.update({Lot.currency: values["currency"]}).where(
                (Lot.tender == tender_id) & (Lot.currency == current.currency)
            )
        if values["offers_deadline"] != current.offers_deadline:
            await _plan_milestones(tender_id, values["offers_deadline"])
        await audit.record(actor, "tender.updated", ("tender", tender_id))
    return await _changed(tender_id)


async def change_status(
    actor: CurrentUser,
    tender_id: int,
    to_status: str,
    reason: str = "",
    extra: dict[Any, Any] | None = None,
) -> TenderOut:
    ensure_staff(actor)
    if to_status not in STATUSES:
        raise Invalid({"status": "Statut inconnu."})
    errors: dict[str, str] = {}
    reason = text.block("reason", reason, NOTE_LIMIT, errors)
    if errors:
        raise Invalid(errors)
    async with db.transaction():
        rows = await Tender.select(Tender.status).where(Tender.id == tender_id)
        if not rows:
            raise NotFound("Cette consultation n'existe pas.")
        current = rows[0]["status"]
        if to_status not in TRANSITIONS[current]:
            allowed = ", ".join(f"« {STATUSES[s]} »" for s in TRANSITIONS[current]) or "aucun"
            raise Conflict(
                f"Une consultation « {STATUSES[current]} » ne peut pas passer à "
                f"« {STATUSES[to_status]} ». Statuts possibles : {allowed}."
            )
        await Tender.update(
            {Tender.status: to_status, Tender.updated_at: utcnow()} | (extra or {})
        ).where(Tender.id == tender_id)
        await StatusChange.insert(
            StatusChange(
                tender=tender_id,
                from_status=current,
                to_status=to_status,
                reason=reason,
                changed_by=actor.id,
                changed_at=utcnow(),
            )
        )
        await audit.record(
            actor,
            "tender.status_changed",
            ("tender", tender_id),
            detail={"from": current, "to": to_status},
        )
    return await _changed(tender_id)


async def decide(
    actor: CurrentUser,
    tender_id: int,
    decision: str,
    reasons: str,
    scores: dict[str, int | None],
) -> TenderOut:
    """Go / no-go with the reasons and the scoring grid (each criterion from 0 to 5)."""
    errors: dict[str, str] = {}
    if decision not in {"go", "no_go"}:
        errors["decision"] = "Choisissez go ou no go."
    reasons = text.block("reasons", reasons, NOTE_LIMIT, errors)
    if not reasons and "reasons" not in errors:
        errors["reasons"] = "Expliquez la décision en quelques mots : elle servira de mémoire."
    for name, value in scores.items():
        if value is not None and not 0 <= value <= 5:
            errors[name] = "Notez de 0 à 5."
    if errors:
        raise Invalid(errors)
    extra = {
        Tender.decision_reasons: reasons,
        Tender.decided_at: utcnow(),
        Tender.decided_by: actor.id,
        Tender.score_fit: scores.get("fit"),
        Tender.score_capacity: scores.get("capacity"),
        Tender.score_chances: scores.get("chances"),
        Tender.score_strategic: scores.get("strategic"),
    }
    current = await get_tender(tender_id)
    if current.status == "veille" and decision in TRANSITIONS["a_qualifier"]:
        await change_status(actor, tender_id, "a_qualifier", "Qualification")
    return await change_status(actor, tender_id, decision, reasons, extra)
