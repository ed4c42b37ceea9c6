"""Each member's DUME from the facts of a bid (the demo consortium: a mandataire, two
co-traitants, a sous-traitant the group relies on, two lots): valid against the official schema
and every business rule, saying what the member's file says; what it lacks is a pre-flight
gap; the French summary states it."""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document

from tenders.espd.model import Role, Size
from tenders.espd.request import read_request
from tenders.espd.response import build_responses
from tenders.espd.summary import read_response
from tenders.formatting import amount_fr
from tenders.packages.build import BidFacts, build_package
from tenders.packages.context import PackageData
from tenders.packages.demo import demo_facts
from tenders.packages.dume import Insured, MemberDume, add_dumes, espd_lot, size_of
from tenders.packages.dume_package import dume_files
from tenders.packages.dume_summary import render_summary
from tests.espd_support import espd_file, insured_amount, validator

ISSUED = datetime(2027, 3, 12, 12, 0, tzinfo=timezone(timedelta(hours=1)))


# What each demo structure's RC Pro paper says (as the database gives it to the package).
INSURED = {
    1: Insured("Mutuelle Just", Decimal("1500000.00")),
    2: Insured("MAIF", Decimal("2000000.00")),
    3: Insured("", Decimal("800000.00")),  # the insurer not given
    4: Insured("Mutuelle Just", Decimal("300000.00")),
}


def dumes_of(
    facts: BidFacts, request=None, insured=INSURED
) -> tuple[list[MemberDume], list[str], list[str]]:
    model = build_package(facts)
    before, warned = len(model.gaps), len(model.warnings)
    dumes = add_dumes(model, facts, request, ISSUED, insured)
    return (
        dumes,
        [g.message for g in model.gaps[before:]],
        [w.message for w in model.warnings[warned:]],
    )


def by_name(dumes: list[MemberDume]) -> dict[str, MemberDume]:
    return {d.name: d for d in dumes}


def test_every_member_and_the_sous_traitant_get_a_valid_dume_for_each_of_their_lots():
    dumes, gaps, warnings = dumes_of(demo_facts())
    assert gaps == [] and warnings == []
    found = by_name(dumes)
    assert {n: (d.data.role, d.lots) for n, d in found.items() if d.data} == {
        "Poinfor": (Role.LEAD, {"1": "LOT-0001", "2": "LOT-0002"}),
        "A.C.I.A.E": (Role.MEMBER, {"1": "LOT-0001", "2": "LOT-0002"}),
        "Capep": (Role.MEMBER, {"2": "LOT-0002"}),
        "La Maison du vélo": (Role.RELIED_UPON, {"2": "LOT-0002"}),
    }
    # The member the sous-traitant works for names it among the entities it relies on.
    relying = [d.name for d in dumes if d.data and d.data.relied_upon]
    assert len(relying) == 1
    assert found[relying[0]].data.relied_upon[0].name == "La Maison du vélo"
    checker = validator("ESPDResponse")
    for dume in dumes:
        for lot, xml in build_responses(dume.data).items():
            assert checker.schema_errors(xml) == [], (dume.name, lot)
            failures = checker.failures(xml)
            assert failures == [], f"{dume.name} {lot}: " + "\n".join(map(str, failures))
            back = read_response(xml)
            assert (back.name, back.siret, back.lot) == (
                dume.name,
                dume.data.operator.siret,
                lot,
            )
            assert back.turnovers and back.turnovers[-1].amount == (
                dume.data.selection.turnovers[-1].amount
            )
            # The insurance: the amount guaranteed on the member's RC Pro paper.
            assert insured_amount(xml) == INSURED[dume.organisation_id].amount


def test_insurance_is_answered_only_with_the_amount_the_rc_pro_paper_gives():
    facts = demo_facts()
    found = by_name(dumes_of(facts)[0])
    assert found["A.C.I.A.E"].data.selection.insurance.insurer == "MAIF"
    # A paper that does not name its insurer: the structure's file does (DC2, rubric F2).
    file_insurer = next(m.org.insurer for m in facts.members if m.org.name == "Capep")
    assert file_insurer and found["Capep"].data.selection.insurance.insurer == file_insurer
    # Named nowhere, the response still passes every rule; the summary says so.
    facts.members[:] = [
        dataclasses.replace(m, org=dataclasses.replace(m.org, insurer=""))
        if m.org.name == "Capep"
        else m
        for m in facts.members
    ]
    capep = by_name(dumes_of(facts)[0])["Capep"].data
    assert capep.selection.insurance.insurer == "Assureur non précisé"
    xml = build_responses(capep)["LOT-0002"]
    checker = validator("ESPDResponse")
    assert checker.schema_errors(xml) == [] and checker.failures(xml) == []
    summary = Document(BytesIO(render_summary(capep, ["Lot 2"], ["Capep.xml"])))
    lines = [p.text for p in summary.paragraphs]
    answer = lines[lines.index("Assurance contre les risques professionnels") + 1]
    assert answer == f"Assureur non précisé : {amount_fr(Decimal('800000.00'))}"
    # A paper without an amount: no insurance answered, the response valid all the same.
    found = by_name(dumes_of(demo_facts(), insured={})[0])
    lead = found["Poinfor"].data
    assert lead.selection.insurance is None
    for xml in build_responses(lead).values():
        assert insured_amount(xml) is None
        assert checker.schema_errors(xml) == [] and checker.failures(xml) == []


