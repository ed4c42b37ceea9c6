"""The rules behind the bid documents: closed fiscal years, the reserved-market article of each
kind of structure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tenders.members.fiscal import (
    FiscalYearEndError,
    closed_years,
    fiscal_year_end_fr,
    parse_fiscal_year_end,
)
from tenders.packages.build import OrgFacts, reserved_rows, reserved_statement


def labels(fiscal_year_end: str, at: date, known: set[int] | None = None) -> list[str]:
    return [fy.label for fy in closed_years(fiscal_year_end, at, known or set())]


def test_a_january_deadline_asks_for_the_three_years_before_the_one_just_ended() -> None:
    assert labels("12-31", date(2027, 1, 20)) == [
        "du 1er janvier 2023 au 31 décembre 2023",
        "du 1er janvier 2024 au 31 décembre 2024",
        "du 1er janvier 2025 au 31 décembre 2025",
    ]
    # A structure that already gave its 2026 figure shows it.
    assert labels("12-31", date(2027, 1, 20), {2026})[-1] == (
        "du 1er janvier 2026 au 31 décembre 2026"
    )
    # Six months after the year's end, its accounts are due.
    assert labels("12-31", date(2027, 7, 1))[-1] == "du 1er janvier 2026 au 31 décembre 2026"


def test_a_year_ending_in_june_is_named_with_its_dates() -> None:
    assert labels("06-30", date(2027, 1, 20)) == [
        "du 1er juillet 2023 au 30 juin 2024",
        "du 1er juillet 2024 au 30 juin 2025",
        "du 1er juillet 2025 au 30 juin 2026",
    ]
    assert labels("", date(2027, 1, 20)) == []


def test_the_fiscal_year_end_is_typed_as_day_and_month() -> None:
    assert parse_fiscal_year_end("31/12") == "12-31"
    assert parse_fiscal_year_end(" 30.6 ") == "06-30"
    assert parse_fiscal_year_end("") == ""
    assert fiscal_year_end_fr("06-30") == "30/06"
    for wrong in ("31/02", "décembre", "12"):
        with pytest.raises(FiscalYearEndError):
            parse_fiscal_year_end(wrong)


@pytest.mark.parametrize(
    ("kind", "ess_status", "reserved", "article", "ticked"),
    [
        ("ea", "", "none", "L. 2113-12", "Entreprise adaptée"),
        ("esat", "", "disability", "L. 2113-12", "Établissement et service d'aide"),
        ("aci", "", "insertion", "L. 2113-13", "Structure d'insertion"),
        ("ai", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("ei", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("etti", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("eiti", "", "none", "L. 2113-13", "Structure d'insertion"),
        ("scop", "de_droit", "ess", "L. 2113-15", "Entreprise de l'économie sociale"),
        ("scop", "de_droit", "none", None, None),
        ("other", "hors_ess", "ess", None, None),
        ("geiq", "", "none", None, None),
    ],
)
def test_each_kind_of_structure_gets_its_reserved_market_article(
    kind: str, ess_status: str, reserved: str, article: str | None, ticked: str | None
) -> None:
    org = OrgFacts(id=1, slug="x", name="Atelier", kind=kind, ess_status=ess_status)
    statement = reserved_statement(org, reserved)
    if article is None:
        assert statement == "Atelier ne se prévaut d'aucun cas de marché réservé."
    else:
        assert f"article {article} du code de la commande publique" in statement
        others = {"L. 2113-12", "L. 2113-13", "L. 2113-15"} - {article}
        assert not any(other in statement for other in others)
    boxes = [row.structure for row in reserved_rows(org, reserved) if row.box == "☒"]
    assert boxes == ([] if ticked is None else [next(b for b in boxes if b.startswith(ticked))])


def _subcontracted(vat_regime: str) -> tuple[str, str, list[str]]:
    """The DC4 price of a sous-traitant paid 8 000 € HT, and the blocking points."""
    from tenders.packages.build import (
        BidFacts,
        LotFacts,
        MemberFacts,
        ShareFacts,
        TenderFacts,
        build_package,
    )

    lead = OrgFacts(id=1, slug="lead", name="Poinfor", kind="ei", town="Valenciennes")
    sub = OrgFacts(
        id=2, slug="sub", name="Maison du vélo", kind="association", vat_regime=vat_regime
    )
    model = build_package(
        BidFacts(
            consortium_id=7,
            tender=TenderFacts(
                title="Entretien",
                reference="R-1",
                buyer_name="Ville",
                lots=[LotFacts("1", "Espaces verts")],
                duration_months=12,
            ),
            form="conjoint",
            lead_id=1,
            members=[
                MemberFacts(org=lead, role="mandataire", lots=["1"], services="Tonte"),
                MemberFacts(org=sub, role="sous_traitant", lots=["1"], services="Vélos"),
            ],
            shares=[
                ShareFacts("1", 1, Decimal(20000), Decimal(70)),
                ShareFacts("1", 2, Decimal(8000), Decimal(30)),
            ],
            sections=[],
            compiled_on=date(2027, 1, 5),
            deadline_day=date(2027, 1, 20),
        )
    )
    price = model.subcontracts[2]
    gaps = [g.text for g in model.gaps if g.member == "Maison du vélo"]
    plain = price.amount_ttc_text.replace("\u202f", " ").replace("\xa0", " ")
    return plain, price.vat_text, gaps


def test_a_subcontractor_exempt_from_vat_is_paid_the_same_amount_all_taxes_included() -> None:
    assert _subcontracted("assujettie")[:2] == ("9 600,00 €", "TVA au taux de 20 %")
    ttc, vat, gaps = _subcontracted("exoneree")
    assert ttc == "8 000,00 €" and "article 261 du code général des impôts" in vat
    assert not any("TVA" in g for g in gaps)
    assert _subcontracted("franchise")[1] == (
        "TVA non applicable, article 293 B du code général des impôts"
    )


def test_a_subcontractor_without_a_vat_regime_is_a_blocking_point() -> None:
    *_, gaps = _subcontracted("")
    assert any(g.startswith("régime de TVA non renseigné (DC4, rubrique G)") for g in gaps)


def test_every_vat_regime_the_profile_offers_has_its_dc4_wording() -> None:
    from tenders.members.vocabulary import VAT_REGIMES
    from tenders.packages.build import VAT_TEXTS

    assert set(VAT_TEXTS) == set(VAT_REGIMES) - {""}
