"""Matching by meaning through the database: what a savoir-faire or a reference is about is
stored when it is saved (and read again when it changes), the matching page ranks a lot by its
words, and the watch proposes a notice whose words fit a structure though it has no code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tenders import meaning
from tenders.members import capabilities, references
from tenders.members.schemas import CapabilityIn, ReferenceIn
from tenders.members.tables import Capability, Reference
from tests.support import api, as_actor, login

SOCIAL = CapabilityIn(
    title="Accompagnement social et professionnel",
    kind="services",
    cpv_codes=["85312000"],
    departements=["59"],
    max_contract_value=100_000,
    description="Accompagnement de personnes éloignées de l'emploi.",
)
DRIVING = CapabilityIn(
    title="Apprentissage de la conduite et permis B",
    kind="services",
    cpv_codes=["80411200"],
    departements=["59"],
    max_contract_value=60_000,
    description="L'auto-école du collectif, pour les publics en insertion.",
)
GARDENS = CapabilityIn(
    title="Entretien d'espaces verts",
    kind="services",
    cpv_codes=["77310000"],
    departements=["59"],
    max_contract_value=90_000,
    description="Tonte, taille, débroussaillage.",
)


@pytest.fixture(params=["whole", "shortlisted"])
def judged(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A collective small enough to be judged whole, or one judged from a shortlist read from
    the database (by codes and by words, ``tenders.members.meaning_index``), as a federation
    of hundreds of structures is: the words must find the same structures."""
    if request.param == "shortlisted":
        from tenders.consortia import matching
        from tenders.watch import ranking

        monkeypatch.setattr(matching, "WHOLE_COLLECTIVE", 1)
        monkeypatch.setattr(ranking, "WHOLE_COLLECTIVE", 1)
    return str(request.param)


async def _stored(table: Any, row_id: int) -> bytes:
    rows = await table.select(table.meaning).where(table.id == row_id)
    return bytes(rows[0]["meaning"])


async def _collective(make_account: Any, make_organisation: Any) -> tuple[Any, dict[str, int]]:
    actor = as_actor(await make_account("admin"))
    ids: dict[str, int] = {}
    for name, capability in (
        ("Espoir Avenir", SOCIAL),
        ("La clef du permis", DRIVING),
        ("Jardins du Hainaut", GARDENS),
    ):
        ids[name] = await make_organisation(name)
        await capabilities.add_capability(actor, ids[name], capability)
    return actor, ids


async def test_a_savoir_faire_is_read_when_saved_and_again_when_it_changes(
    make_account: Any, make_organisation: Any
) -> None:
    actor = as_actor(await make_account("admin"))
    org = await make_organisation("Espoir Avenir")
    saved = await capabilities.add_capability(actor, org, SOCIAL)
    first = await _stored(Capability, saved.id)
    assert first == meaning.passage_vector(SOCIAL.title, SOCIAL.description)
    assert len(first) == meaning.DIMENSIONS * 4

    await capabilities.update_capability(actor, org, saved.id, GARDENS)
    changed = await _stored(Capability, saved.id)
    assert changed == meaning.passage_vector(GARDENS.title, GARDENS.description) != first

    reference = await references.add_reference(
        actor,
        org,
        ReferenceIn(buyer="Département du Nord", title="Accompagnement de jeunes", year=2025),
    )
    assert await _stored(Reference, reference.id) == meaning.passage_vector(
        "Accompagnement de jeunes"
    )

    # Rows saved before matching read words are read by « tenders migrate ».
    await Capability.update({Capability.meaning: b""}).where(Capability.id == saved.id)
    await Reference.update({Reference.meaning: b""}).where(Reference.id == reference.id)
    assert await capabilities.read_unread() == 2
    assert await _stored(Capability, saved.id) == changed
    assert await capabilities.read_unread() == 0


async def test_the_matching_page_ranks_a_lot_by_its_main_code_and_its_words(
    client: Any, make_account: Any, make_organisation: Any, judged: str
) -> None:
    await _collective(make_account, make_organisation)
    await login(client, (await make_account("coordinator")).email)
    tender = {
        "title": "Accompagnement et mobilité des jeunes",
        "buyer_name": "Département du Nord",
        "offers_deadline": "2027-03-26T12:00:00+01:00",
        "departements": ["59"],
        "lots": [
            {
                "key": "1",
                "title": "Accompagnement éducatif de jeunes placés",
                "description": "Suivi éducatif et accompagnement vers l'autonomie de jeunes "
                "de 16 à 21 ans confiés à l'aide sociale à l'enfance.",
                # Welfare for the young, then all of education as an additional code.
                "cpv_codes": ["85311300", "80000000"],
            },
            {
                "key": "2",
                "title": "Leçons de conduite",
                "description": "Préparation au permis B : code de la route et heures de "
                "conduite pour des demandeurs d'emploi.",
                "cpv_codes": [],
            },
        ],
    }
    created = (await api(client, "POST", "/api/tenders", tender)).json()
    result = (await client.get(f"/api/tenders/{created['id']}/matching")).json()
    lots = {lot["key"]: lot["matches"] for lot in result["lots"]}

    social, *others = lots["1"]
    assert social["name"] == "Espoir Avenir"
    driving = next(m for m in others if m["name"] == "La clef du permis")
    assert social["score"] > driving["score"]
    assert driving["reasons"][0].endswith("par un code secondaire du lot")
    assert any(
        r.startswith("Le lot dit ") and "« Accompagnement social et professionnel »" in r
        for r in social["reasons"]
    )
    # No code at all: the words find the driving school, and not the gardeners.
    assert [m["name"] for m in lots["2"]][:1] == ["La clef du permis"]
    assert "Jardins du Hainaut" not in [m["name"] for m in lots["2"]]


