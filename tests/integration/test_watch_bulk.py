"""The intake writes the notices of new consultations a batch at a time; the database it leaves
is the one the notice-by-notice path (the one it falls back to) leaves, and a batch whose
writing at once meets a notice taken in meanwhile still writes the others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tenders.accounts.schemas import CurrentUser
from tenders.audit.tables import AuditEvent
from tenders.clock import utcnow
from tenders.procurement import imports, service
from tenders.procurement.schemas import LotIn, TenderIn
from tenders.procurement.tables import Lot, Milestone, Tender
from tenders.watch.consultations import Index
from tenders.watch.intake import Intake, take_in
from tenders.watch.tables import WatchedTender, WatchNotice, WatchProfile
from tests.fixtures import wipe_tables
from tests.watch_support import boamp_record, ted_notice

NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)


def _records() -> tuple[list[dict[str, Any]], list[Any]]:
    """A morning's notices: new ones, one outside the profile, one twice, the same
    consultation twice in one batch, a rectificatif, a TED notice of a folder already seen
    and one of its own with two lots."""
    boamp = [
        *(boamp_record(n) for n in range(1, 6)),
        boamp_record(6, objet="Nettoyage des locaux de la mairie"),  # outside the profile
        boamp_record(3),
        boamp_record(7, folder_id="F-SAME"),
        boamp_record(8, folder_id="F-SAME"),
        boamp_record(
            9, nature="rectificatif", linked=["26-00001"], deadline="2027-01-29T12:00:00+01:00"
        ),
        boamp_record(10, objet="Tonte des espaces verts du stade", siret="21590350100017"),
    ]
    ted = [
        ted_notice("800001-2026", "F-SAME"),
        ted_notice("800002-2026", "F-TED", title="Espaces verts des écoles", cpv=["77310000"]),
    ]
    return boamp, ted


async def _take_all() -> tuple[Intake, Intake]:
    await WatchProfile.insert(WatchProfile(keywords=["espaces verts"]))
    boamp, ted = _records()
    return await take_in("boamp", boamp, now=NOW), await take_in("ted", ted, now=NOW)


def _without(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in {"id", *names}}


async def _database() -> dict[str, Any]:
    """Every row the intake writes, tenders named by their source key (ids and the moments
    rows were written aside)."""
    tenders = await Tender.select().output(load_json=True)
    key = {row["id"]: row["source_key"] for row in tenders}

    def rows(found: list[dict[str, Any]], *aside: str) -> list[dict[str, Any]]:
        named = [_without(row, *aside) | {"tender": key.get(row["tender"])} for row in found]
        return sorted(named, key=repr)

    events = await AuditEvent.select().where(AuditEvent.object_type == "tender")
    return {
        "tenders": sorted((_without(row, "created_at", "updated_at") for row in tenders), key=repr),
        "lots": rows(await Lot.select().output(load_json=True)),
        "milestones": rows(await Milestone.select()),
        "notices": rows(await WatchNotice.select(), "run", "seen_at"),
        "watched": rows(await WatchedTender.select().output(load_json=True), "changed_at"),
        "events": sorted(
            (
                (e["action"], e["actor_label"], key[int(e["object_id"])], e["detail"])
                for e in events
            ),
            key=repr,
        ),
    }


def _counts(taken: Intake) -> tuple[Any, ...]:
    return (
        taken.new,
        taken.updated,
        taken.known,
        taken.outside,
        len(taken.created),
        len(taken.changed),
        taken.refused,
        taken.outside_reasons,
    )


async def test_written_at_once_or_one_by_one_the_database_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boamp, ted = await _take_all()
    assert (boamp.new, boamp.updated, boamp.known, boamp.outside) == (7, 1, 2, 1)
    assert (ted.new, ted.known) == (1, 1)
    at_once = await _database()
    assert len(at_once["tenders"]) == 8 and len(at_once["milestones"]) > 8
    assert len(at_once["events"]) == 8 + 1  # each created, the one the rectificatif changed

    await wipe_tables()

    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("written one by one")

    # Each batch's writing at once fails: every notice is placed one by one.
    monkeypatch.setattr(imports, "import_drafts", refused)
    boamp_one, ted_one = await _take_all()
    assert _counts(boamp_one) == _counts(boamp) and _counts(ted_one) == _counts(ted)
    assert await _database() == at_once


async def test_a_notice_taken_in_meanwhile_leaves_the_rest_of_its_batch_written(
    make_account: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    made = await make_account("coordinator")
    actor = CurrentUser(
        id=made.id,
        email=made.email,
        full_name="Coordination",
        role="coordinator",
        organisation_id=None,
        organisation_name=None,
    )
    # The index was read before the other tender was written (another run, a hand import).
    hand = await service.create_tender(
        actor,
        TenderIn(title="Espaces verts"),
        service.Provenance(source="boamp", source_key="boamp:26-00003"),
    )

    async def stale(self: Index, reads: list[Any]) -> None:
        await self.catch_up()

    monkeypatch.setattr(Index, "cover", stale)
    records = [boamp_record(n) for n in range(1, 6)]
    with caplog.at_level("INFO", logger="tenders.watch.intake"):
        taken = await take_in("boamp", records, now=NOW)
    assert "5 notices not written at once" in caplog.text  # then placed one by one
    assert (taken.new, taken.known, taken.refused) == (4, 1, [])
    assert await Tender.count() == 5 and await WatchedTender.count() == 4
    notices = {n["key"]: n["tender"] for n in await WatchNotice.select()}
    assert len(notices) == 5 and notices["boamp:26-00003"] == hand.id


async def test_tenders_written_together_each_keep_their_lots_milestones_and_journal(
    make_account: Any,
) -> None:
    made = await make_account("coordinator")
    actor = CurrentUser(
        id=made.id,
        email=made.email,
        full_name="Coordination",
        role="coordinator",
        organisation_id=None,
        organisation_name=None,
    )
    soon, later = utcnow() + timedelta(days=30), utcnow() + timedelta(days=120)
    items = [
        service.new_tender(
            TenderIn(
                title=f"Marché {n}",
                offers_deadline=deadline,
                lots=[LotIn(title=f"Lot {n}.{k}", key=str(k)) for k in (1, 2, 3)[:n]],
            ),
            service.Provenance(source="boamp", source_key=f"boamp:26-0000{n}"),
        )
        for n, deadline in ((1, soon), (2, None), (3, later))
    ]
    ids = await service.insert_tenders(actor, items)
    shown = [await service.get_tender(tender_id) for tender_id in ids]
    assert [t.title for t in shown] == ["Marché 1", "Marché 2", "Marché 3"]
    assert [[lot.title for lot in t.lots] for t in shown] == [
        ["Lot 1.1"],
        ["Lot 2.1", "Lot 2.2"],
        ["Lot 3.1", "Lot 3.2", "Lot 3.3"],
    ]
    first, undated, last = shown
    assert undated.milestones == [] and len(first.milestones) == len(last.milestones) > 0
    assert max(m.due_at for m in first.milestones) <= soon < min(m.due_at for m in last.milestones)
    events = await AuditEvent.select().where(AuditEvent.action == "tender.created")
    assert sorted(int(e["object_id"]) for e in events) == sorted(ids)
    assert {e["actor"] for e in events} == {made.id}
