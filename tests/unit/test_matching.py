"""Ranking the collective for each lot and proposing a consortium (tenders.matching).

A fixed collective of six structures; every expected score is worked out by hand in the
comments, criterion by criterion: CPV /40, territory /20, capacity /15, references /15,
certificates /10.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

import pytest

from tenders.formatting import amount_fr
from tenders.matching import (
    Candidate,
    CandidateCapability,
    CandidateReference,
    LotMatch,
    LotSpec,
    Proposal,
    TenderSpec,
    propose,
    rank_lot,
)
from tenders.matching.wording import amount

URSSAF_EXPIRED = "Attestation de vigilance URSSAF expirée au 12 mars 2027"

POINFOR = Candidate(
    organisation_id=1,
    name="Poinfor",
    kind="ei",
    departement="59",
    ess=True,
    capabilities=(
        CandidateCapability(("77310000",), ("59", "62"), 12, Decimal("150000")),
        CandidateCapability(("90911200",), ("59",), 6, Decimal("40000")),
    ),
    references=(
        CandidateReference("77311000", Decimal("48000"), 2025),
        CandidateReference("77310000", Decimal("30000"), 2022),
    ),
)
CAPEP = Candidate(
    organisation_id=2,
    name="Capep",
    kind="aci",
    departement="59",
    ess=True,
    capabilities=(CandidateCapability(("77312000",), ("59",), 8, Decimal("60000")),),
    references=(CandidateReference("77312000", Decimal("20000"), 2023),),
)
ACIAE = Candidate(
    organisation_id=3,
    name="A.C.I.A.E",
    kind="aci",
    departement="59",
    ess=True,
    capabilities=(
        CandidateCapability(("90910000",), ("59", "62"), 20, Decimal("200000")),
        CandidateCapability(("77340000",), ("59",), None, None),
    ),
    references=(CandidateReference("90910000", Decimal("150000"), 2024),),
)
ATIS = Candidate(
    organisation_id=4,
    name="Atis",
    kind="association",
    departement="62",
    ess=True,
    capabilities=(CandidateCapability(("77310000",), ("62",), None, Decimal("200000")),),
    references=(CandidateReference("77310000", Decimal("90000"), 2024),),
    certificate_problems=(URSSAF_EXPIRED,),
)
BATIR = Candidate(
    organisation_id=5,
    name="Bâtir Ensemble",
    kind="ea",
    departement="59",
    ess=False,
    capabilities=(CandidateCapability(("77211000",), ("59",), None, Decimal("40000")),),
    references=(CandidateReference("45453000", Decimal("10000"), 2021),),
)
ESAT = Candidate(
    organisation_id=6,
    name="Esat du Hainaut",
    kind="esat",
    departement="59",
    ess=True,
    capabilities=(CandidateCapability(("90910000",), ("59",), None, Decimal("80000")),),
    references=(CandidateReference("90910000", Decimal("25000"), 2025),),
)
COLLECTIVE = (POINFOR, CAPEP, ACIAE, ATIS, BATIR, ESAT)

GREEN = LotSpec("1", "Entretien des espaces verts", ("77311000",), ("59",), Decimal("100000"))
CLEANING = LotSpec(
    "2", "Nettoyage des locaux", ("90910000",), ("59",), Decimal("80000"), "insertion"
)
HEDGES = LotSpec("3", "Taille des haies", ("77342000",), ("59",), Decimal("30000"), "disability")
MEDICAL = LotSpec("4", "Matériel médical", ("33000000",), ("59",), Decimal("50000"))


def plain(text: str) -> str:
    """French typography's no-break spaces as plain spaces, to write expectations simply."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def scores(matches: list[LotMatch]) -> list[tuple[str, int, bool]]:
    return [(match.name, match.score, match.eligible) for match in matches]


def by_name(matches: list[LotMatch], name: str) -> LotMatch:
    return next(match for match in matches if match.name == name)


def rankings(*lots: LotSpec) -> dict[str, list[LotMatch]]:
    return {lot.key: rank_lot(lot, COLLECTIVE) for lot in lots}


# --- ranking one lot -----------------------------------------------------------------------