async def test_a_lot_without_codes_finds_by_its_words_and_sees_a_savoir_faire_change(
    client: Any, make_account: Any, make_organisation: Any, judged: str
) -> None:
    actor, ids = await _collective(make_account, make_organisation)
    await login(client, (await make_account("coordinator")).email)
    lot = {
        "key": "1",
        "title": "Leçons de conduite",
        "description": "Préparation au permis B : code de la route et heures de conduite "
        "pour des demandeurs d'emploi.",
        "cpv_codes": [],
    }
    tender = {"title": "Permis de conduire", "departements": ["59"], "lots": [lot]}
    created = (await api(client, "POST", "/api/tenders", tender)).json()

    async def names() -> list[str]:
        result = (await client.get(f"/api/tenders/{created['id']}/matching")).json()
        return [m["name"] for m in result["lots"][0]["matches"]]

    assert (await names())[:1] == ["La clef du permis"]
    assert "Jardins du Hainaut" not in await names()

    # The gardeners now say, under their own code, that they teach driving: the next
    # matching reads their new words.
    gardens = (await capabilities.list_capabilities(ids["Jardins du Hainaut"]))[0]
    teaching = CapabilityIn(
        title=DRIVING.title,
        kind="services",
        cpv_codes=GARDENS.cpv_codes,
        departements=["59"],
        description=DRIVING.description,
    )
    await capabilities.update_capability(actor, ids["Jardins du Hainaut"], gardens.id, teaching)
    assert "Jardins du Hainaut" in await names()


async def test_the_watch_proposes_a_notice_whose_words_fit_though_it_has_no_code(
    make_account: Any, make_organisation: Any, judged: str
) -> None:
    from tenders.procurement import service
    from tenders.procurement.schemas import LotIn, TenderIn
    from tenders.watch.ranking import rank_tenders
    from tenders.watch.tables import WatchedTender

    actor, _ = await _collective(make_account, make_organisation)
    lot = LotIn(
        key="1",
        title="Tonte et débroussaillage des abords",
        description="Fauchage des accotements, taille des haies et ramassage des feuilles.",
        cpv_codes=[],
    )
    tender = await service.create_tender(
        actor,
        TenderIn(
            title="Entretien des abords de la voie verte",
            lots=[lot],
            departements=["59"],
            offers_deadline=datetime.now(UTC) + timedelta(days=30),
        ),
    )
    await WatchedTender.insert(WatchedTender(tender=tender.id, found_at=datetime.now(UTC)))
    await rank_tenders([tender.id])

    rows = await (
        WatchedTender.select().where(WatchedTender.tender == tender.id).output(load_json=True)
    )
    matches = rows[0]["matches"]
    assert [m["name"] for m in matches][:1] == ["Jardins du Hainaut"]
    assert rows[0]["score"] == matches[0]["score"] > 0
    assert any(r.startswith("Le lot dit ") for r in matches[0]["reasons"])
    assert "La clef du permis" not in [m["name"] for m in matches]


async def test_a_fresh_library_passage_of_the_structure_counts_a_stale_one_does_not(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia.matching import candidate_files
    from tenders.library import service as library
    from tenders.library.service import PassageIn
    from tenders.library.tables import Passage
    from tenders.matching import LotSpec, rank_lot
    from tenders.matching.meaning import with_meaning
    from tenders.members.tables import PassageMeaning

    _, ids = await _collective(make_account, make_organisation)
    bikes = ids["Jardins du Hainaut"]
    actor = as_actor(await make_account("member", organisation_id=bikes))  # its director
    text = PassageIn(
        title="Notre atelier vélo",
        body="Réparation et révision de bicyclettes, entretien des freins, chaînes et pneus.",
    )
    passage = await library.create(actor, text)
    (kept,) = await PassageMeaning.select().where(PassageMeaning.passage == passage.id)
    assert kept["organisation"] == bikes and len(bytes(kept["meaning"])) == 1200
    # The collective's own passages are nobody's savoir-faire.
    await library.create(as_actor(await make_account("coordinator")), text)
    assert await PassageMeaning.count() == 1
    # Passages written before matching read them are read by « tenders migrate ».
    await PassageMeaning.delete().where(PassageMeaning.passage == passage.id)
    assert await library.read_unread() == 1
    assert await library.read_unread() == 0

    (lot,) = await with_meaning(
        [
            LotSpec(
                key="1",
                title="Révision des vélos de service",
                description="Entretien des cycles : freins, chaînes, pneus.",
                cpv_codes=(),
                departements=("59",),
            )
        ]
    )
    candidates, _ = await candidate_files(sorted(ids.values()))
    first = rank_lot(lot, candidates)[0]
    assert first.name == "Jardins du Hainaut"
    said = "votre passage « Notre atelier vélo » de la bibliothèque"
    assert any(said in reason for reason in first.reasons)

    # Past its review delay the passage is « périmé » and no longer counts.
    long_ago = date.today() - timedelta(days=800)
    await Passage.update({Passage.reviewed_on: long_ago}).where(Passage.id == passage.id)
    await library.mark_reviewed(actor, passage.id)  # reviewed again: fresh once more
    candidates, _ = await candidate_files(sorted(ids.values()))
    assert rank_lot(lot, candidates)[0].name == "Jardins du Hainaut"
    await PassageMeaning.update({PassageMeaning.fresh_until: long_ago}).where(
        PassageMeaning.passage == passage.id
    )
    candidates, _ = await candidate_files(sorted(ids.values()))
    assert "Jardins du Hainaut" not in [m.name for m in rank_lot(lot, candidates)]

    await library.delete(actor, passage.id)
    assert await PassageMeaning.count() == 0