def test_the_group_and_the_reserved_status_come_from_the_bid():
    facts = demo_facts()
    found = by_name(dumes_of(facts)[0])
    lead = found["Poinfor"].data
    assert lead.group_name == "Poinfor – A.C.I.A.E – Capep"
    assert lead.partners == ("A.C.I.A.E", "Capep")
    # The tender is reserved to SIAE: an entreprise d'insertion declares its share of workers
    # in insertion; the sous-traitant, an association, declares none.
    org = next(m.org for m in facts.members if m.org.name == "Poinfor")
    share = Decimal(org.headcount_insertion) / (org.headcount_permanent + org.headcount_insertion)
    assert lead.reserved.share == share.quantize(Decimal("0.01"))
    assert found["La Maison du vélo"].data.reserved is None
    assert found["La Maison du vélo"].data.group_name == ""


@pytest.mark.parametrize(
    ("headcount", "turnover", "size"),
    [
        (9, "2000000", Size.MICRO),
        (10, "1000000", Size.SMALL),
        (5, "2000001", Size.SMALL),
        (49, "10000000", Size.SMALL),
        (50, "100000", Size.MEDIUM),
        (249, "50000000", Size.MEDIUM),
        (250, "100000", Size.LARGE),
        (20, "50000001", Size.LARGE),
    ],
)
def test_the_size_follows_the_eu_definition_of_smes(headcount, turnover, size):
    assert size_of(headcount, Decimal(turnover)) is size


def test_cordee_lots_are_named_as_espd_names_them():
    assert espd_lot("2", ["1", "2"]) == "LOT-0002"
    assert espd_lot("B", ["A", "B"]) == "LOT-0002"
    assert espd_lot("1", ["1"]) == "LOT-0000"


def test_a_missing_last_turnover_or_headcount_is_a_gap_and_the_member_has_no_dume_yet():
    facts = copy.deepcopy(demo_facts())
    poinfor = next(m for m in facts.members if m.org.name == "Poinfor")
    last = max(poinfor.org.turnover)
    del poinfor.org.turnover[last]
    velo = next(m for m in facts.members if m.role == "sous_traitant")
    velo.org.headcount_permanent = None
    dumes, gaps, _ = dumes_of(facts)
    assert gaps == [
        f"Poinfor — chiffre d'affaires de l'exercice du 1er janvier {last} au 31 décembre "
        f"{last} manquant pour le DUME (dernier exercice clos).",
        "La Maison du vélo — effectif manquant pour le DUME (taille de l'entreprise).",
    ]
    found = by_name(dumes)
    assert found["Poinfor"].data is None and found["La Maison du vélo"].data is None
    assert found["Capep"].data is not None


def test_a_structure_in_receivership_answers_yes_to_insolvency_and_still_passes_every_rule():
    facts = copy.deepcopy(demo_facts())
    capep = next(m for m in facts.members if m.org.name == "Capep")
    capep.org.in_receivership = True
    data = by_name(dumes_of(facts)[0])["Capep"].data
    assert list(data.exclusions) == ["insolvency"]
    xml = build_responses(data)["LOT-0002"]
    checker = validator("ESPDResponse")
    assert checker.schema_errors(xml) == [] and checker.failures(xml) == []
    rows = dict(summary_rows(render_summary(data, ["Lot 2"], ["Capep.xml"])))
    assert rows["Insolvabilité"].startswith("Oui : La structure est en redressement judiciaire")
    assert rows["Faillite"] == "Non"


def summary_rows(document: bytes) -> list[tuple[str, str]]:
    return [
        (row.cells[0].text, row.cells[1].text)
        for table in Document(BytesIO(document)).tables
        for row in table.rows
    ]