def test_the_green_spaces_lot_is_ranked_as_worked_out_by_hand() -> None:
    ranking = rank_lot(GREEN, COLLECTIVE)
    # Lot 77311000 in the Nord, estimated at 100 000 €.
    # Poinfor: 77310000 covers 77311000 (40), works in the 59 (20), up to 150 000 € (15),
    #   references in 77311000 (15), certificates valid (10) = 100.
    # Capep: 77312000, same class 7731 (30), 59 (20), 60 000 € is half the lot (8),
    #   reference 77312000 same class (15), valid (10) = 83.
    # Atis: 77310000 covers (40), only in the 62 where it is based (0), 200 000 € (15),
    #   reference 77310000 same class (15), URSSAF expired (0) = 70.
    # A.C.I.A.E: 77340000 same group 773 (20), 59 (20), no amount given (4),
    #   its only reference is cleaning (0), valid (10) = 54.
    # Bâtir Ensemble: 77211000 same division 77 (10), 59 (20), 40 000 € < half (0),
    #   reference in building works (0), valid (10) = 40.
    # Esat du Hainaut only cleans (division 90): not listed.
    assert scores(ranking) == [
        ("Poinfor", 100, True),
        ("Capep", 83, True),
        ("Atis", 70, True),
        ("A.C.I.A.E", 54, True),
        ("Bâtir Ensemble", 40, True),
    ]
    parts = [
        (m.cpv_points, m.territory_points, m.capacity_points, m.reference_points) for m in ranking
    ]
    assert parts == [
        (40, 20, 15, 15),
        (30, 20, 8, 15),
        (40, 0, 15, 15),
        (20, 20, 4, 0),
        (10, 20, 0, 0),
    ]
    assert [m.certificate_points for m in ranking] == [10, 10, 0, 10, 10]


def test_each_criterion_is_explained_in_french() -> None:
    ranking = rank_lot(GREEN, COLLECTIVE)
    assert [plain(reason) for reason in by_name(ranking, "Poinfor").reasons] == [
        "Savoir-faire qui englobe le code du lot "
        "(77310000-6 Services de plantation et d'entretien d'espaces verts)",
        "Intervient dans le Nord (59)",
        "Peut porter le lot : jusqu'à 150 000,00 € par marché pour un lot estimé à "
        "100 000,00 € ; 12 personnes mobilisables",
        "2 références comparables, la plus récente en 2025 (77311000-3 Services d'entretien "
        "des jardins d'ornement ou d'agrément, 48 000,00 €)",
        "Attestations valides à la date limite",
    ]
    assert [plain(reason) for reason in by_name(ranking, "Capep").reasons][1:3] == [
        "Intervient dans le Nord (59)",
        "Peut porter la moitié du lot : à compléter par un partenaire (jusqu'à 60 000,00 € "
        "par marché pour un lot estimé à 100 000,00 €) ; 8 personnes mobilisables",
    ]
    atis = by_name(ranking, "Atis").reasons
    assert "N'intervient pas dans le département du lieu d'exécution (59)" in atis
    assert atis[-1] == URSSAF_EXPIRED
    assert "Attestations valides à la date limite" not in atis
    aciae = by_name(ranking, "A.C.I.A.E").reasons
    assert aciae[0] == (
        "Savoir-faire proche, même groupe CPV (77340000-5 Élagage des arbres et taille des haies)"
    )
    assert plain(aciae[2]) == (
        "Montant maximal par marché non renseigné (lot estimé à 100 000,00 €)"
    )
    assert aciae[3] == "Aucune référence dans ce domaine"
    batir = by_name(ranking, "Bâtir Ensemble").reasons
    # 77211000 has no shipped label: its division's label says what family it belongs to.
    assert batir[0] == (
        "Savoir-faire dans le même domaine, même division CPV (77211000-2, famille "
        "« Services agricoles, sylvicoles, horticoles, aquacoles et apicoles »)"
    )
    assert plain(batir[2]).startswith("Capacité insuffisante : jusqu'à 40 000,00 €")


def test_a_lot_in_pounds_is_neither_weighed_against_euros_nor_written_as_euros() -> None:
    from dataclasses import replace

    pounds = replace(GREEN, estimated_value=Decimal("100000"), currency="GBP")
    ranking = rank_lot(pounds, COLLECTIVE)
    poinfor = by_name(ranking, "Poinfor")
    # 150 000 € of capacity are not compared with 100 000 £: « not estimated », 8 points.
    assert poinfor.capacity_points == 8
    assert plain(poinfor.reasons[2]) == (
        "Montant du lot en devise étrangère (100 000,00 £GB, non converti) ; "
        "12 personnes mobilisables"
    )
    assert not any("100 000,00 €" in plain(reason) for m in ranking for reason in m.reasons)


