"""Matching by meaning: the lot's main code counts more than its additional ones, the words of
the lot are compared with those of the structures (the packaged French model), the reasons
say which words made the match, and a lot without codes still finds its structure."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np

from tenders import meaning
from tenders.matching import (
    Candidate,
    CandidateCapability,
    CandidateReference,
    LotSpec,
    rank_lot,
)
from tenders.matching.meaning import read_lot
from tenders.meaning.keys import word_key
from tenders.meaning.text import embed, from_bytes, to_bytes, words
from tenders.notices import read_notice
from tests.conftest import shared_data
from tests.matching_demo import collective

EFORMS = Path(__file__).resolve().parents[3] / "shared" / "data" / "eforms"


def _capability(code: str, title: str, description: str = "") -> CandidateCapability:
    return CandidateCapability(
        cpv_codes=(code,),
        departements=("59",),
        max_contract_value=Decimal(100_000),
        title=title,
        vector=meaning.passage_vector(title, description),
    )


def _candidate(number: int, name: str, *capabilities: CandidateCapability) -> Candidate:
    return Candidate(
        organisation_id=number,
        name=name,
        kind="association",
        departement="59",
        ess=True,
        capabilities=capabilities,
    )


def _lot(title: str, codes: tuple[str, ...], description: str = "") -> LotSpec:
    return LotSpec(
        key="1",
        title=title,
        description=description,
        cpv_codes=codes,
        departements=("59",),
        estimated_value=Decimal(50_000),
        meaning=read_lot(title, description),
    )


SOCIAL = _candidate(
    1,
    "Espoir Avenir",
    _capability(
        "85312000",
        "Accompagnement social et professionnel",
        "Accompagnement de personnes éloignées de l'emploi.",
    ),
)
DRIVING = _candidate(
    2,
    "La clef du permis",
    _capability("80411200", "Apprentissage de la conduite et permis B", "Auto-école."),
)
GARDENS = _candidate(
    3,
    "Aril",
    _capability("77310000", "Entretien d'espaces naturels", "Tonte, taille, débroussaillage."),
)


def test_the_model_key_of_a_word_is_spacys() -> None:
    # The keys spaCy 3.8 files these words under in fr_core_news_md (strings.hash_string).
    assert word_key("jeunes") == 396022005911465314
    assert word_key("débroussaillage") == 16638101540853459270
    assert word_key("œuvre") == 9222064157219701588


def test_a_french_text_is_closer_to_its_own_subject() -> None:
    youth = embed("Accompagnement éducatif de jeunes en difficulté")
    social = embed("Accompagnement social et professionnel")
    gardens = embed("Entretien d'espaces verts : tonte et taille des haies")
    assert youth is not None and social is not None and gardens is not None
    assert float(youth @ social) > float(youth @ gardens) + 0.2
    # Stored as 300 little-endian float32, read back as they were.
    stored = to_bytes(youth)
    assert len(stored) == 1200
    read = from_bytes(stored)
    assert read is not None and np.array_equal(read, youth)


def test_words_leave_out_function_words_and_notice_boilerplate() -> None:
    assert words("Marché de prestations d'entretien des espaces verts (lot 2)") == [
        "entretien",
        "espaces",
        "verts",
    ]
    assert embed("le la des du marché") is None
    assert meaning.passage_vector("", "") == b""


def test_the_main_code_counts_more_than_a_broad_additional_division() -> None:
    # Welfare for the young as main code, all of education (80000000) as an additional one.
    lot = replace(
        _lot("Secure Care Services", ("85311300", "85310000", "85000000", "80000000")),
        meaning=None,
    )
    ranking = rank_lot(lot, [DRIVING, SOCIAL])
    assert [m.name for m in ranking] == ["Espoir Avenir", "La clef du permis"]
    social, driving = ranking
    assert (social.cpv_points, driving.cpv_points) == (30, 10)
    assert driving.reasons[0] == (
        "Savoir-faire dans le même domaine, même division CPV "
        "(80411200-0 Cours de conduite automobile), par un code secondaire du lot"
    )
    # As the main code, the same division counts as before: below it, as close as its class.
    alone = replace(lot, cpv_codes=("80000000",))
    assert rank_lot(alone, [DRIVING])[0].cpv_points == 30


def test_an_additional_code_counts_at_most_as_its_class() -> None:
    lot = replace(_lot("Espaces verts", ("45000000", "77310000")), meaning=None)
    assert rank_lot(lot, [GARDENS])[0].cpv_points == 30
    main = replace(lot, cpv_codes=("77310000", "45000000"))
    assert rank_lot(main, [GARDENS])[0].cpv_points == 40


def test_the_words_share_the_forty_points_and_say_what_made_the_match() -> None:
    lot = _lot(
        "Accompagnement de jeunes en rupture",
        ("85000000",),
        "Soutien éducatif et accompagnement vers l'autonomie de jeunes de 16 à 25 ans.",
    )
    social = rank_lot(lot, [SOCIAL, DRIVING])[0]
    assert social.name == "Espoir Avenir"
    assert social.meaning_points > 10
    # Half the 40 points for the codes (30: below the main code), half for the words.
    assert social.cpv_points == 15
    assert social.score == (
        social.cpv_points
        + social.meaning_points
        + social.territory_points
        + social.capacity_points
        + social.reference_points
        + social.certificate_points
    )
    # The lot's words closest to the savoir-faire, and the savoir-faire.
    assert social.reasons[1] in (
        f"Le lot dit « accompagnement », « {word} » : votre savoir-faire "
        f"« Accompagnement social et professionnel » {closeness}"
        for word in ("jeunes", "éducatif", "autonomie", "soutien")
        for closeness in ("en est proche", "s'en rapproche")
    )


def test_a_lot_without_codes_finds_the_structure_its_words_fit() -> None:
    lot = _lot(
        "Leçons de conduite",
        (),
        "Heures de conduite avec un moniteur et préparation à l'examen du code de la route.",
    )
    ranking = rank_lot(lot, [GARDENS, SOCIAL, DRIVING])
    assert ranking[0].name == "La clef du permis"
    assert ranking[0].reasons[0] == "Aucun code CPV en commun avec le lot"
    assert ranking[0].cpv_points == 0 and ranking[0].meaning_points > 0
    # Its savoir-faire stands for the lot: it is in the Nord, as the lot.
    assert ranking[0].territory_points == 20
    assert "Aril" not in [m.name for m in ranking]
    # Without the words read, nothing can be said of such a lot.
    assert rank_lot(replace(lot, meaning=None), [GARDENS, SOCIAL, DRIVING]) == []


def test_a_structure_without_a_code_in_common_needs_close_words_to_be_listed() -> None:
    lot = _lot("Nettoyage des locaux", ("90910000",), "Entretien des bureaux et sanitaires.")
    assert rank_lot(lot, [GARDENS, SOCIAL, DRIVING]) == []


def test_ties_go_to_the_closest_words_then_to_the_references() -> None:
    lot = _lot("Tonte et débroussaillage des talus", ("77310000",))
    close = replace(GARDENS, organisation_id=10, name="Zèbre")
    far = _candidate(
        11, "Abeille", _capability("77310000", "Location de vélos", "Vélos électriques.")
    )
    ranking = rank_lot(replace(lot, meaning=None), [far, close])
    # Judged on the codes alone they tie, and the name decides.
    assert [m.name for m in ranking] == ["Abeille", "Zèbre"]
    ranking = rank_lot(lot, [far, close])
    assert [m.name for m in ranking] == ["Zèbre", "Abeille"]
    # Same score, no words: the references decide before the name.
    referenced = replace(
        far,
        organisation_id=12,
        name="Zinnia",
        references=(CandidateReference("77310000", Decimal(10_000), 2025),),
        capabilities=(replace(far.capabilities[0], max_contract_value=Decimal(10_000)),),
    )
    bare = replace(GARDENS, organisation_id=13, name="Aulne")
    codes_only = replace(lot, meaning=None)
    by_name = {m.name: m for m in rank_lot(codes_only, [bare, referenced])}
    assert by_name["Zinnia"].score == by_name["Aulne"].score
    assert [m.name for m in rank_lot(codes_only, [bare, referenced])] == ["Zinnia", "Aulne"]


def test_the_social_services_notice_puts_the_social_action_structure_first() -> None:
    draft = read_notice(shared_data(EFORMS / "cn-social_24.xml"))
    (notice_lot,) = draft.lots
    lot = LotSpec(
        key=notice_lot.key,
        title=notice_lot.title,
        description=notice_lot.description,
        cpv_codes=tuple(notice_lot.cpv_codes or draft.cpv_codes),
        meaning=read_lot(notice_lot.title, notice_lot.description),
    )
    candidates, slugs = collective()
    ranking = rank_lot(lot, candidates)
    first, second = ranking[0], ranking[1]
    assert slugs[first.organisation_id] == "espoir-avenir"
    # A clear gap: the main code's class against a division of an additional code (the three
    # of them scored 83 when every code counted alike).
    assert (first.cpv_points, second.cpv_points) == (30, 10)
    assert first.score - second.score >= 20
    by_slug = {slugs[m.organisation_id]: m for m in ranking}
    assert {by_slug["la-clef-du-permis"].score, by_slug["poinfor"].score} == {second.score}
    # The notice is in English: its words are close to no structure's and cost nobody points.
    assert all(m.meaning_points == 0 for m in ranking)
    assert not any(r.startswith(("Le lot dit", "Les mots du lot")) for r in first.reasons)


def _quoted(reason: str) -> list[str]:
    """The lot's words a « Le lot dit … : … » reason quotes."""
    said = reason.removeprefix("Le lot dit ").split(" : ")[0]
    return [word.strip(" «»") for word in said.split(", ")]


def test_a_reason_quotes_the_words_that_set_the_structure_apart_each_once() -> None:
    """Words every structure of the collective has (« réparation » for the garage and the bike
    workshop alike) tell a director nothing, and two forms of one word say it twice."""
    candidates, slugs = collective()
    lot = LotSpec(
        key="1",
        title="Réparation de la flotte de vélos de service",
        description="Réparations courantes de vélos à assistance électrique : freins, pneus, "
        "chaînes, réglage des vitesses.",
        cpv_codes=(),
    )
    ranking = rank_lot(replace(lot, meaning=read_lot(lot.title, lot.description)), candidates)
    by_slug = {slugs[m.organisation_id]: m for m in ranking}
    for slug in ("la-maison-du-velo", "poinfor"):
        reason = next(r for r in by_slug[slug].reasons if r.startswith("Le lot dit "))
        first, second = _quoted(reason)
        assert first[:6] != second[:6], reason
    workshop = next(r for r in by_slug["la-maison-du-velo"].reasons if r.startswith("Le lot dit"))
    assert not {"réparation", "réparations"} & set(_quoted(workshop)), workshop
