"""Reading the tender and lot forms of the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tenders.formatting import to_paris
from tenders.numbers import NumberError, parse_amount
from tenders.procurement.schemas import LotIn, TenderIn, TenderOut
from tenders.web.forms import first, optional_int, paris_datetime, split_list

DEADLINES = (("offers", True), ("questions", True), ("visit", True))
# Deadlines a notice may give by their date only; the form keeps them so while no hour is
# typed (a hidden « …_time_unknown » field says the hour was unknown).
DATE_ONLY_DEADLINES = ("offers", "questions")


def _amount(form: dict[str, list[Any]], name: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_amount(first(form, name))
    except NumberError as exc:
        errors[name] = exc.message
        return None


def tender_from_form(
    form: dict[str, list[Any]], with_first_lot: bool
) -> tuple[TenderIn, dict[str, str]]:
    errors: dict[str, str] = {}
    unknown = {
        name: name in DATE_ONLY_DEADLINES
        and first(form, f"{name}_time_unknown") == "on"
        and bool(first(form, f"{name}_date").strip())
        and not first(form, f"{name}_time").strip()
        for name, _ in DEADLINES
    }
    deadlines = {
        name: paris_datetime(
            first(form, f"{name}_date"),
            first(form, f"{name}_time"),
            f"{name}_date",
            errors,
            require_time=required and not unknown[name],
        )
        for name, required in DEADLINES
    }
    lots = None
    if with_first_lot:
        lot, lot_errors = lot_from_form(form)
        errors.update(lot_errors)
        lot.title = lot.title or first(form, "title")
        lots = [lot]
    data = TenderIn(
        title=first(form, "title"),
        reference=first(form, "reference"),
        buyer_name=first(form, "buyer_name"),
        buyer_siret=first(form, "buyer_siret") or None,
        buyer_address=first(form, "buyer_address"),
        procedure=first(form, "procedure"),
        kind=first(form, "kind"),
        description=first(form, "description"),
        duration_months=optional_int(
            first(form, "duration_months"), "duration_months", errors, "Indiquez une durée en mois."
        ),
        reserved=first(form, "reserved", "none"),
        social_clause=first(form, "social_clause"),
        insertion_hours=optional_int(
            first(form, "insertion_hours"),
            "insertion_hours",
            errors,
            "Indiquez un nombre d'heures.",
        ),
        forbid_alone_and_consortium=first(form, "forbid_alone_and_consortium") == "on",
        one_consortium_only=first(form, "one_consortium_only") == "on",
        platform_url=first(form, "platform_url"),
        documents_url=first(form, "documents_url"),
        departements=split_list(first(form, "departements")),
        communes=split_list(first(form, "communes")),
        offers_deadline=deadlines["offers"],
        questions_deadline=deadlines["questions"],
        visit_deadline=deadlines["visit"],
        offers_time_unknown=unknown["offers"],
        questions_time_unknown=unknown["questions"],
        estimated_value=_amount(form, "estimated_value", errors),
        currency=first(form, "currency", "EUR"),
        lots=lots,
    )
    return data, errors


def lot_from_form(form: dict[str, list[Any]]) -> tuple[LotIn, dict[str, str]]:
    errors: dict[str, str] = {}
    amount = None
    try:
        amount = parse_amount(first(form, "lot_estimated_value"))
    except NumberError as exc:
        errors["lot_estimated_value"] = exc.message
    lot = LotIn(
        key=first(form, "lot_key"),
        title=first(form, "lot_title"),
        description=first(form, "lot_description"),
        cpv_codes=split_list(first(form, "lot_cpv_codes")),
        departements=split_list(first(form, "lot_departements")),
        estimated_value=amount,
        currency=first(form, "lot_currency"),
        reserved=first(form, "lot_reserved", "none"),
        duration_months=optional_int(
            first(form, "lot_duration_months"),
            "lot_duration_months",
            errors,
            "Indiquez une durée en mois.",
        ),
    )
    return lot, errors


def lot_field_errors(errors: dict[str, str]) -> dict[str, str]:
    """« lots[0].cpv_codes » (service) → « lot_cpv_codes » (form field)."""
    return {
        ("lot_" + k.split(".", 1)[1] if k.startswith("lots[") else k): v for k, v in errors.items()
    }


def tender_values(
    tender: TenderOut | None, form: dict[str, list[Any]] | None = None
) -> dict[str, Any]:
    if form is not None:
        return {k: (v[0] if isinstance(v[0], str) else "") for k, v in form.items() if v}
    if tender is None:
        return {
            "reserved": "none",
            "lot_reserved": "none",
            "offers_time": "12:00",
            "currency": "EUR",
            "lot_currency": "EUR",
        }
    values: dict[str, Any] = {
        f: getattr(tender, f) or ""
        for f in (
            "title",
            "reference",
            "buyer_name",
            "buyer_siret",
            "buyer_address",
            "procedure",
            "kind",
            "description",
            "duration_months",
            "reserved",
            "social_clause",
            "insertion_hours",
            "platform_url",
            "documents_url",
        )
    }
    values["estimated_value"] = tender.estimated_total or ""
    values["currency"] = tender.currency
    values["departements"] = ", ".join(tender.departements)
    values["communes"] = ", ".join(tender.communes)
    values["forbid_alone_and_consortium"] = "on" if tender.forbid_alone_and_consortium else ""
    values["one_consortium_only"] = "on" if tender.one_consortium_only else ""
    for name in ("offers", "questions", "visit"):
        moment = getattr(tender, f"{name}_deadline")
        if moment is not None:
            local = to_paris(moment)
            values[f"{name}_date"] = local.date().isoformat()
            if getattr(tender, f"{name}_time_unknown", False):
                values[f"{name}_time_unknown"] = "on"  # the hour stays to be typed
            else:
                values[f"{name}_time"] = local.strftime("%H:%M")
    return values
