"""Runs of the watch (« passages »): each source read from its last good day against a local
server answering as BOAMP and TED, recorded with its counts or its error in French, shown to
the coordination, and started again by « Lancer maintenant »."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from datetime import date, timedelta
from typing import Any

import pytest

from tenders.clock import utcnow
from tenders.formatting import PARIS, datetime_fr
from tenders.jobs import WATCH_RUN, CeleryJobQueue
from tenders.watch import boamp, runs, service, ted
from tenders.watch.http import Policy
from tenders.watch.schemas import WatchProfileIn
from tenders.watch.tables import WatchRun
from tests.conftest import REDIS_URL, TMP, free_port, service_missing
from tests.fixtures import redis_reachable, start_worker, stop_process
from tests.support import api, as_actor, post_form, text
from tests.watch_support import (
    Reply,
    Request,
    Server,
    as_json,
    boamp_pages,
    boamp_record,
    eforms_notice,
)

FAST = Policy(timeout=1.0, attempts=2, backoff=0.01, max_wait=0.1)
DAY = date(2026, 12, 6)
CLEANING = "90910000"
RUNS = "/api/watch/runs"


def answering(
    boamp_records: list[dict[str, Any]],
    boamp_status: int = 200,
    ted_notices: dict[str, bytes] | None = None,
    at: str = "",
) -> Any:
    """BOAMP's records endpoint over ``boamp_records`` (or an error status); TED's search
    finding ``ted_notices`` (publication number → eForms XML, served at ``at``/xml/<number>)."""
    pages = boamp_pages(boamp_records)
    xmls = ted_notices or {}

    def route(request: Request) -> Reply:
        if request.path == boamp.RECORDS_PATH:
            return pages(request) if boamp_status == 200 else Reply(boamp_status)
        if request.path == ted.SEARCH_PATH:
            found = [
                {"publication-number": n, "links": {"xml": {"MUL": f"{at}/xml/{n}"}}} for n in xmls
            ]
            return as_json({"notices": found, "totalNoticeCount": len(found)})
        number = request.path.removeprefix("/xml/")
        return Reply(body=xmls[number]) if number in xmls else Reply(404)

    return route


def pointing_at(settings: Any, url: str) -> Any:
    return dataclasses.replace(settings, boamp_url=url, ted_url=url)


async def run_on(day: date, settings: Any) -> dict[str, dict[str, Any]]:
    """Run the watch as if on ``day``; the run of each source, by source."""
    assert await runs.run_all(settings, today=day, policy=FAST) == []
    rows = await WatchRun.select().order_by(WatchRun.id).output(load_json=True)
    return {row["source"]: row for row in rows}  # the last of each source


def asked(server: Server) -> list[str]:
    """The BOAMP ``where`` clauses asked since the last call."""
    clauses = [r.query["where"] for r in server.hits(boamp.RECORDS_PATH)]
    server.requests.clear()
    return clauses


async def test_a_run_reads_the_profile_s_places_and_kinds_and_records_its_window(
    server: Server, settings: Any, make_account: Any
) -> None:
    coordinator = as_actor(await make_account("coordinator"))
    profile = WatchProfileIn(cpv_codes=["77310000"], departements=["59"], kinds=["services"])
    await service.update_profile(coordinator, profile)
    server.route = answering([])
    done = await run_on(DAY, pointing_at(settings, server.url))

    assert {s: (r["status"], r["since"], r["until"], r["error"]) for s, r in done.items()} == {
        "boamp": ("done", date(2026, 12, 4), DAY, ""),
        "ted": ("done", date(2026, 12, 4), DAY, ""),
    }
    assert done["boamp"]["trigger"] == "schedule" and done["boamp"]["ended_at"]
    [search] = server.hits(ted.SEARCH_PATH)
    query = search.body["query"]
    [where] = asked(server)
    assert "dateparution >= date'2026-12-04' and dateparution <= date'2026-12-06'" in where
    assert '(code_departement = "59") and (type_marche = "SERVICES")' in where
    assert "publication-date>=20261204" in query and "publication-date<=20261206" in query
    assert "classification-cpv IN (77310000)" in query
    assert "place-of-performance IN (FRE11)" in query  # the Nord


async def test_notices_become_tenders_once_and_the_run_says_what_came(
    server: Server, settings: Any, make_account: Any, client: Any, log_in_as: Any
) -> None:
    from tenders.procurement.tables import Tender

    coordinator = as_actor(await make_account("coordinator"))
    await service.update_profile(coordinator, WatchProfileIn(keywords=["espaces verts"]))
    broken = boamp_record(3)
    broken["donnees"] = '{"FNSimple": '
    paper = boamp_record(4, objet="Fourniture de papier pour les écoles")
    records = [boamp_record(1), boamp_record(2), broken, paper]
    on_ted = {"700001-2026": eforms_notice("f0a1b2c3-ted-0001", "Entretien des espaces verts")}
    server.route = answering(records, ted_notices=on_ted, at=server.url)
    good = pointing_at(settings, server.url)

    first = await run_on(DAY, good)
    counted = ("seen", "new", "updated", "known", "outside", "dismissed")
    assert {s: tuple(r[c] for c in counted) for s, r in first.items()} == {
        "boamp": (4, 2, 0, 0, 1, 0),
        "ted": (1, 1, 0, 0, 0, 0),
    }
    assert [r["record_id"] for r in first["boamp"]["refused"] if not r.get("outside")] == [
        "26-00003"
    ]
    made = await Tender.select(Tender.id, Tender.status, Tender.source)
    assert sorted((t["status"], t["source"]) for t in made) == [
        ("veille", "boamp"),
        ("veille", "boamp"),
        ("veille", "eforms"),
    ]

    again = await run_on(DAY + timedelta(days=1), good)  # the same notices, still published
    assert (again["boamp"]["new"], again["boamp"]["known"], again["ted"]["known"]) == (0, 3, 1)
    assert await Tender.count() == 3  # nothing twice

    await log_in_as("coordinator")
    one = text(await client.get(f"/veille/passages/{first['boamp']['id']}"))
    assert "Avis hors profil" in one and "26-00004" in one
    assert "Aucun mot-clé du profil dans l'avis." in one
    assert "26-00003" in one and boamp.DONNEES_BROKEN in one
    detail = (await client.get(f"{RUNS}/{first['boamp']['id']}")).json()
    tender_of = {n["notice_id"]: (n["kind"], n["tender_title"]) for n in detail["notices"]}
    assert tender_of == {
        "26-00001": ("initial", "Entretien des espaces verts, lot 1"),
        "26-00002": ("initial", "Entretien des espaces verts, lot 2"),
        "26-00004": ("hors_profil", None),
    }
    assert 'href="/consultations/' in one and "Entretien des espaces verts, lot 2" in one
    later = (await client.get(f"{RUNS}/{again['boamp']['id']}")).json()
    assert later["notices"] == []  # read again, they stay with the run that first read them


async def test_a_notice_not_written_is_read_again_by_the_next_run(
    server: Server, settings: Any, monkeypatch: Any
) -> None:
    """The database refuses one notice once (a fault, simulated): the run says so and is not
    a good one, so the next run reads the same days again and takes it in."""
    from tenders.errors import DomainError
    from tenders.procurement.tables import Tender
    from tenders.watch import intake

    good = pointing_at(settings, server.url)
    server.route = answering([])
    await run_on(DAY, good)
    place = intake._place
    failures = iter([True])

    async def flaky(read: Any, ctx: Any) -> Any:
        if read.number == "26-00002" and next(failures, False):
            raise DomainError("base de données occupée")
        return await place(read, ctx)

    monkeypatch.setattr(intake, "_place", flaky)
    server.route = answering([boamp_record(1), boamp_record(2)])
    partial = (await run_on(DAY + timedelta(days=2), good))["boamp"]
    assert (partial["status"], partial["new"], partial["since"]) == ("failed", 1, DAY)
    assert partial["error"].startswith("1 avis n'a pas pu être enregistré (voir ci-dessous)")
    [refused] = partial["refused"]
    assert refused["record_id"] == "26-00002" and "base de données occupée" in refused["reason"]

    again = (await run_on(DAY + timedelta(days=3), good))["boamp"]
    assert (again["status"], again["since"], again["new"], again["known"]) == ("done", DAY, 1, 1)
    assert await Tender.count() == 2


async def test_a_source_down_leaves_its_error_and_the_next_run_resumes_from_the_last_good_day(
    server: Server, settings: Any
) -> None:
    good = pointing_at(settings, server.url)
    server.route = answering([])
    await run_on(DAY, good)
    asked(server)

    server.route = answering([], boamp_status=500)
    failed = await run_on(DAY + timedelta(days=2), good)
    assert failed["boamp"]["status"] == "failed"
    assert failed["boamp"]["error"] == (
        "La source BOAMP a répondu par une erreur (HTTP 500). "
        "Le prochain passage reprendra à la même date."
    )
    assert failed["ted"]["status"] == "done"  # one source down does not stop the other
    assert len(asked(server)) == FAST.attempts  # retried, then given up

    # Nothing listening on BOAMP's port; TED's name does not resolve (no DNS, no internet).
    nowhere = dataclasses.replace(
        settings, boamp_url=f"http://127.0.0.1:{free_port()}", ted_url="http://ted.cordee.invalid"
    )
    offline = await run_on(DAY + timedelta(days=3), nowhere)
    assert offline["boamp"]["status"] == "offline"
    assert offline["boamp"]["error"].startswith(
        "Pas de connexion : la source BOAMP est injoignable"
    )
    assert offline["ted"]["status"] == "offline" and offline["ted"]["ended_at"]
    assert offline["ted"]["error"].startswith("Pas de connexion : la source TED est injoignable")
    # Said in words a director reads, not in the HTTP library's names.
    assert "adresse introuvable ou connexion refusée" in offline["ted"]["error"]
    assert "Error" not in offline["ted"]["error"] + offline["boamp"]["error"]

    server.route = answering([])
    back = await run_on(DAY + timedelta(days=4), good)
    assert back["boamp"]["status"] == "done"
    # From the last good run's last day: nothing published while BOAMP was down is lost.
    assert back["boamp"]["since"] == DAY and back["boamp"]["until"] == date(2026, 12, 10)
    [where] = asked(server)
    assert "dateparution >= date'2026-12-06' and dateparution <= date'2026-12-10'" in where
    assert back["ted"]["since"] == date(2026, 12, 8)  # TED's last good run was on the 8th


async def test_an_unexpected_failure_ends_the_run_with_a_french_error_never_running(
    server: Server, settings: Any, monkeypatch: Any
) -> None:
    """A fault in Cordée itself (here the intake, broken on purpose) is not the source's."""
    from tenders.watch import intake

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(intake, "take_in", broken)
    server.route = answering([boamp_record(1)])
    done = await run_on(DAY, pointing_at(settings, server.url))
    assert done["boamp"]["status"] == "failed" and done["boamp"]["ended_at"]
    assert done["boamp"]["error"] == runs.BROKEN
    assert "erreur inattendue" in runs.BROKEN
    assert done["ted"]["status"] == "done"  # nothing to take in from TED


