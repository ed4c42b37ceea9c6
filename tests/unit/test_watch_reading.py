"""A record read for the intake: its key, its consultation's folder, the notices it corrects,
whether it is corrective, its address and publication day; what the readers refuse, refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tenders.watch import boamp
from tenders.watch.reading import Read, read_record
from tenders.watch.results import Refusal
from tenders.watch.ted import TedNotice
from tests.watch_support import boamp_eforms_donnees, boamp_record, eforms_notice, ted_notice

NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)


def read(source: str, record: object) -> Read:
    found = read_record(source, record, NOW)
    assert isinstance(found, Read), found
    return found


def test_a_boamp_record() -> None:
    record = boamp_record(12)
    notice = read("boamp", record)
    assert (notice.key, notice.number, notice.corrective) == ("boamp:26-00012", "26-00012", False)
    assert notice.url == record["url_avis"] and notice.published_on == date(2026, 12, 2)
    assert notice.folder_id is None and notice.linked == []
    assert notice.draft.title == "Entretien des espaces verts, lot 12"


def test_a_boamp_rectificatif_names_the_notices_it_corrects() -> None:
    listed = read("boamp", boamp_record(2, nature="rectificatif", linked=["26-00001"]))
    assert listed.corrective and listed.linked == ["boamp:26-00001"]
    written = read("boamp", boamp_record(3, nature="rectificatif", linked="26-00001, 26-00002"))
    assert written.linked == ["boamp:26-00001", "boamp:26-00002"]
    # The state alone may say it (« etat »: RECTIFICATIF on an « Avis de marché »).
    state = boamp_record(4)
    state["etat"] = "RECTIFICATIF"
    assert read("boamp", state).corrective


def test_the_eforms_folder_of_a_boamp_record() -> None:
    assert read("boamp", boamp_record(1, folder_id="F-1")).folder_id == "F-1"
    inside = boamp_record(2, donnees=boamp_eforms_donnees("F-2", "Propreté"))
    assert read("boamp", inside).folder_id == "F-2"


def test_boamp_records_the_readers_refuse() -> None:
    broken = boamp_record(1)
    broken["donnees"] = '{"FNSimple": '
    assert read_record("boamp", broken, NOW) == Refusal("26-00001", boamp.DONNEES_BROKEN)
    assert read_record("boamp", {"objet": "x"}, NOW) == Refusal("?", boamp.NO_IDWEB)
    award = read_record("boamp", boamp_record(3, nature="attribution"), NOW)
    assert award == Refusal(
        "26-00003", "Ce fichier est un avis d'attribution, pas un avis de marché."
    )


def test_a_ted_notice() -> None:
    notice = read("ted", ted_notice("123456-2026", "F-9", published=date(2026, 12, 1)))
    assert (notice.key, notice.folder_id, notice.corrective) == ("ted:123456-2026", "F-9", False)
    assert notice.url == "https://ted.europa.eu/fr/notice/-/detail/123456-2026"
    assert notice.published_on == date(2026, 12, 1)
    change = read("ted", ted_notice("123457-2026", "F-9", version="02"))
    assert change.corrective


def test_ted_notices_the_reader_refuses() -> None:
    legacy = TedNotice("1-2026", b"<TED_EXPORT/>")
    refused = read_record("ted", legacy, NOW)
    assert isinstance(refused, Refusal) and refused.record_id == "1-2026"
    assert "ancien format" in refused.reason
    nameless = read_record("ted", TedNotice(" ", eforms_notice("F-1")), NOW)
    assert isinstance(nameless, Refusal) and nameless.record_id == "?"