def _twin(organisation_id: int, code: str) -> Candidate:
    """Structures alike in every way but their code: 59, 1 M€, no reference, valid papers."""
    return Candidate(
        organisation_id=organisation_id,
        name=f"Structure {code}",
        kind="ei",
        departement="59",
        ess=True,
        capabilities=(CandidateCapability((code,), ("59",), None, Decimal("1000000")),),
    )


def test_the_same_code_beats_the_class_which_beats_the_group_which_beats_the_division() -> None:
    twins = [
        _twin(1, "77211000"),  # same division 77: 10
        _twin(2, "77340000"),  # same group 773: 20
        _twin(3, "77312000"),  # same class 7731: 30
        _twin(4, "77311000"),  # the lot's code: 40
        _twin(5, "90910000"),  # another division: not listed
    ]
    ranking = rank_lot(GREEN, twins)
    # Each one adds 20 (territory) + 15 (capacity) + 0 (no reference) + 10 (papers) = 45.
    assert [(m.matched_cpv, m.cpv_points, m.score) for m in ranking] == [
        ("77311000", 40, 85),
        ("77312000", 30, 75),
        ("77340000", 20, 65),
        ("77211000", 10, 55),
    ]
    assert ranking[0].reasons[0] == (
        "Savoir-faire au même code CPV (77311000-3 Services d'entretien des jardins "
        "d'ornement ou d'agrément)"
    )


def test_a_code_above_the_lots_counts_as_the_same_and_one_below_as_the_same_class() -> None:
    # A structure declaring the whole group 773 does the lot's 77311000: as the same code.
    assert rank_lot(GREEN, [_twin(1, "77300000")])[0].cpv_points == 40
    # A lot coded at the division 77 and a structure doing 77311000: part of the lot, 30.
    broad = LotSpec("9", "Services agricoles", ("77000000",), ("59",), Decimal("100000"))
    match = rank_lot(broad, [_twin(1, "77311000")])[0]
    assert match.cpv_points == 30
    assert match.reasons[0].startswith(
        "Savoir-faire plus précis que le code du lot, qui en couvre une partie"
    )


def test_territory_when_the_place_is_unknown_or_only_the_seat_is_there() -> None:
    unknown = LotSpec("1", "Espaces verts", ("77311000",), (), Decimal("100000"))
    match = rank_lot(unknown, [ATIS])[0]
    assert (match.territory_points, match.reasons[1]) == (10, "Lieu d'exécution non précisé")
    # Based in the Nord, but declares this savoir-faire only in the Pas-de-Calais.
    seated = Candidate(
        7,
        "Les Jardins de Denain",
        "aci",
        "59",
        True,
        (CandidateCapability(("77311000",), ("62",), None, Decimal("100000")),),
    )
    match = rank_lot(GREEN, [seated])[0]
    assert match.territory_points == 10
    assert match.reasons[1] == "Implantée dans le Nord (59), mais n'y déclare pas ce savoir-faire"
    somme = LotSpec("1", "Espaces verts", ("77311000",), ("80", "02"), Decimal("1"))
    match = rank_lot(somme, [seated])[0]
    assert match.territory_points == 0
    assert match.reasons[1] == (
        "N'intervient dans aucun des départements du lieu d'exécution (80, 02)"
    )


def test_a_lot_without_estimate_gets_the_middle_of_the_capacity_points() -> None:
    lot = LotSpec("1", "Espaces verts", ("77311000",), ("59",), None)
    match = rank_lot(lot, [POINFOR])[0]
    assert match.capacity_points == 8
    assert match.reasons[2] == "Montant du lot non estimé ; 12 personnes mobilisables"


def test_a_certificate_problem_costs_its_ten_points() -> None:
    valid = rank_lot(GREEN, [POINFOR])[0]
    problems = (URSSAF_EXPIRED, "Attestation fiscale manquante")
    late = dataclasses.replace(POINFOR, certificate_problems=problems)
    expired = rank_lot(GREEN, [late])[0]
    assert (valid.score, expired.score) == (100, 90)
    assert expired.reasons[-2:] == [URSSAF_EXPIRED, "Attestation fiscale manquante"]


# --- reserved lots ------------------------------------------------------------------------


