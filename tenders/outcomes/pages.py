"""Pages: recording a bid's result and insertion hours; the collective's dashboard and CSV."""

from __future__ import annotations

from decimal import Decimal

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.consortia.workspace_page import show_again
from tenders.errors import NotFound
from tenders.formatting import amount_fr, number_fr
from tenders.numbers import NumberError, form_id, parse_amount
from tenders.outcomes import service
from tenders.outcomes.charts import bar_chart, paired_bar_chart
from tenders.outcomes.csv_export import csv_filename, to_csv
from tenders.outcomes.figures import Figures, Line, figures_for
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import Form, Reader, first, optional_date, optional_int, read_form
from tenders.web.rendering import page, redirect

HOURS = "Indiquez un nombre d'heures."


def _amount(form: Form, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_amount(first(form, "amount_awarded"), maximum=service.MAX_AMOUNT)
    except NumberError as exc:
        errors["amount_awarded"] = exc.message
        return None


def _date(field: str) -> Reader:
    return lambda form, errors: optional_date(first(form, field), field, errors)


def _hour_count(field: str) -> Reader:
    return lambda form, errors: optional_int(first(form, field), field, errors, HOURS)


def _required(field: str, read: Reader, message: str) -> Reader:
    """``read``, with ``message`` next to ``field`` when the form gives nothing to read."""

    def reader(form: Form, errors: dict[str, str]) -> object:
        value = read(form, errors)
        if value is None:
            errors.setdefault(field, message)
        return value

    return reader


RESULT_READERS = {
    "decided_on": _required(
        "decided_on", _date("decided_on"), "Indiquez la date de la décision de l'acheteur."
    ),
    "amount_awarded": _amount,
    "insertion_hours_committed": _hour_count("insertion_hours_committed"),
}
HOURS_READERS = {
    "organisation_id": lambda form, _: form_id(first(form, "organisation_id")) or 0,
    "period_end": _required("period_end", _date("period_end"), "Indiquez la fin de la période."),
    "hours": _required("hours", _hour_count("hours"), HOURS),
}


class OutcomePages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @post("/resultat")
    async def record(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = await read_form(request, service.OutcomeIn, RESULT_READERS)
        return await posted.submit(
            lambda data: service.record(user, consortium_id, data),
            lambda outcome: redirect(
                f"/groupements/{consortium_id}#resultat",
                f"Résultat enregistré : {outcome.result_label.lower()}.",
            ),
            show_again(request, user, consortium_id, result_values=posted.values),
            error_field="result",
        )

    @post("/heures-insertion")
    async def hours(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        posted = await read_form(request, service.HoursIn, HOURS_READERS)
        return await posted.submit(
            lambda data: service.record_hours(user, consortium_id, data),
            lambda _: redirect(
                f"/groupements/{consortium_id}#resultat", "Heures d'insertion enregistrées."
            ),
            show_again(request, user, consortium_id),
            error_field="hours",
        )


def _money(value: float) -> str:
    return amount_fr(Decimal(str(value)))


def _hours(value: float) -> str:
    return f"{number_fr(value)} h"


def charts(figures: Figures) -> dict[str, str]:
    result = {
        "status": bar_chart(
            "Candidatures par statut",
            [(label, float(count)) for label, count in figures.by_status],
            value_label=lambda v: number_fr(v),
        ),
        "members": bar_chart(
            "Montant gagné par structure (part de chaque membre)",
            [(line.label, float(line.value_won)) for line in figures.by_member],
            value_label=_money,
        ),
        "buyers": bar_chart(
            "Montant gagné par acheteur",
            [(line.label, float(line.value_won)) for line in figures.by_buyer],
            value_label=_money,
        ),
        "divisions": bar_chart(
            "Montant gagné par division CPV",
            [(f"CPV {line.label}", float(line.value_won)) for line in figures.by_division],
            value_label=_money,
        ),
        "hours": paired_bar_chart(
            "Heures d'insertion",
            [("Collectif", float(figures.hours_committed), float(figures.hours_achieved))],
            series=("Heures promises", "Heures réalisées"),
            value_label=_hours,
        ),
    }
    if figures.full:
        result["value"] = paired_bar_chart(
            "Montants soumis et gagnés",
            [
                (line.label, float(line.value_submitted or 0), float(line.value_won))
                for line in figures.by_buyer
            ],
            series=("Montant soumis", "Montant gagné"),
            value_label=_money,
        )
    return result


TABLES = {
    "structures": ("by_member", "Structure"),
    "acheteurs": ("by_buyer", "Acheteur"),
    "divisions-cpv": ("by_division", "Division CPV"),
}


def _table(figures: Figures, name: str) -> tuple[list[str], list[list[object]]]:
    if name == "statuts":
        return ["Statut", "Candidatures"], [[label, count] for label, count in figures.by_status]
    attribute, first_header = TABLES[name]
    lines: list[Line] = getattr(figures, attribute)
    headers = [first_header, "Candidatures déposées", "Gagnées", "Perdues"]
    if figures.full:
        headers.append("Montant soumis HT (€)")
    headers += ["Montant gagné HT (€)", "Heures d'insertion réalisées"]
    rows: list[list[object]] = []
    for line in lines:
        row: list[object] = [line.label, line.bids, line.won, line.lost]
        if figures.full:
            row.append(line.value_submitted)
        row += [line.value_won, line.hours_achieved]
        rows.append(row)
    return headers, rows


class CollectivePages(Controller):
    path = "/collectif"
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, user: LoggedIn) -> Template:
        figures = await figures_for(user)
        return page(
            request,
            "outcomes/collective.html",
            figures=figures,
            charts=charts(figures),
            tables={name: _table(figures, name) for name in ("statuts", *TABLES)},
        )

    @get("/export/{name:str}")
    async def export(self, name: FromPath[str], user: LoggedIn) -> Response[bytes]:
        name = name.removesuffix(".csv")
        if name != "statuts" and name not in TABLES:
            raise NotFound("Ce tableau n'existe pas.")
        headers, rows = _table(await figures_for(user), name)
        return Response(
            to_csv(headers, rows),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{csv_filename(f"cordee-{name}")}"',
                "Cache-Control": "private, no-store",
            },
        )