async def test_a_run_is_done_once_its_notices_are_ranked(
    server: Server, settings: Any, make_account: Any, monkeypatch: Any
) -> None:
    """« Terminé » on the run's page means the new notices show with their score: while they
    are ranked the run still says it is going."""
    from tenders.watch import ranking
    from tenders.watch.tables import WatchedTender

    seen_while_ranking: list[str] = []
    rank = ranking.rank_tenders

    async def watched(*args: Any, **kwargs: Any) -> None:
        seen_while_ranking.extend(r["status"] for r in await WatchRun.select(WatchRun.status))
        await rank(*args, **kwargs)

    monkeypatch.setattr(ranking, "rank_tenders", watched)
    coordinator = as_actor(await make_account("coordinator"))
    await service.update_profile(coordinator, WatchProfileIn(keywords=["espaces verts"]))
    server.route = answering([boamp_record(1), boamp_record(2)], at=server.url)
    done = await run_on(DAY, pointing_at(settings, server.url))
    assert done["boamp"]["status"] == "done" and done["boamp"]["error"] == ""
    assert "running" in seen_while_ranking and "done" not in seen_while_ranking
    watched_rows = await WatchedTender.select(WatchedTender.score, WatchedTender.ranked_at)
    assert len(watched_rows) == 2
    assert all(w["score"] is not None and w["ranked_at"] for w in watched_rows)