def test_a_lot_reserved_to_insertion_excludes_an_esat_even_with_the_best_fit() -> None:
    ranking = rank_lot(CLEANING, COLLECTIVE)
    # A.C.I.A.E: 90910000 (40), 59 (20), 200 000 € (15), reference 90910000 (15), valid = 100.
    # Poinfor: 90911200 lies under the lot's code (30), 59 (20), 40 000 € is half (8),
    #   no reference in cleaning (0), valid (10) = 68.
    # Esat du Hainaut: 40 + 20 + 15 + 15 + 10 = 100 as well, but not an SIAE: last.
    assert scores(ranking) == [
        ("A.C.I.A.E", 100, True),
        ("Poinfor", 68, True),
        ("Esat du Hainaut", 100, False),
    ]
    esat = ranking[-1]
    assert esat.exclusion == (
        "Lot réservé aux structures d'insertion (article L2113-13) : "
        "Esat du Hainaut n'en est pas une."
    )
    assert ranking[0].exclusion is None
    assert ranking[0].reasons[0] == (
        "Lot réservé aux structures d'insertion (article L2113-13) : A.C.I.A.E y est éligible "
        "en tant qu'atelier et chantier d'insertion (ACI)"
    )


def test_a_lot_reserved_to_disability_employers_puts_the_adapted_company_first() -> None:
    ranking = rank_lot(HEDGES, COLLECTIVE)
    # Lot 77342000, 30 000 €.
    # Bâtir Ensemble (EA): division (10), 59 (20), 40 000 € (15), no reference (0), valid = 55.
    # A.C.I.A.E: 77340000 covers (40) + 20 + no amount (4) + 0 + 10 = 74, not eligible.
    # Capep: group (20) + 20 + 15 + reference in group 773 (8) + 10 = 73, not eligible.
    # Poinfor: group (20) + 20 + 15 + 8 + 10 = 73, not eligible (after Capep by name).
    # Atis: group (20) + 0 + 15 + 8 + 0 = 43, not eligible.
    assert scores(ranking) == [
        ("Bâtir Ensemble", 55, True),
        ("A.C.I.A.E", 74, False),
        ("Capep", 73, False),
        ("Poinfor", 73, False),
        ("Atis", 43, False),
    ]
    assert by_name(ranking, "Capep").exclusion == (
        "Lot réservé aux entreprises adaptées et aux ESAT (article L2113-12) : "
        "Capep n'est ni une entreprise adaptée ni un ESAT."
    )


def test_a_lot_reserved_to_the_social_economy_takes_statuses_and_esus() -> None:
    lot = LotSpec("5", "Espaces verts", ("77311000",), ("59",), Decimal("100000"), "ess")
    unknown = Candidate(9, "Verdure SARL", "", "59", False, POINFOR.capabilities)
    eligible = {m.name: m.eligible for m in rank_lot(lot, [*COLLECTIVE, unknown])}
    # Poinfor is an EI with the ESUS agreement; Atis an association; Bâtir Ensemble an EA
    # outside the ESS; Verdure SARL a company without ESS status.
    assert eligible == {
        "Poinfor": True,
        "Capep": True,
        "Atis": True,
        "A.C.I.A.E": True,
        "Bâtir Ensemble": False,
        "Verdure SARL": False,
    }
    verdure = rank_lot(lot, [unknown])[0]
    assert verdure.exclusion == (
        "Lot réservé aux entreprises de l'économie sociale et solidaire (article L2113-15) : "
        "Verdure SARL n'est pas déclarée comme telle."
    )


def test_an_unknown_reservation_is_a_programming_error() -> None:
    lot = LotSpec("1", "Espaces verts", ("77311000",), reserved="insertions")
    with pytest.raises(ValueError, match="insertions"):
        rank_lot(lot, COLLECTIVE)


def test_the_order_does_not_depend_on_the_order_of_the_collective() -> None:
    expected = scores(rank_lot(HEDGES, COLLECTIVE))
    shuffled = list(COLLECTIVE)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert scores(rank_lot(HEDGES, shuffled)) == expected


# --- the consortium --------------------------------------------------------------------------