def test_with_the_buyer_s_request_each_response_answers_its_criteria_and_says_what_is_left():
    request = read_request(espd_file("xml-examples/ESPD-Request.xml").read_bytes())
    dumes, gaps, warnings = dumes_of(demo_facts(), request)
    assert gaps == []
    # The example request names no lot: one response for all the member's lots.
    lead = by_name(dumes)["Poinfor"]
    assert lead.lots == {"1": "LOT-0000", "2": "LOT-0000"}
    assert list(build_responses(lead.data)) == ["LOT-0000"]
    # Per member, what is left to complete by hand: the criteria Cordée holds no data for
    # and, for the sous-traitant whose file has none, the references the buyer asks.
    assert [w.split(" — ")[0] for w in warnings] == [
        "Poinfor",
        "A.C.I.A.E",
        "Capep",
        "La Maison du vélo",
        "La Maison du vélo",
    ]
    assert "demande « Pour les contrats de service: Exécution des services" in warnings[3]
    assert "« Ratio financier »" in warnings[0]
    assert "« Chiffre d’affaires annuel général »" not in warnings[0]
    assert "Assurance contre les risques professionnels" not in " ".join(warnings)
    # Without the amount on the RC Pro paper, each member is told where to give it.
    _, _, unpaid = dumes_of(demo_facts(), request, insured={})
    insurance = [w for w in unpaid if "« Assurance contre les risques professionnels »" in w]
    assert [w.split(" — ")[0] for w in insurance] == [
        "Poinfor",
        "A.C.I.A.E",
        "Capep",
        "La Maison du vélo",
    ]
    assert "indiquez le montant garanti sur l'attestation d'assurance" in insurance[0]
    checker = validator("ESPDResponse")
    xml = build_responses(lead.data)["LOT-0000"]
    assert checker.schema_errors(xml) == [] and checker.failures(xml) == []


def test_the_package_folder_holds_each_member_s_xml_per_lot_and_its_french_summary():
    facts = demo_facts()
    model = build_package(facts)
    dumes = add_dumes(model, facts, None, ISSUED)
    data = PackageData(
        model=model, dumes=dumes, lot_titles={lot.key: lot.title for lot in facts.tender.lots}
    )
    files = {f.name: f.data for f in dume_files(data, ISSUED, with_pdf=False)}
    assert sorted(files) == [
        "06_DUME/A.C.I.A.E_lot_1.xml",
        "06_DUME/A.C.I.A.E_lot_2.xml",
        "06_DUME/A.C.I.A.E_resume.docx",
        "06_DUME/Capep.xml",
        "06_DUME/Capep_resume.docx",
        "06_DUME/La_Maison_du_velo.xml",
        "06_DUME/La_Maison_du_velo_resume.docx",
        "06_DUME/Poinfor_lot_1.xml",
        "06_DUME/Poinfor_lot_2.xml",
        "06_DUME/Poinfor_resume.docx",
    ]
    assert read_response(files["06_DUME/Poinfor_lot_2.xml"]).lot == "LOT-0002"
    summary = files["06_DUME/Poinfor_resume.docx"]
    text = "\n".join(p.text for p in Document(BytesIO(summary)).paragraphs)
    rows = dict(summary_rows(summary))
    poinfor = next(m.org for m in facts.members if m.org.name == "Poinfor")
    assert rows["SIRET"] == poinfor.siret
    assert rows["Rôle"] == "Mandataire du groupement « Poinfor – A.C.I.A.E – Capep »"
    assert (
        rows["Lots"].splitlines()[0]
        == "Lot 1 — Entretien des espaces verts (LOT-0001 dans le DUME)"
    )
    assert rows["Participation à une organisation criminelle"] == "Non"
    assert "Chiffre d’affaires annuel général" in text
    last = max(poinfor.turnover)
    assert f"31 décembre {last} : {amount_fr(poinfor.turnover[last])}" in text
    assert "Poinfor_lot_1.xml et Poinfor_lot_2.xml" in text


def test_a_summary_carries_its_package_properties_and_the_same_compile_gives_the_same_bytes():
    facts = demo_facts()
    model = build_package(facts)
    dumes = add_dumes(model, facts, None, ISSUED)
    data = PackageData(
        model=model,
        dumes=dumes,
        lot_titles={lot.key: lot.title for lot in facts.tender.lots},
    )
    first = {f.name: f.data for f in dume_files(data, ISSUED, with_pdf=False)}
    again = {f.name: f.data for f in dume_files(data, ISSUED, with_pdf=False)}
    assert first == again
    props = Document(BytesIO(first["06_DUME/Capep_resume.docx"])).core_properties
    assert props.title == f"DUME, résumé, Capep — {model.tender_title}"
    assert props.subject == model.tender_title
    assert props.author == "Cordée"
    assert props.created == ISSUED
    later = dume_files(data, ISSUED + timedelta(hours=1), with_pdf=False)
    assert {f.name: f.data for f in later} != first


def test_without_a_fiscal_year_end_the_sous_traitant_is_asked_for_it_the_others_by_their_dc2():
    facts = copy.deepcopy(demo_facts())
    for member in facts.members:
        if member.org.name in ("Capep", "La Maison du vélo"):
            member.org.fiscal_year_end = ""
    dumes, gaps, _ = dumes_of(facts)
    assert gaps == [
        "La Maison du vélo — date de clôture de l'exercice manquante pour le DUME (chiffre "
        "d'affaires du dernier exercice clos)."
    ]
    found = by_name(dumes)
    assert found["Capep"].data is None and found["La Maison du vélo"].data is None
