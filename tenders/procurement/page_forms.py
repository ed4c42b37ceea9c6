"""The tender and lot forms of the pages, read into the API's schemas (``TenderIn``,
``LotIn``) by the form layer; the few fields a form sends otherwise have their reader here."""

from __future__ import annotations

from typing import Any

from tenders.formatting import to_paris
from tenders.procurement.schemas import LotIn, LotOut, TenderIn, TenderOut
from tenders.web.forms import (
    Form,
    Posted,
    Reader,
    first,
    form_values,
    paris_datetime,
    parse_form,
    read_into,
)

DEADLINES = ("offers", "questions", "visit")
# Deadlines a notice may give by their date only; the form keeps them so while no hour is
# typed (a hidden « …_time_unknown » field says the hour was unknown).
DATE_ONLY_DEADLINES = ("offers", "questions")
LOT = "lot_"  # the lot's fields are named lot_title, lot_cpv_codes… on the forms

NEW_TENDER = {
    "reserved": "none",
    "lot_reserved": "none",
    "offers_time": "12:00",
    "currency": "EUR",
    "lot_currency": "EUR",
}


def _hour_unknown(form: Form, name: str) -> bool:
    """A date-only deadline that is still typed without its hour."""
    return (
        name in DATE_ONLY_DEADLINES
        and first(form, f"{name}_time_unknown") == "on"
        and bool(first(form, f"{name}_date").strip())
        and not first(form, f"{name}_time").strip()
    )


def _deadline(name: str) -> Reader:
    def read(form: Form, errors: dict[str, str]) -> Any:
        return paris_datetime(
            first(form, f"{name}_date"),
            first(form, f"{name}_time"),
            f"{name}_date",
            errors,
            require_time=not _hour_unknown(form, name),
        )

    return read


def _unknown_hour(name: str) -> Reader:
    return lambda form, _: _hour_unknown(form, name)


def _first_lot(form: Form, errors: dict[str, str]) -> list[LotIn]:
    """The lot typed with a new tender, titled as the tender when left untitled."""
    lot, _ = read_into(form, LotIn, prefix=LOT, errors=errors)
    lot.title = lot.title or first(form, "title")
    return [lot]


def read_tender(form: Form, with_first_lot: bool) -> Posted[TenderIn]:
    readers: dict[str, Reader] = {f"{name}_deadline": _deadline(name) for name in DEADLINES}
    for name in DATE_ONLY_DEADLINES:
        readers[f"{name}_time_unknown"] = _unknown_hour(name)
    if with_first_lot:
        readers["lots"] = _first_lot
    return parse_form(form, TenderIn, readers)


def read_lot(form: Form) -> Posted[LotIn]:
    return parse_form(form, LotIn, prefix=LOT)


def lot_field_errors(errors: dict[str, str]) -> dict[str, str]:
    """« lots[0].cpv_codes » (service) → « lot_cpv_codes » (form field)."""
    return {
        (LOT + k.split(".", 1)[1] if k.startswith("lots[") else k): v for k, v in errors.items()
    }


def lot_values(lot: LotOut) -> dict[str, Any]:
    return form_values(LotIn, lot, prefix=LOT)


def tender_values(tender: TenderOut) -> dict[str, Any]:
    """The tender form filled from a stored tender."""
    values = form_values(TenderIn, tender, estimated_value=tender.estimated_total or "")
    for name in ("forbid_alone_and_consortium", "one_consortium_only"):
        values[name] = "on" if getattr(tender, name) else ""
    for name in DEADLINES:
        del values[f"{name}_deadline"]
        values.pop(f"{name}_time_unknown", None)
        moment = getattr(tender, f"{name}_deadline")
        if moment is not None:
            local = to_paris(moment)
            values[f"{name}_date"] = local.date().isoformat()
            if getattr(tender, f"{name}_time_unknown", False):
                values[f"{name}_time_unknown"] = "on"  # the hour stays to be typed
            else:
                values[f"{name}_time"] = local.strftime("%H:%M")
    del values["lots"]
    return values