def test_the_fewest_structures_win_over_the_best_of_each_lot() -> None:
    tender = TenderSpec(lots=(GREEN, CLEANING, HEDGES))
    proposal = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    # The best of each lot would be 3 structures: Poinfor (100), A.C.I.A.E (100), Bâtir (55).
    # Only Bâtir Ensemble can carry the hedges; Poinfor (100 + 68) and A.C.I.A.E (54 + 100)
    # both carry the other two: 2 structures suffice, Poinfor's pair scoring more.
    assert [(m.name, m.lots, m.role, m.score) for m in proposal.members] == [
        ("Poinfor", ["1", "2"], "mandataire", 84),
        ("Bâtir Ensemble", ["3"], "co-traitant", 55),
    ]
    assert proposal.members[0].lot_scores == {"1": 100, "2": 68}
    assert proposal.lead_id == POINFOR.organisation_id
    assert proposal.uncovered == []
    assert proposal.explanation == [
        "2 structures suffisent pour couvrir les 3 lots.",
        "Poinfor est proposée comme mandataire : elle porte 2 lots sur 3.",
    ]


def test_a_structure_leading_another_consortium_is_not_proposed_as_lead() -> None:
    tender = TenderSpec(lots=(GREEN, CLEANING, HEDGES), excluded_leads=frozenset({1}))
    proposal = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    assert proposal.lead_id == BATIR.organisation_id
    assert [(m.name, m.role) for m in proposal.members] == [
        ("Bâtir Ensemble", "mandataire"),
        ("Poinfor", "co-traitant"),
    ]
    assert proposal.explanation[1:] == [
        "Bâtir Ensemble est proposée comme mandataire : elle porte 1 lot sur 3.",
        "Poinfor mène déjà un autre groupement sur ce marché et ne peut pas en être mandataire.",
    ]


def test_a_pair_with_a_possible_lead_is_preferred_to_a_better_pair_without() -> None:
    # Poinfor and Bâtir Ensemble both lead elsewhere: A.C.I.A.E and Bâtir can still answer.
    tender = TenderSpec(lots=(GREEN, CLEANING, HEDGES), excluded_leads=frozenset({1, 5}))
    proposal = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    assert [(m.name, m.lots) for m in proposal.members] == [
        ("A.C.I.A.E", ["1", "2"]),
        ("Bâtir Ensemble", ["3"]),
    ]
    assert proposal.lead_id == ACIAE.organisation_id


def test_without_anyone_able_to_lead_the_proposal_says_so() -> None:
    tender = TenderSpec(lots=(GREEN, CLEANING, HEDGES), excluded_leads=frozenset({1, 3, 5}))
    proposal = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    assert [m.name for m in proposal.members] == ["Poinfor", "Bâtir Ensemble"]
    assert {m.role for m in proposal.members} == {"co-traitant"}
    assert proposal.lead_id is None
    assert proposal.explanation[1] == (
        "Aucun membre proposé ne peut être mandataire : chacun mène déjà un autre groupement "
        "sur ce marché. Il faut ajouter une structure qui puisse l'être."
    )


def test_an_unavailable_structure_is_skipped() -> None:
    tender = TenderSpec(
        lots=(GREEN, CLEANING, HEDGES), one_consortium_only=True, unavailable=frozenset({1})
    )
    proposal = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    # Without Poinfor only A.C.I.A.E carries both the green spaces (54) and the cleaning.
    assert [(m.name, m.lots) for m in proposal.members] == [
        ("A.C.I.A.E", ["1", "2"]),
        ("Bâtir Ensemble", ["3"]),
    ]
    assert proposal.explanation[-1] == (
        "Poinfor n'est pas proposée : les règles de l'acheteur ne lui permettent pas de "
        "rejoindre ce groupement."
    )


def test_a_lot_nobody_covers_is_reported_with_its_reason() -> None:
    tender = TenderSpec(lots=(GREEN, MEDICAL))
    proposal = propose(tender, rankings(GREEN, MEDICAL))
    assert [(lot.key, lot.title, lot.reason) for lot in proposal.uncovered] == [
        (
            "4",
            "Matériel médical",
            "Aucune structure du collectif ne couvre ce lot (CPV 33000000-0 Matériels "
            "médicaux, pharmaceutiques et produits de soins personnels)",
        )
    ]
    assert proposal.explanation == [
        "Une seule structure peut répondre seule.",
        "Poinfor couvre 1 lot sur 2.",
        "1 lot reste sans structure : « Matériel médical ».",
    ]


