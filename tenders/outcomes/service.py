"""Recording a bid's result, and the insertion hours achieved on a won contract.

The result is the coordination's to record, once the bid is submitted; it closes the tender
(« Gagnée », « Perdue » or « Sans suite ») in the same transaction. The members of the
consortium see it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import msgspec

from tenders import cache, db, text
from tenders.accounts.schemas import CurrentUser
from tenders.audit import service as audit
from tenders.clock import utcnow
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.consortia.workspace import ensure_can_see
from tenders.errors import Conflict, Invalid
from tenders.members.access import ensure_staff
from tenders.money import to_money
from tenders.numbers import NumberError, parse_amount
from tenders.outcomes.tables import BidOutcome, InsertionHours
from tenders.procurement.tables import StatusChange, Tender

RESULTS = {"gagnee": "Gagnée", "perdue": "Perdue", "sans_suite": "Sans suite"}
MAX_AMOUNT = Decimal("999999999.99")


class OutcomeIn(msgspec.Struct):
    result: str
    decided_on: date
    amount_awarded: Decimal | None = None
    winner: str = ""
    buyer_comments: str = ""
    insertion_hours_committed: int | None = None
    contract_start: date | None = None
    contract_end: date | None = None


class HoursIn(msgspec.Struct):
    organisation_id: int
    period_end: date
    hours: int


class HoursOut(msgspec.Struct):
    organisation_id: int
    organisation_name: str
    period_end: date
    hours: int


class OutcomeOut(msgspec.Struct):
    consortium_id: int
    result: str
    result_label: str
    decided_on: date
    amount_awarded: Decimal | None
    winner: str
    buyer_comments: str
    insertion_hours_committed: int | None
    insertion_hours_achieved: int
    contract_start: date | None
    contract_end: date | None
    recorded_at: datetime
    hours: list[HoursOut]


def _check(data: OutcomeIn) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if data.result not in RESULTS:
        errors["result"] = "Choisissez le résultat : gagnée, perdue ou sans suite."
    amount: Decimal | None = None
    if data.result == "gagnee":
        try:
            amount = parse_amount(data.amount_awarded, maximum=MAX_AMOUNT)
        except NumberError as exc:
            errors["amount_awarded"] = exc.message
        else:
            if amount is None or amount <= 0:
                errors["amount_awarded"] = "Indiquez le montant attribué (hors taxes)."
    hours = data.insertion_hours_committed
    if hours is not None and not 0 <= hours <= 10_000_000:
        errors["insertion_hours_committed"] = "Indiquez un nombre d'heures positif."
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        errors["contract_end"] = "La fin du contrat est avant son début."
    winner = text.line("winner", data.winner, 300, errors)
    comments = text.block("buyer_comments", data.buyer_comments, 10_000, errors)
    if errors:
        raise Invalid(errors)
    won = data.result == "gagnee"
    return {
        "result": data.result,
        "decided_on": data.decided_on,
        "amount_awarded": amount,
        "winner": winner,
        "buyer_comments": comments,
        "insertion_hours_committed": hours if won else None,
        "contract_start": data.contract_start if won else None,
        "contract_end": data.contract_end if won else None,
    }


async def record(actor: CurrentUser, consortium_id: int, data: OutcomeIn) -> OutcomeOut:
    await ensure_can_see(actor, consortium_id)
    ensure_staff(actor)
    values = _check(data)
    now = utcnow()
    async with db.transaction():
        consortium = (
            await Consortium.select(
                Consortium.submitted_at,
                Consortium.tender,
                Consortium.tender.status.as_alias("tender_status"),
            ).where(Consortium.id == consortium_id)
        )[0]
        if consortium["submitted_at"] is None:
            raise Conflict(
                "Le dossier n'est pas marqué comme déposé : marquez-le d'abord comme déposé, "
                "puis enregistrez le résultat."
            )
        before = consortium["tender_status"]
        if before != values["result"]:
            await Tender.update({Tender.status: values["result"], Tender.updated_at: now}).where(
                Tender.id == consortium["tender"]
            )
            await StatusChange.insert(
                StatusChange(
                    tender=consortium["tender"],
                    from_status=before,
                    to_status=values["result"],
                    reason="Résultat enregistré",
                    changed_by=actor.id,
                    changed_at=now,
                )
            )
        columns = {getattr(BidOutcome, k): v for k, v in values.items()}
        await BidOutcome.insert(
            BidOutcome(consortium=consortium_id, recorded_by=actor.id, recorded_at=now, **values)
        ).on_conflict(
            target=BidOutcome.consortium,
            action="DO UPDATE",
            values=[*columns, BidOutcome.recorded_by, BidOutcome.recorded_at],
        )
        await audit.record(
            actor,
            "outcome.recorded",
            ("consortium", consortium_id),
            detail={"result": values["result"]},
        )
    await cache.bump("tenders")
    outcome = await get_outcome(actor, consortium_id)
    assert outcome is not None
    return outcome


async def get_outcome(viewer: CurrentUser, consortium_id: int) -> OutcomeOut | None:
    await ensure_can_see(viewer, consortium_id)
    rows = await BidOutcome.select().where(BidOutcome.consortium == consortium_id)
    if not rows:
        return None
    row = rows[0]
    hours = (
        await InsertionHours.select(
            InsertionHours.organisation.as_alias("organisation_id"),
            InsertionHours.organisation.name.as_alias("organisation_name"),
            InsertionHours.period_end,
            InsertionHours.hours,
        )
        .where(InsertionHours.outcome == row["id"])
        .order_by(InsertionHours.period_end)
    )
    outcome = {
        **row,
        "consortium_id": consortium_id,
        "result_label": RESULTS[row["result"]],
        "amount_awarded": to_money(row["amount_awarded"]),
        "insertion_hours_achieved": sum(h["hours"] for h in hours),
        "hours": [HoursOut(**h) for h in hours],
    }
    return msgspec.convert(outcome, OutcomeOut)


async def record_hours(actor: CurrentUser, consortium_id: int, data: HoursIn) -> OutcomeOut:
    """The insertion hours a member achieved in the period ending on ``period_end``
    (recording the same period again replaces its figure)."""
    await ensure_can_see(actor, consortium_id)
    ensure_staff(actor)
    rows = await BidOutcome.select(BidOutcome.id, BidOutcome.result).where(
        BidOutcome.consortium == consortium_id
    )
    if not rows or rows[0]["result"] != "gagnee":
        raise Conflict("Les heures d'insertion se suivent sur un marché gagné.")
    if not await ConsortiumMember.exists().where(
        (ConsortiumMember.consortium == consortium_id)
        & (ConsortiumMember.organisation == data.organisation_id)
    ):
        raise Invalid({"organisation_id": "Cette structure n'est pas membre du groupement."})
    if not 0 <= data.hours <= 10_000_000:
        raise Invalid({"hours": "Indiquez un nombre d'heures positif."})
    async with db.transaction():
        await InsertionHours.insert(
            InsertionHours(
                outcome=rows[0]["id"],
                organisation=data.organisation_id,
                period_end=data.period_end,
                hours=data.hours,
                recorded_by=actor.id,
                recorded_at=utcnow(),
            )
        ).on_conflict(
            target=(
                InsertionHours.outcome,
                InsertionHours.organisation,
                InsertionHours.period_end,
            ),
            action="DO UPDATE",
            values=[InsertionHours.hours, InsertionHours.recorded_by, InsertionHours.recorded_at],
        )
    outcome = await get_outcome(actor, consortium_id)
    assert outcome is not None
    return outcome