async def test_a_ranking_that_fails_leaves_the_run_done_with_its_notices_and_a_word(
    server: Server, settings: Any, make_account: Any, monkeypatch: Any
) -> None:
    from tenders.procurement.tables import Tender
    from tenders.watch import ranking

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ranking, "rank_tenders", broken)
    coordinator = as_actor(await make_account("coordinator"))
    await service.update_profile(coordinator, WatchProfileIn(keywords=["espaces verts"]))
    server.route = answering([boamp_record(1)], at=server.url)
    done = await run_on(DAY, pointing_at(settings, server.url))
    assert done["boamp"]["status"] == "done" and done["boamp"]["new"] == 1
    assert done["boamp"]["error"] == runs.UNRANKED
    assert await Tender.count() == 1


async def test_a_run_cut_short_is_closed_not_left_running(server: Server, settings: Any) -> None:
    server.route = lambda request: Reply(200, b"{}", delay=2.0)
    slow = Policy(timeout=5.0, attempts=1)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(
            runs.run_source("boamp", pointing_at(settings, server.url), today=DAY, policy=slow), 0.3
        )
    [run] = await WatchRun.select()
    assert run["status"] == "failed" and run["error"] == runs.INTERRUPTED


async def test_a_second_run_while_one_is_going_does_nothing_and_a_dead_one_is_closed(
    server: Server, settings: Any
) -> None:
    server.route = answering([])
    good = pointing_at(settings, server.url)
    going = await WatchRun.insert(
        WatchRun(source="boamp", status="running", started_at=utcnow() - timedelta(minutes=20))
    ).returning(WatchRun.id)
    assert await runs.run_source("boamp", good, today=DAY, policy=FAST) == going[0]["id"]
    assert server.hits(boamp.RECORDS_PATH) == []
    assert await WatchRun.count() == 1

    await WatchRun.update({WatchRun.started_at: utcnow() - timedelta(hours=2)}).where(
        WatchRun.id == going[0]["id"]
    )
    fresh = await runs.run_source("boamp", good, today=DAY, policy=FAST)
    assert fresh != going[0]["id"]
    rows = {r["id"]: r for r in await WatchRun.select()}
    assert rows[fresh]["status"] == "done"
    dead = rows[going[0]["id"]]
    assert dead["status"] == "failed" and dead["ended_at"]
    assert dead["error"].startswith("Passage interrompu : le processus qui le menait")


