"""Matching on a small fixed collective whose right answer is known by hand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tenders.accounts.schemas import CurrentUser
from tenders.consortia.tables import Consortium
from tenders.members import capabilities
from tenders.members import service as organisations
from tenders.members.schemas import CapabilityIn
from tenders.storage import placeholder_pdf
from tests.builders import upload_paper
from tests.support import api, as_actor, login, post_form, propose_consortium, text

PDF = placeholder_pdf("Attestation", ["Test du rapprochement"])
ISSUED, VALID_UNTIL = date.today() - timedelta(days=5), date.today() + timedelta(days=800)


async def _collective(make_account: Any, make_organisation: Any) -> tuple[CurrentUser, dict]:
    admin = await make_account("admin")
    actor = as_actor(admin)

    async def org(name: str, kind: str, codes: list[str], value: int, papers: bool = True) -> int:
        org_id = await make_organisation(name)
        await organisations.update_organisation(
            actor, org_id, {"kind": kind, "postal_code": "59300"}
        )
        await capabilities.add_capability(
            actor,
            org_id,
            CapabilityIn(
                title=f"Savoir-faire de {name}",
                kind="services",
                cpv_codes=codes,
                departements=["59"],
                max_contract_value=value,
            ),
        )
        for paper in ("kbis", "urssaf", "fiscal", "rc_pro") if papers else ():
            await upload_paper(actor, org_id, paper, PDF, issued_on=ISSUED, valid_until=VALID_UNTIL)
        return org_id

    ids = {
        # Exact code, insertion structure, papers in order: best everywhere it can go.
        "Jardins d'insertion": await org("Jardins d'insertion", "aci", ["77310000"], 200_000),
        # Exact code too but an association (not SIAE) and no papers.
        "Paysages associatifs": await org(
            "Paysages associatifs", "association", ["77310000"], 200_000, papers=False
        ),
        # Same division only (77 forestry services): far behind.
        "Forêts du Hainaut": await org("Forêts du Hainaut", "ei", ["77200000"], 50_000),
        # Cleaning: the second lot.
        "Propreté solidaire": await org("Propreté solidaire", "ei", ["90910000"], 150_000),
    }
    return actor, ids


TENDER = {
    "title": "Espaces verts, cimetières et nettoyage",
    "buyer_name": "Ville de Valenciennes",
    "offers_deadline": "2027-03-26T12:00:00+01:00",
    "departements": ["59"],
    "lots": [
        {"key": "1", "title": "Parcs", "cpv_codes": ["77310000"], "estimated_value": "90000"},
        {
            "key": "2",
            "title": "Cimetières",
            "cpv_codes": ["77310000"],
            "estimated_value": "40000",
            "reserved": "insertion",
        },
        {"key": "3", "title": "Nettoyage", "cpv_codes": ["90910000"], "estimated_value": "60000"},
        {
            "key": "4",
            "title": "Matériel médical",
            "cpv_codes": ["33100000"],
            "estimated_value": "10000",
        },
    ],
}


async def test_ranking_proposal_and_consortium_draft(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    _, ids = await _collective(make_account, make_organisation)
    await login(client, (await make_account("coordinator")).email)
    tender = (await api(client, "POST", "/api/tenders", TENDER)).json()
    result = (await client.get(f"/api/tenders/{tender['id']}/matching")).json()
    lots = {lot["key"]: lot["matches"] for lot in result["lots"]}

    parks = [m["name"] for m in lots["1"]]
    assert parks[:2] == ["Jardins d'insertion", "Paysages associatifs"]
    assert parks[-1] == "Forêts du Hainaut"
    assert lots["1"][0]["score"] > lots["1"][1]["score"] > lots["1"][-1]["score"]
    assert any("manquante" in r for r in lots["1"][1]["reasons"])

    cemeteries = lots["2"]
    excluded = next(m for m in cemeteries if m["name"] == "Paysages associatifs")
    assert excluded["eligible"] is False
    assert "L2113-13" in excluded["exclusion"]
    assert cemeteries[0]["name"] == "Jardins d'insertion"
    assert lots["4"] == []

    proposal = result["proposal"]
    members = {m["name"]: m["lots"] for m in proposal["members"]}
    assert members == {"Jardins d'insertion": ["1", "2"], "Propreté solidaire": ["3"]}
    assert proposal["lead_id"] == ids["Jardins d'insertion"]
    assert [u["key"] for u in proposal["uncovered"]] == ["4"]
    assert "Aucune structure" in proposal["uncovered"][0]["reason"]

    page = await client.get(f"/consultations/{tender['id']}/rapprochement")
    assert "Jardins d'insertion" in text(page) and "Non éligible" in text(page)
    created = await post_form(client, f"/consultations/{tender['id']}/groupement", {})
    assert "Groupement créé en brouillon" in text(created)
    assert await Consortium.count() == 1

    # The same lead cannot lead a second consortium on this tender (R2142-23).
    again = await propose_consortium(client, tender["id"], {ids["Jardins d'insertion"]: ["1"]})
    assert again.status_code == 409
    assert "R2142-23" in again.json()["detail"]
    assert await Consortium.count() == 1
    # The next proposal does not offer it as lead any more.
    second = (await client.get(f"/api/tenders/{tender['id']}/matching")).json()["proposal"]
    assert second["lead_id"] != ids["Jardins d'insertion"]


async def test_the_coordinator_adjusts_the_proposal_within_the_rules(
    client: Any, make_account: Any, log_in_as: Any, make_organisation: Any
) -> None:
    _, ids = await _collective(make_account, make_organisation)
    await log_in_as("coordinator")
    tender = (await api(client, "POST", "/api/tenders", TENDER)).json()
    url = f"/consultations/{tender['id']}/groupement-ajuste"

    def choice(lead: str, *by_lot: str) -> dict[str, str]:
        """The structure chosen for each lot in turn, and the lead, by name."""
        lots = {f"lot_{n}": str(ids[name]) for n, name in enumerate(by_lot, start=1)}
        return {**lots, "lead_id": str(ids[lead])}

    jardins, paysages = "Jardins d'insertion", "Paysages associatifs"
    refused = await post_form(client, url, choice(jardins, jardins, paysages))
    assert refused.status_code == 422
    assert "Paysages associatifs n'en est pas une" in text(refused)
    assert await Consortium.count() == 0
    proprete = "Propreté solidaire"
    done = await post_form(client, url, choice(proprete, paysages, jardins, proprete))
    assert "composition choisie" in text(done)
    [consortium] = (await client.get(f"/api/tenders/{tender['id']}/consortia")).json()
    assert consortium["lead_id"] == ids["Propreté solidaire"]
    assert {m["name"]: m["lots"] for m in consortium["members"]} == {
        "Paysages associatifs": ["1"],
        "Jardins d'insertion": ["2"],
        "Propreté solidaire": ["3"],
    }