def test_why_a_lot_stays_uncovered() -> None:
    only_disability = LotSpec(
        "1", "Entretien des espaces verts", ("77311000",), ("59",), Decimal("100000"), "both"
    )
    tender = TenderSpec(lots=(only_disability, HEDGES), unavailable=frozenset({5}))
    proposal = propose(tender, rankings(only_disability, HEDGES))
    reasons = {lot.key: lot.reason for lot in proposal.uncovered}
    # Lot 1, reserved to SIAE and disability employers: Poinfor (100), Capep (83) qualify;
    # Bâtir (40) is below the threshold. Lot 3: only Bâtir Ensemble, kept out by the buyer.
    assert "1" not in reasons
    assert reasons["3"] == (
        "Les structures qui couvrent ce lot ne sont pas disponibles (règles de l'acheteur) : "
        "Bâtir Ensemble"
    )
    green_for_disability = LotSpec(
        "1", "Entretien des espaces verts", ("77311000",), ("59",), Decimal("100000"), "disability"
    )
    proposal = propose(TenderSpec(lots=(green_for_disability,)), rankings(green_for_disability))
    # Bâtir Ensemble, the only EA, scores 40: under the threshold of 50.
    assert proposal.uncovered[0].reason == (
        "Aucune structure n'atteint le seuil de pertinence (50/100) : "
        "la mieux placée, Bâtir Ensemble, obtient 40/100"
    )
    assert proposal.explanation == [
        "Aucun lot ne peut être couvert par les structures du collectif."
    ]
    cleaning_for_disability = LotSpec(
        "2", "Nettoyage", ("90910000",), ("59",), Decimal("80000"), "disability"
    )
    without_esat = {"2": rank_lot(cleaning_for_disability, [POINFOR, ACIAE])}
    proposal = propose(TenderSpec(lots=(cleaning_for_disability,)), without_esat)
    assert proposal.uncovered[0].reason == (
        "Seules des structures non éligibles au lot réservé le couvrent : A.C.I.A.E et Poinfor"
    )


def test_one_lot_one_structure_needs_no_consortium() -> None:
    proposal = propose(TenderSpec(lots=(GREEN,)), rankings(GREEN))
    assert [(m.name, m.lots, m.role) for m in proposal.members] == [
        ("Poinfor", ["1"], "mandataire")
    ]
    assert proposal.lead_id == POINFOR.organisation_id
    assert proposal.explanation == [
        "Une seule structure peut répondre seule.",
        "Poinfor couvre le lot.",
    ]


def test_the_same_data_always_gives_the_same_proposal() -> None:
    tender = TenderSpec(lots=(GREEN, CLEANING, HEDGES))
    expected = propose(tender, rankings(GREEN, CLEANING, HEDGES))
    shuffled = list(COLLECTIVE)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        ranked = {lot.key: rank_lot(lot, shuffled)[::-1] for lot in tender.lots}
        assert propose(tender, ranked) == expected


def test_the_exact_search_finds_the_smallest_cover_among_many() -> None:
    # Six lots; each specialist carries one lot at 90, each of three generalists two lots
    # at 60, and one of them is ranked far down every list (many specialists above it).
    lots = tuple(LotSpec(str(i), f"Lot {i}", ("77311000",)) for i in range(6))
    ranked: dict[str, list[LotMatch]] = {}
    for i, lot in enumerate(lots):
        specialists = [_match(100 + 10 * i + n, f"Spécialiste {i}-{n}", 90) for n in range(8)]
        generalist = _match(i // 2 + 1, f"Généraliste {i // 2 + 1}", 60)
        ranked[lot.key] = [*specialists, generalist]
    proposal = propose(TenderSpec(lots=lots), ranked)
    assert sorted(m.name for m in proposal.members) == [
        "Généraliste 1",
        "Généraliste 2",
        "Généraliste 3",
    ]
    assert isinstance(proposal, Proposal)


def _match(organisation_id: int, name: str, score: int) -> LotMatch:
    return LotMatch(
        organisation_id=organisation_id,
        name=name,
        score=score,
        eligible=True,
        reasons=[],
        exclusion=None,
        cpv_points=0,
        territory_points=0,
        capacity_points=0,
        reference_points=0,
        certificate_points=0,
        matched_cpv="77311000",
    )


# --- wording ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["0", "5", "12.5", "0.125", "0.135", "999.995", "1000", "12500", "1234567.891", "1E+3", "-5"],
)
def test_amounts_are_written_exactly_as_the_rest_of_the_application_does(value: str) -> None:
    assert amount(Decimal(value)) == amount_fr(Decimal(value))