async def test_two_beats_at_once_make_one_run(server: Server, settings: Any) -> None:
    pages = answering([])

    def slow(request: Request) -> Reply:
        return dataclasses.replace(pages(request), delay=0.3)

    server.route = slow
    good = pointing_at(settings, server.url)
    both = await asyncio.gather(
        *(runs.run_source("boamp", good, today=DAY, policy=FAST) for _ in range(2))
    )
    assert both[0] == both[1]
    [run] = await WatchRun.select()
    assert run["status"] == "done"
    assert len(server.hits(boamp.RECORDS_PATH)) == 1


async def test_the_run_pages_show_counts_errors_and_refused_records(
    server: Server, settings: Any, client: Any, log_in_as: Any
) -> None:
    broken = [boamp_record(n) for n in range(2)]
    for record in broken:
        record["donnees"] = '{"FNSimple": '
    server.route = answering(broken)
    good = pointing_at(settings, server.url)
    await run_on(DAY, good)
    server.route = answering([], boamp_status=500)
    failed = await run_on(DAY + timedelta(days=1), good)

    await log_in_as("coordinator")
    listing = await client.get("/veille/passages")
    assert listing.status_code == 200
    shown = text(listing)
    assert datetime_fr(failed["boamp"]["started_at"]) in shown
    assert "En échec" in shown and "Terminé" in shown
    assert "La source BOAMP a répondu par une erreur (HTTP 500)." in shown
    assert "du 4 au 6 décembre 2026" in shown
    assert "Lancer maintenant" in shown and "/veille/profil" in shown

    [first] = [
        r for r in await WatchRun.select() if r["status"] == "done" and r["source"] == "boamp"
    ]
    one = await client.get(f"/veille/passages/{first['id']}")
    assert one.status_code == 200
    page = text(one)
    assert "26-00000" in page and "26-00001" in page
    assert page.count(boamp.DONNEES_BROKEN) == 2
    assert (await client.get("/veille/passages/999999")).status_code == 404

    listed = (await client.get(RUNS)).json()
    assert [r["source"] for r in listed[:2]] == ["ted", "boamp"]  # the most recent first
    assert listed[1]["status_label"] == "En échec" and listed[1]["error"]
    detail = (await client.get(f"{RUNS}/{first['id']}")).json()
    assert detail["seen"] == 2 and detail["refused_count"] == 2
    assert detail["refused"][0] == {"record_id": "26-00000", "reason": boamp.DONNEES_BROKEN}


