"""Pages: recording a bid's result and insertion hours; the collective's dashboard and CSV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.consortia.workspace_page import show_consortium
from tenders.errors import DomainError, Invalid, NotFound
from tenders.formatting import amount_fr, number_fr
from tenders.numbers import NumberError, form_id, parse_amount
from tenders.outcomes import service
from tenders.outcomes.charts import bar_chart, paired_bar_chart
from tenders.outcomes.csv_export import csv_filename, to_csv
from tenders.outcomes.figures import Figures, Line, figures_for
from tenders.web.forms import first, multi_form, optional_date, optional_int
from tenders.web.rendering import page, redirect


def _amount(text: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return parse_amount(text, maximum=service.MAX_AMOUNT)
    except NumberError as exc:
        errors["amount_awarded"] = exc.message
        return None


class OutcomePages(Controller):
    path = "/groupements/{consortium_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @post("/resultat")
    async def record(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        errors: dict[str, str] = {}
        decided = optional_date(first(form, "decided_on"), "decided_on", errors)
        if decided is None and "decided_on" not in errors:
            errors["decided_on"] = "Indiquez la date de la décision de l'acheteur."
        data = service.OutcomeIn(
            result=first(form, "result"),
            decided_on=decided or date.today(),
            amount_awarded=_amount(first(form, "amount_awarded"), errors),
            winner=first(form, "winner"),
            buyer_comments=first(form, "buyer_comments"),
            insertion_hours_committed=optional_int(
                first(form, "insertion_hours_committed"),
                "insertion_hours_committed",
                errors,
                "Indiquez un nombre d'heures.",
            ),
            contract_start=optional_date(first(form, "contract_start"), "contract_start", errors),
            contract_end=optional_date(first(form, "contract_end"), "contract_end", errors),
        )
        try:
            if errors:
                raise Invalid(errors)
            outcome = await service.record(user, consortium_id, data)
        except DomainError as exc:
            values = {k: first(form, k) for k in RESULT_FIELDS}
            return await show_consortium(
                request,
                user,
                consortium_id,
                exc.fields or {"result": exc.message},
                exc.status_code,
                values,
            )
        return redirect(
            f"/groupements/{consortium_id}#resultat",
            f"Résultat enregistré : {outcome.result_label.lower()}.",
        )

    @post("/heures-insertion")
    async def hours(
        self,
        request: Request[Any, Any, Any],
        consortium_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        errors: dict[str, str] = {}
        period = optional_date(first(form, "period_end"), "period_end", errors)
        hours = optional_int(first(form, "hours"), "hours", errors, "Indiquez un nombre d'heures.")
        org = first(form, "organisation_id")
        if period is None:
            errors.setdefault("period_end", "Indiquez la fin de la période.")
        if hours is None:
            errors.setdefault("hours", "Indiquez un nombre d'heures.")
        try:
            if errors or period is None or hours is None:
                raise Invalid(errors)
            await service.record_hours(
                user,
                consortium_id,
                service.HoursIn(
                    organisation_id=form_id(org) or 0,
                    period_end=period,
                    hours=hours,
                ),
            )
        except DomainError as exc:
            return await show_consortium(
                request, user, consortium_id, exc.fields or {"hours": exc.message}, exc.status_code
            )
        return redirect(
            f"/groupements/{consortium_id}#resultat", "Heures d'insertion enregistrées."
        )


RESULT_FIELDS = (
    "result",
    "decided_on",
    "amount_awarded",
    "winner",
    "buyer_comments",
    "insertion_hours_committed",
    "contract_start",
    "contract_end",
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
    async def index(
        self, request: Request[Any, Any, Any], user: NamedDependency[CurrentUser]
    ) -> Template:
        figures = await figures_for(user)
        return page(
            request,
            "outcomes/collective.html",
            figures=figures,
            charts=charts(figures),
            tables={name: _table(figures, name) for name in ("statuts", *TABLES)},
        )

    @get("/export/{name:str}")
    async def export(
        self, name: FromPath[str], user: NamedDependency[CurrentUser]
    ) -> Response[bytes]:
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
