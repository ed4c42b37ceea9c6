"""Bid results and the collective's figures, on a fixed data set summed by hand."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.builders import make_tender
from tests.support import api, as_actor, login, post_form, text


@dataclass
class Collective:
    coordinator: Any
    director_a: Any
    orgs: dict[str, int]
    consortia: dict[str, int]


async def _bid(
    actor: Any, title: str, buyer: str, cpv: str, split: dict[int, str], submit: bool = True
) -> int:
    from tenders.consortia import workspace
    from tenders.consortia.schemas import ShareIn, SplitIn
    from tenders.demo.bid_loader import ready_consortium

    tender = await make_tender(actor, title, cpv=cpv, status="en_preparation", buyer_name=buyer)
    cid = await ready_consortium(actor, tender.id, list(split), [])
    await workspace.set_split(
        actor,
        cid,
        SplitIn(
            shares=[
                ShareIn(lot_key="1", organisation_id=o, amount=Decimal(a)) for o, a in split.items()
            ]
        ),
    )
    if submit:
        await workspace.submit(actor, cid)
    return cid


async def _submitted_bid(log_in_as: Any, make_organisation: Any) -> int:
    """A coordinator logged in, and the bid of Alpha alone that they submitted (1 000 €)."""
    coordinator = await log_in_as("coordinator")
    alpha = await make_organisation("Alpha")
    return await _bid(as_actor(coordinator), "Parcs", "Ville", "77310000", {alpha: "1000"})


async def _record(client: Any, consortium_id: int, result: str, **fields: Any) -> Any:
    """PUT the outcome of a bid, decided on 5 May 2027."""
    body = {"result": result, "decided_on": "2027-05-05", **fields}
    return await api(client, "PUT", f"/api/consortia/{consortium_id}/outcome", body)


async def _result_form(client: Any, consortium_id: int, **fields: str) -> Any:
    """The « Résultat » form of a bid, won on 2 May 2027 unless ``fields`` say otherwise."""
    form = {"result": "gagnee", "decided_on": "2027-05-02", **fields}
    return await post_form(client, f"/groupements/{consortium_id}/resultat", form)


async def make_collective(make_account: Any, make_organisation: Any) -> Collective:
    from tenders.outcomes import service

    coordinator = await make_account("coordinator")
    actor = as_actor(coordinator)
    a = await make_organisation("Alpha")
    b = await make_organisation("Bêta")
    c = await make_organisation("Gamma")
    director_a = await make_account("member", organisation_id=a)
    won = await _bid(actor, "Parcs", "Ville de Valenciennes", "77310000", {a: "60000", b: "40000"})
    lost = await _bid(actor, "Bureaux", "Département du Nord", "90910000", {b: "30000", c: "30000"})
    dropped = await _bid(actor, "Squares", "Ville de Valenciennes", "77310000", {a: "20000"})
    preparing = await _bid(
        actor, "Écoles", "Ville de Valenciennes", "90910000", {c: "5000"}, submit=False
    )
    outcomes = {
        won: service.OutcomeIn(
            result="gagnee",
            decided_on=date(2027, 5, 2),
            amount_awarded=Decimal("90000"),
            insertion_hours_committed=1500,
            contract_start=date(2027, 6, 1),
            contract_end=date(2028, 5, 31),
        ),
        lost: service.OutcomeIn(
            result="perdue",
            decided_on=date(2027, 5, 3),
            winner="Entreprise Propre SA",
            buyer_comments="Prix trop élevé sur le lot 1.",
        ),
        dropped: service.OutcomeIn(result="sans_suite", decided_on=date(2027, 5, 4)),
    }
    for consortium, outcome in outcomes.items():
        await service.record(actor, consortium, outcome)
    for org, period, hours in (
        (a, date(2027, 9, 30), 300),
        (a, date(2027, 12, 31), 200),
        (b, date(2027, 12, 31), 100),
    ):
        await service.record_hours(
            actor, won, service.HoursIn(organisation_id=org, period_end=period, hours=hours)
        )
    return Collective(
        coordinator,
        director_a,
        {"Alpha": a, "Bêta": b, "Gamma": c},
        {"won": won, "lost": lost, "dropped": dropped, "preparing": preparing},
    )


@pytest.fixture
async def collective(make_account: Any, make_organisation: Any) -> Collective:
    return await make_collective(make_account, make_organisation)


async def test_figures_match_the_sums_made_by_hand(collective: Collective) -> None:
    from tenders.outcomes.figures import figures_for

    figures = await figures_for(as_actor(collective.coordinator))

    assert figures.by_status == [
        ("En préparation", 1),
        ("Déposée, en attente", 0),
        ("Gagnée", 1),
        ("Perdue", 1),
        ("Sans suite", 1),
    ]
    assert (figures.submitted, figures.won, figures.lost, figures.without_follow_up) == (3, 1, 1, 1)
    assert figures.win_rate == 0.5  # sans suite is not a decision on the bid
    assert figures.value_submitted == Decimal("180000.00")  # 100 000 + 60 000 + 20 000
    assert figures.value_won == Decimal("90000.00")
    assert (figures.hours_committed, figures.hours_achieved) == (1500, 600)
    members = {line.label: line for line in figures.by_member}
    # Alpha had 60 % of the won split, Bêta 40 %.
    assert (members["Alpha"].bids, members["Alpha"].won) == (2, 1)
    assert members["Alpha"].value_won == Decimal("54000.00")
    assert members["Bêta"].value_won == Decimal("36000.00")
    assert members["Gamma"].value_won == Decimal("0.00")
    assert (members["Alpha"].hours_achieved, members["Bêta"].hours_achieved) == (500, 100)
    assert members["Bêta"].value_submitted == Decimal("70000.00")
    assert [line.label for line in figures.by_member] == ["Alpha", "Bêta", "Gamma"]
    buyers = {line.label: line for line in figures.by_buyer}
    assert (buyers["Ville de Valenciennes"].bids, buyers["Ville de Valenciennes"].won) == (2, 1)
    assert buyers["Ville de Valenciennes"].value_submitted == Decimal("120000.00")
    assert (buyers["Département du Nord"].lost, buyers["Département du Nord"].value_won) == (
        1,
        Decimal("0.00"),
    )
    divisions = {line.label: line for line in figures.by_division}
    assert (divisions["77"].bids, divisions["77"].value_won) == (2, Decimal("90000.00"))
    assert divisions["90"].bids == 1  # « Écoles » is not submitted


async def test_a_member_sees_amounts_won_and_only_its_own_line(collective: Collective) -> None:
    from tenders.outcomes.figures import figures_for

    figures = await figures_for(as_actor(collective.director_a))

    assert not figures.full and figures.value_submitted is None
    assert [line.label for line in figures.by_member] == ["Alpha"]
    assert all(line.value_submitted is None for line in figures.by_buyer)
    assert figures.value_won == Decimal("90000.00")


async def test_csv_exports_open_with_french_decimals(
    client: Any, other_client: Any, collective: Collective
) -> None:
    await login(client, collective.coordinator.email)
    response = await client.get("/collectif/export/structures.csv")

    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="cordee-structures.csv"' in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Structure",
        "Candidatures déposées",
        "Gagnées",
        "Perdues",
        "Montant soumis HT (€)",
        "Montant gagné HT (€)",
        "Heures d'insertion réalisées",
    ]
    assert rows[1] == ["Alpha", "2", "1", "0", "80000,00", "54000,00", "500"]

    await login(other_client, collective.director_a.email)
    mine = await other_client.get("/collectif/export/structures.csv")
    member_rows = list(csv.reader(io.StringIO(mine.content.decode("utf-8-sig")), delimiter=";"))
    assert "Montant soumis HT (€)" not in member_rows[0]
    assert [r[0] for r in member_rows[1:]] == ["Alpha"]
    assert (await other_client.get("/collectif/export/inconnu.csv")).status_code == 404


async def test_the_dashboard_draws_its_charts(client: Any, collective: Collective) -> None:
    await login(client, collective.coordinator.email)
    page = text(await client.get("/collectif"))

    assert page.count('role="img"') >= 5
    assert "Taux de réussite : <strong>50\u00a0%</strong>" in page
    assert "90\u202f000,00\u00a0€" in page and "180\u202f000,00\u00a0€" in page
    assert "Alpha : 54\u202f000,00\u00a0€" in page  # in the chart's description


async def test_recording_a_result_checks_and_closes_the_tender(
    client: Any, collective: Collective
) -> None:
    from tenders.procurement.tables import Tender

    await login(client, collective.coordinator.email)
    preparing = collective.consortia["preparing"]
    too_early = await _record(client, preparing, "gagnee", amount_awarded="5000")
    assert too_early.status_code == 409
    assert "marquez-le d'abord comme déposé" in too_early.json()["detail"]
    no_amount = await _record(client, collective.consortia["lost"], "gagnee")
    assert no_amount.status_code == 422
    assert no_amount.json()["errors"] == [
        {"field": "amount_awarded", "message": "Indiquez le montant attribué (hors taxes)."}
    ]
    statuses = {t["title"]: t["status"] for t in await Tender.select(Tender.title, Tender.status)}
    assert statuses == {
        "Parcs": "gagnee",
        "Bureaux": "perdue",
        "Squares": "sans_suite",
        "Écoles": "en_preparation",
    }
    outcome = (await client.get(f"/api/consortia/{collective.consortia['won']}/outcome")).json()
    assert outcome["insertion_hours_achieved"] == 600


async def test_members_see_their_result_and_renew_papers_every_six_months(
    client: Any, collective: Collective
) -> None:
    from tenders.reminders.planner import wanted
    from tests.integration.test_reminders import paris

    await login(client, collective.director_a.email)
    page = text(await client.get(f"/groupements/{collective.consortia['won']}"))
    assert "Gagnée" in page and "90\u202f000,00\u00a0€" in page
    assert "Enregistrer le résultat" not in page  # the coordination's

    planned = [
        p
        for p in await wanted(paris(2027, 5, 10, 9, 0))
        if p.rule == "contract_papers" and p.recipient == collective.director_a.id
    ]
    # A contract from 1 June 2027 to 31 May 2028: once, six months in.
    assert [p.due_at for p in planned] == [paris(2027, 12, 1, 8, 0)]


async def test_the_result_form_keeps_what_was_typed_and_says_what_to_fix(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    cid = await _submitted_bid(log_in_as, make_organisation)

    response = await _result_form(
        client,
        cid,
        amount_awarded="",
        winner="",
        buyer_comments="Très bon mémoire technique.",
        insertion_hours_committed="1200",
    )

    assert response.status_code == 422
    page = text(response)
    assert "Indiquez le montant attribué (hors taxes)." in page
    assert 'href="#amount_awarded"' in page
    assert "Très bon mémoire technique.</textarea>" in page
    assert 'value="1200"' in page and 'value="2027-05-02"' in page


async def test_an_impossible_amount_awarded_is_refused_and_named(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    from tenders.outcomes.tables import BidOutcome
    from tests.support import csrf

    cid = await _submitted_bid(log_in_as, make_organisation)
    for raw in ["NaN", "Infinity", "sNaN", "1e400000", "-5", "12.345", "1e30"]:
        response = await _record(client, cid, "gagnee", amount_awarded=raw)
        assert response.status_code == 422, (raw, response.text)
        [error] = response.json()["errors"]
        assert error["field"] == "amount_awarded" and error["message"].startswith("Indiquez")
    # A form read « 1e400000 » as 1 400 000 € and « ١٢٣ » as 123 €: each is refused now.
    for raw in ["1e400000", "1_000", "١٢٣", "12.345", "-0", "Infinity", "2 000 000 000"]:
        page = await _result_form(client, cid, amount_awarded=raw)
        assert page.status_code == 422, raw
        assert 'href="#amount_awarded"' in page.text
    assert await BidOutcome.count() == 0
    hours = await client.post(
        f"/groupements/{cid}/heures-insertion",
        data={"_csrf_token": await csrf(client), "period_end": "2027-09-30", "hours": "١٢٠"},
    )
    assert hours.status_code in (409, 422) and "Écrivez-le en chiffres" in text(hours)


async def test_a_result_text_over_its_limit_is_refused_not_cut(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    from tenders.outcomes.tables import BidOutcome

    cid = await _submitted_bid(log_in_as, make_organisation)
    response = await _record(
        client, cid, "perdue", winner="W" * 301, buyer_comments="Notre offre. " * 1000
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"winner", "buyer_comments"}
    assert await BidOutcome.count() == 0