async def test_lancer_maintenant_enqueues_the_run_once_for_the_coordination(
    client: Any, log_in_as: Any, jobs: Any
) -> None:
    from tenders.audit.tables import AuditEvent

    coordinator = await log_in_as("coordinator")
    started = await post_form(client, "/veille/passages/lancer", {})
    assert started.status_code == 200  # back on the runs page
    assert "La veille est lancée : revenez dans quelques minutes." in text(started)
    assert jobs.jobs == [(WATCH_RUN, ("manual", coordinator.id))]
    [event] = await AuditEvent.select().where(AuditEvent.action == "watch.run_requested")
    assert event["actor"] == coordinator.id

    await WatchRun.insert(WatchRun(source="ted", status="running", started_at=utcnow()))
    again = await post_form(client, "/veille/passages/lancer", {})
    assert "Un passage de la veille est déjà en cours" in text(again)
    by_api = await api(client, "POST", RUNS)
    assert by_api.status_code == 409
    assert len(jobs.jobs) == 1


async def test_the_api_starts_a_run_and_a_member_may_not(
    client: Any, other_client: Any, log_in_as: Any, jobs: Any
) -> None:
    await log_in_as("admin")
    started = await api(client, "POST", RUNS)
    assert started.status_code == 202
    assert started.json() == {
        "queued": True,
        "message": "La veille est lancée : revenez dans quelques minutes.",
    }
    await log_in_as("member", on=other_client)
    assert (await api(other_client, "POST", RUNS)).status_code == 403
    assert (await other_client.get("/veille/passages")).status_code == 403
    assert len(jobs.jobs) == 1


@dataclasses.dataclass
class Told:
    director: Any  # an Account
    record: dict[str, Any]  # the BOAMP notice that fits their structure


async def a_director_who_asked(make_account: Any, make_organisation: Any) -> Told:
    """A structure cleaning buildings in the Nord, whose director asked to be told; the
    collective watches cleaning; BOAMP publishes a cleaning notice in the Nord."""
    from tenders.members import capabilities
    from tenders.members.schemas import CapabilityIn
    from tenders.watch import alerts

    coordinator = as_actor(await make_account("coordinator"))
    await service.update_profile(coordinator, WatchProfileIn(cpv_codes=[CLEANING]))
    fits = await make_organisation("Net'Nord")
    trade = CapabilityIn(
        title="Nettoyage", kind="services", cpv_codes=[CLEANING], departements=["59"]
    )
    await capabilities.add_capability(coordinator, fits, trade)
    director = await make_account("member", organisation_id=fits)
    await alerts.set_alerts(as_actor(director), True)
    record = boamp_record(
        7,
        objet="Nettoyage des écoles",
        folder_id="c0ffee00-0007",
        cpv=CLEANING,
        departements=["59"],
        day=utcnow().astimezone(PARIS).date().isoformat(),
    )
    return Told(director, record)


async def test_a_run_tells_the_director_whose_structure_fits(
    server: Server, settings: Any, make_account: Any, make_organisation: Any
) -> None:
    from tenders.mail.tables import OutgoingMail

    told = await a_director_who_asked(make_account, make_organisation)
    server.route = answering([told.record])
    written = await runs.run_all(pointing_at(settings, server.url), today=DAY, policy=FAST)
    [mail] = await OutgoingMail.select().where(OutgoingMail.id.is_in(written or [0]))
    assert mail["recipient"] == told.director.email
    assert "Nettoyage des écoles" in mail["subject"]
    # Told once: the next run finds the notice known and writes nothing.
    assert await runs.run_all(pointing_at(settings, server.url), today=DAY, policy=FAST) == []


