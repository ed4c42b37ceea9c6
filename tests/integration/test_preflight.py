"""Pre-flight checks before compiling a bid package, on a real consortium."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tenders.storage import placeholder_pdf
from tests.builders import compose, make_draft, make_tender, upload_paper
from tests.support import as_actor

PDF = placeholder_pdf("Attestation", ["Pré-contrôle"])
IN_A_YEAR = date.today() + timedelta(days=365)


async def test_preflight_lists_blocking_items_then_warnings(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia import workspace
    from tenders.consortia.schemas import ShareIn, SplitIn
    from tenders.consortia.tables import ConsortiumMember
    from tenders.packages.preflight import preflight
    from tenders.procurement import service as tenders

    admin = await make_account("admin")
    actor = as_actor(admin)
    alpha, beta = await make_organisation("Alpha"), await make_organisation("Bêta")
    tender = await make_tender(actor, buyer_name="Ville de Denain")
    draft = await make_draft(actor, tender.id, {alpha: ["1"], beta: ["1"]})

    items = await preflight(actor, draft.id)
    blocking = [i.text for i in items if i.blocking]
    assert "Choisissez la forme du groupement (conjoint ou solidaire)." in blocking
    assert "Bêta n'a pas encore accepté l'invitation." in blocking
    assert "Lot 1 : la répartition entre les membres ne fait pas 100 %." in blocking
    assert any(t.startswith("Alpha") and "Attestation de vigilance URSSAF" in t for t in blocking)
    assert items[0].blocking and not items[-1].blocking  # blocking first

    await compose(actor, draft.id, [alpha, beta])
    await workspace.set_split(
        actor,
        draft.id,
        SplitIn(
            shares=[
                ShareIn(lot_key="1", organisation_id=alpha, amount=Decimal("700")),
                ShareIn(lot_key="1", organisation_id=beta, amount=Decimal("300")),
            ]
        ),
    )
    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        ConsortiumMember.consortium == draft.id
    )
    for org in (alpha, beta):
        for kind in ("kbis", "urssaf", "fiscal", "rc_pro"):
            await upload_paper(actor, org, kind, PDF, valid_until=IN_A_YEAR)
    remaining = [i for i in await preflight(actor, draft.id) if i.blocking]
    # What the official rubrics would print empty: named, member by member, with a link.
    texts = [i.text for i in remaining]
    assert "Alpha — SIRET manquant : complétez la fiche de la structure." in texts
    assert any(t.startswith("Bêta — numéro de téléphone manquant") for t in texts)
    assert any(t.startswith("Alpha — prestations exécutées non décrites") for t in texts)
    siret = next(i for i in remaining if i.text.startswith("Alpha — SIRET"))
    assert siret.link == f"/structures/{alpha}/modifier"
    # No buyer's address: the forms' buyer rubrics would print it empty.
    address = next(i for i in remaining if "Adresse de l'acheteur manquante" in i.text)
    assert address.text.startswith("La consultation — Adresse de l'acheteur manquante")
    assert address.link == f"/consultations/{tender.id}/modifier"
    from tenders.procurement.imports import as_tender_in

    corrected = as_tender_in(await tenders.get_tender(tender.id))
    corrected.buyer_address = "Place Baudin, 59220 Denain"
    await tenders.update_tender(actor, tender.id, corrected)

    from tenders.consortia.schemas import BankIn
    from tenders.demo.bid_loader import fill_bid_file, invented_iban

    for n, org in enumerate((alpha, beta), start=1):
        await fill_bid_file(actor, org, n, date.today(), papers=False)
        await workspace.set_bank(actor, draft.id, org, BankIn(iban=invented_iban(org)))
    await compose(actor, draft.id, [alpha, beta], {alpha: "Vitrerie", beta: "Sols"})
    remaining = await preflight(actor, draft.id)
    assert [i.text for i in remaining if i.blocking] == []
    assert any("n'a pas encore de plan" in i.text for i in remaining)


async def _deadline_in(days: int, consortium_id: int) -> date:
    from datetime import datetime, time

    from tenders.consortia.tables import Consortium
    from tenders.formatting import PARIS
    from tenders.procurement.tables import Tender

    day = date.today() + timedelta(days=days)
    tender = (await Consortium.select(Consortium.tender).where(Consortium.id == consortium_id))[0]
    await Tender.update(
        {Tender.offers_deadline: datetime.combine(day, time(12), tzinfo=PARIS)}
    ).where(Tender.id == tender["tender"])
    return day


async def test_a_paper_blocks_only_if_it_is_not_valid_at_the_offer_deadline(ready_bid: Any) -> None:
    from tenders.members.completeness import completeness
    from tenders.packages.preflight import preflight

    bid = await ready_bid(["Poinfor", "Capep"])
    deadline = await _deadline_in(20, bid.consortium_id)
    capep = next(org for org, name in bid.members.items() if name == "Capep")

    async def upload_kbis(valid_until: date) -> None:
        issued_on = date.today() - timedelta(days=60)
        await upload_paper(
            bid.actor, capep, "kbis", PDF, issued_on=issued_on, valid_until=valid_until
        )

    # Valid at the deadline, expiring 20 days after it: a reminder, not a blocking point.
    await upload_kbis(deadline + timedelta(days=20))
    items = await preflight(bid.actor, bid.consortium_id)
    assert [i.text for i in items if i.blocking] == []
    assert any(not i.blocking and i.text.startswith("Capep — Extrait Kbis") for i in items)
    # The structure's page says the same: in order, with the paper to watch.
    page = await completeness(bid.actor, capep, date.today())
    assert [i for i in page.missing if i.topic == "certificate"] == []
    assert any(i.ok and i.text.startswith("Extrait Kbis") for i in page.items)

    # Expired the day before the deadline: blocking, naming the member and the paper.
    await upload_kbis(deadline - timedelta(days=1))
    blocking = [i.text for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    assert len(blocking) == 1
    assert blocking[0].startswith("Capep au ") and "Extrait Kbis" in blocking[0]
    at_deadline = await completeness(bid.actor, capep, deadline)
    assert [i.text[:13] for i in at_deadline.missing if i.topic == "certificate"] == [
        "Extrait Kbis "
    ]


@pytest.mark.parametrize(
    ("field", "blank", "words"),
    [
        ("siret", None, "SIRET manquant"),
        ("address", "", "adresse incomplète"),
        ("town", "", "adresse incomplète"),
        ("contact_email", "", "adresse électronique manquante"),
        ("contact_phone", "", "numéro de téléphone manquant"),
        ("representative_name", "", "nom du représentant légal manquant"),
        ("representative_title", "", "qualité du représentant légal manquante"),
        ("fiscal_year_end", "", "date de clôture de l'exercice manquante"),
    ],
)
async def test_each_blank_field_blocks_with_the_member_name(
    ready_bid: Any, field: str, blank: Any, words: str
) -> None:
    from tenders.members.tables import Organisation
    from tenders.packages.preflight import preflight

    bid = await ready_bid(["Poinfor", "Capep"])
    assert [i for i in await preflight(bid.actor, bid.consortium_id) if i.blocking] == []
    capep = next(org for org, name in bid.members.items() if name == "Capep")
    await Organisation.update({getattr(Organisation, field): blank}).where(Organisation.id == capep)

    blocking = [i for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    assert len(blocking) == 1
    assert blocking[0].text.startswith(f"Capep — {words}")
    assert blocking[0].link == f"/structures/{capep}/modifier"


async def test_services_left_to_the_annex_block_and_only_closed_years_are_asked(
    ready_bid: Any,
) -> None:
    from tenders.consortia.tables import ConsortiumMember
    from tenders.members.tables import Organisation, Turnover
    from tenders.packages.preflight import preflight

    bid = await ready_bid(["Poinfor", "Capep"])
    capep = next(org for org, name in bid.members.items() if name == "Capep")
    await ConsortiumMember.update(
        {ConsortiumMember.services: "Prestations de l'annexe de répartition"}
    ).where(ConsortiumMember.organisation == capep)
    blocking = [i.text for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    assert len(blocking) == 1 and blocking[0].startswith("Capep — prestations exécutées")

    # Described lot by lot in the split instead: lot 1 only, then both lots.
    from tenders.consortia import workspace
    from tenders.consortia.schemas import ShareIn, SplitIn

    poinfor = next(org for org, name in bid.members.items() if name == "Poinfor")

    async def split(capep_services: dict[str, str]) -> None:
        await workspace.set_split(
            bid.actor,
            bid.consortium_id,
            SplitIn(
                shares=[
                    ShareIn(lot_key=lot, organisation_id=org, amount=Decimal(1000), services=text)
                    for lot in ("1", "2")
                    for org, text in ((poinfor, ""), (capep, capep_services.get(lot, "")))
                ]
            ),
        )

    await split({"1": "Tonte des parcs"})
    blocking = [i.text for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    assert len(blocking) == 1 and "non décrites pour le lot 2 (DC1" in blocking[0]
    await split({"1": "Tonte des parcs", "2": "Entretien des allées"})
    assert [i for i in await preflight(bid.actor, bid.consortium_id) if i.blocking] == []
    # Accounts closed on 31 December: for a deadline in January, the year just ended is not
    # asked; the three years before it are, with their dates.
    deadline = await _deadline_in(0, bid.consortium_id)
    january = date(deadline.year + 1, 1, 20)
    await _deadline_in((january - date.today()).days, bid.consortium_id)
    await Turnover.delete().where(Turnover.organisation == capep)
    await Organisation.update({Organisation.fiscal_year_end: "12-31"}).where(
        Organisation.id == capep
    )
    blocking = [i.text for i in await preflight(bid.actor, bid.consortium_id) if i.blocking]
    years = [january.year - 2, january.year - 3, january.year - 4]
    assert all(t.startswith("Capep — chiffre d'affaires de l'exercice") for t in blocking)
    assert [f"du 1er janvier {y} au 31 décembre {y}" in " ".join(blocking) for y in years] == [
        True,
        True,
        True,
    ]
    assert f"{january.year - 1}" not in " ".join(blocking)