async def _finished_runs(count: int, timeout: float = 60.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = await WatchRun.select().order_by(WatchRun.id)
        if len(rows) >= count and all(r["status"] != "running" for r in rows):
            return rows
        await asyncio.sleep(0.2)
    raise AssertionError(f"the worker did not finish {count} runs: {rows}")


@pytest.mark.worker
async def test_a_real_worker_runs_the_scheduled_watch_on_redis(
    server: Server,
    settings: Any,
    own_queue: str,
    make_account: Any,
    make_organisation: Any,
    mailbox: Any,
) -> None:
    """The beat's morning entry, sent through Redis to a real Celery worker whose sources are
    the local server: the notice becomes a tender, ranked, and the director who asked receives
    the mail over SMTP."""
    from tenders.procurement.tables import Tender
    from tenders.watch.tables import WatchedTender
    from workers.celery_app import create_celery

    if not redis_reachable():
        service_missing(f"Redis ({REDIS_URL})")
    told = await a_director_who_asked(make_account, make_organisation)
    server.route = answering([told.record])
    queue = f"{own_queue}-watch"  # this worker alone reads it: its sources are the local server
    env = {
        **os.environ,
        "TENDERS_BOAMP_URL": server.url,
        "TENDERS_TED_URL": server.url,
        "TENDERS_CELERY_QUEUE": queue,
    }
    entry = create_celery(settings).conf.beat_schedule["watch-morning"]
    worker = start_worker(env, TMP / "watch-worker.log")
    try:
        jobs = CeleryJobQueue(dataclasses.replace(settings, celery_queue=queue))
        await jobs.enqueue(entry["task"], *entry.get("args", ()))
        rows = await _finished_runs(2)
        [mail] = await mailbox.await_for(told.director.email)
    finally:
        stop_process(worker)
    today = utcnow().astimezone(PARIS).date()
    assert [(r["source"], r["status"], r["trigger"], r["new"], r["error"]) for r in rows] == [
        ("boamp", "done", "schedule", 1, ""),
        ("ted", "done", "schedule", 0, ""),
    ]
    assert {(r["since"], r["until"]) for r in rows} == {(today - timedelta(days=2), today)}
    [tender] = await Tender.select(Tender.id, Tender.title, Tender.status)
    assert (tender["title"], tender["status"]) == ("Nettoyage des écoles", "veille")
    [watched] = await WatchedTender.select().where(WatchedTender.tender == tender["id"])
    assert watched["score"] is not None and watched["score"] >= 50
    assert "Nettoyage des écoles" in mail["Subject"]


def test_days_and_durations_read_as_french() -> None:
    from tenders.watch.run_pages import days_fr, duration_fr

    assert days_fr(date(2026, 12, 6), date(2026, 12, 6)) == "le 6 décembre 2026"
    assert days_fr(date(2026, 12, 1), date(2026, 12, 6)) == "du 1er au 6 décembre 2026"
    assert days_fr(date(2026, 11, 30), date(2026, 12, 2)) == "du 30 novembre au 2 décembre 2026"
    assert days_fr(date(2026, 12, 30), date(2027, 1, 2)) == (
        "du 30 décembre 2026 au 2 janvier 2027"
    )
    assert [duration_fr(s) for s in (None, 45, 125, 3780)] == [
        "",
        "45 s",
        "2 min 05 s",
        "1 h 03 min",
    ]


async def test_the_runs_page_shows_the_last_fifty_and_links_to_older_ones(
    client: Any, log_in_as: Any
) -> None:
    start = utcnow() - timedelta(days=30)
    await WatchRun.insert(
        *(
            WatchRun(source="boamp", status="done", started_at=start + timedelta(hours=12 * n))
            for n in range(51)
        )
    )
    oldest = await WatchRun.select(WatchRun.id).order_by(WatchRun.id).first()
    await log_in_as("coordinator")
    recent = text(await client.get("/veille/passages"))
    assert recent.count('id="passage-') == 50
    assert f'id="passage-{oldest["id"]}"' not in recent
    [link] = [part.split('"')[0] for part in recent.split('href="/veille/passages?avant=')[1:]]
    older = text(await client.get(f"/veille/passages?avant={link}"))
    assert older.count('id="passage-') == 1 and f'id="passage-{oldest["id"]}"' in older
    assert "Revenir aux passages les plus récents" in older
    assert "Passages plus anciens" not in older
