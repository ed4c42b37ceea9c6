"""Every page and API list each role reaches, on a federation-sized data set.

Builds its own database (an SQLite file in a temporary folder, or, when TENDERS_DATABASE_URL
names PostgreSQL, a fresh database "<name>_scale" beside it): the demo collective, then in
bulk 1,700 structures with a director each, 3,000 tenders with 8,000 lots, 300 consortia
(four structures each, 10 parts of the mémoire with 10 versions each: 30,000 section
versions), 200,000 audit events, 100,000 planned reminders, 5,000 reminders sent, 1,000
passages of the library, 600 notices of the watch and 200 watch runs. Then, through the app
in-process, logged in as the administration, the coordination and a structure's director,
requests every GET page and API list of the app the role may reach (ids taken from the data
set; downloads, exports of files and public pages left out; the far pages of the lists
shown a page at a time too) once to warm up, then
``REQUESTS`` times, and prints each one's median and p95 (nearest rank).
Last line: ``scale_pages_p95_ms: <worst p95 over all pages>``.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import re
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import _collective
from _collective import _recreate_postgres, migrate

ROOT = Path(__file__).resolve().parent.parent
STRUCTURES = 1_700
TENDERS = 3_000
LOTS = 8_000
CONSORTIA = 300
MEMBERS_PER_CONSORTIUM = 4
SECTIONS_PER_CONSORTIUM = 10
VERSIONS_PER_SECTION = 10
AUDIT_EVENTS = 200_000
PLANNED_REMINDERS = 100_000
SENT_REMINDERS = 5_000
PASSAGES = 1_000
WATCHED = 600
RUNS = 200
REQUESTS = 5
CHUNK = 5_000
HOST = "bench.local"
STATUSES = ["veille", "a_qualifier", "go", "no_go", "en_preparation", "deposee", "gagnee"]
ACTIONS = ["tender.created", "tender.updated", "consortium.updated", "section.saved", "login"]
# Not pages: files, exports, the API's own documentation, what needs no session.
SKIPPED = re.compile(
    r"/(zip|word|fichier|apercu|preview|file|export|metrics|healthz|static|schema)\b"
    r"|\.ics$|^/api/schema|^/(connexion|mot-de-passe-oublie|invitation|reinitialisation|"
    r"calendrier)|^/$"
)


def _configure() -> str:
    """The database the benchmark builds: its own, never another benchmark's."""
    os.environ["TENDERS_BASE_URL"] = f"http://{HOST}"
    os.environ["TENDERS_ALLOWED_HOSTS"] = HOST
    return _collective._configure("_scale", "cordee-bench-scale-")


class Loader:
    """Rows written in bulk: executemany on SQLite (Piccolo's adapters write the values as it
    does), COPY on PostgreSQL. Ids are given, so that rows can point at each other."""

    def __init__(self, pg_url: str) -> None:
        self.pg_url = pg_url
        self.conn: Any = None

    async def __aenter__(self) -> Loader:
        if self.pg_url:
            import asyncpg

            self.conn = await asyncpg.connect(self.pg_url)
        else:
            import sqlite3

            import piccolo.engine.sqlite  # noqa: F401  (registers the adapters Piccolo writes with)

            from tenders.settings import get_settings

            self.conn = sqlite3.connect(get_settings().sqlite_path)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.pg_url:
            await self.conn.execute("ANALYZE")
            await self.conn.close()
        else:
            self.conn.execute("ANALYZE")
            self.conn.commit()
            self.conn.close()

    async def next_id(self, table: str) -> int:
        sql = f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"'
        if self.pg_url:
            return int(await self.conn.fetchval(sql))
        return int(self.conn.execute(sql).fetchone()[0])

    async def rows(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        if self.pg_url:
            await self.conn.copy_records_to_table(table, columns=columns, records=rows)
            if "id" in columns:
                await self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))'
                )
            return
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        for start in range(0, len(rows), CHUNK):
            self.conn.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows[start : start + CHUNK]
            )


def _money(value: int) -> Decimal:
    return Decimal(value)


async def _load(pg_url: str) -> dict[str, Any]:
    """The data set, beside the demo collective; returns the ids the requests use."""
    from tenders.demo.loader import load_demo

    await load_demo()
    rng = random.Random(19)
    now = datetime.now(UTC)
    today = now.date()
    js = json.dumps
    async with Loader(pg_url) as load:
        first_org = await load.next_id("organisation")
        demo_orgs = first_org - 1
        orgs = list(range(first_org, first_org + STRUCTURES - demo_orgs))
        await load.rows(
            "organisation",
            ["id", "name", "slug", "town", "departement", "created_at", "updated_at"],
            [(o, f"Structure {o:05d}", f"structure-{o}", "Lille", "59", now, now) for o in orgs],
        )
        orgs = list(range(1, first_org)) + orgs
        first_user = await load.next_id("app_user")
        await load.rows(
            "app_user",
            [
                "id",
                "email",
                "full_name",
                "role",
                "organisation",
                "password_hash",
                "is_active",
                "created_at",
            ],
            [
                (
                    first_user + n,
                    f"direction{o}@scale.example",
                    f"Direction {o}",
                    "member",
                    o,
                    "",
                    True,
                    now,
                )
                for n, o in enumerate(orgs)
            ],
        )
        users = list(range(1, first_user + len(orgs)))

        first_tender = await load.next_id("tender")
        tenders = list(range(first_tender, first_tender + TENDERS))
        await load.rows(
            "tender",
            [
                "id",
                "reference",
                "title",
                "buyer_name",
                "kind",
                "procedure",
                "departements",
                "status",
                "offers_deadline",
                "estimated_value",
                "created_at",
                "updated_at",
            ],
            [
                (
                    t,
                    f"2026-{t:05d}",
                    f"Consultation n° {t} : entretien des espaces verts",
                    f"Commune n° {t % 400}",
                    "services",
                    "mapa",
                    js(["59"]),
                    STATUSES[t % len(STATUSES)],
                    now + timedelta(days=(t % 120) - 30, hours=12),
                    _money(10_000 + t * 10),
                    now - timedelta(minutes=t),
                    now,
                )
                for t in tenders
            ],
        )
        first_lot = await load.next_id("tender_lot")
        lot_rows = []
        for n in range(LOTS):
            tender = tenders[n % TENDERS]
            position = n // TENDERS + 1
            lot_rows.append(
                (
                    first_lot + n,
                    tender,
                    str(position),
                    position,
                    f"Lot {position}",
                    js(["77310000"]),
                    js(["59"]),
                    _money(5_000 + n),
                )
            )
        await load.rows(
            "tender_lot",
            [
                "id",
                "tender",
                "key",
                "position",
                "title",
                "cpv_codes",
                "departements",
                "estimated_value",
            ],
            lot_rows,
        )

        director_org = await _demo_director_org(load, pg_url)
        first_consortium = await load.next_id("consortium")
        consortia = list(range(first_consortium, first_consortium + CONSORTIA))
        # Consortia on the tenders being worked on ("go" and "en_preparation").
        worked = [t for t in tenders if STATUSES[t % len(STATUSES)] in ("go", "en_preparation")]
        consortium_tender = {c: worked[n % len(worked)] for n, c in enumerate(consortia)}
        members: dict[int, list[int]] = {}
        for n, c in enumerate(consortia):
            chosen = rng.sample(orgs[demo_orgs:], MEMBERS_PER_CONSORTIUM)
            if n % 3 == 0:
                chosen[1] = director_org
            members[c] = chosen
        await load.rows(
            "consortium",
            ["id", "tender", "lead", "status", "created_at", "updated_at"],
            [(c, consortium_tender[c], members[c][0], "draft", now, now) for c in consortia],
        )
        await load.rows(
            "consortium_member",
            ["consortium", "organisation", "role", "lots", "invitation"],
            [
                (c, org, "mandataire" if k == 0 else "co_traitant", js(["1"]), "accepted")
                for c in consortia
                for k, org in enumerate(members[c])
            ],
        )
        first_section = await load.next_id("response_section")
        sections: list[tuple[int, int]] = []
        section_rows = []
        for n, c in enumerate(consortia):
            for k in range(SECTIONS_PER_CONSORTIUM):
                sid = first_section + n * SECTIONS_PER_CONSORTIUM + k
                sections.append((sid, c))
                section_rows.append(
                    (
                        sid,
                        c,
                        k,
                        f"Partie {k + 1}",
                        members[c][k % MEMBERS_PER_CONSORTIUM],
                        now + timedelta(days=k),
                        "en_cours",
                        VERSIONS_PER_SECTION,
                        "Texte de la partie. " * 40,
                        now,
                    )
                )
        await load.rows(
            "response_section",
            [
                "id",
                "consortium",
                "position",
                "title",
                "assignee",
                "due_at",
                "status",
                "version",
                "body",
                "updated_at",
            ],
            section_rows,
        )
        await load.rows(
            "response_section_version",
            ["section", "version", "body", "author", "author_label", "created_at"],
            [
                (sid, v, "Texte de la partie. " * 40, users[0], "Coordination", now)
                for sid, _ in sections
                for v in range(1, VERSIONS_PER_SECTION + 1)
            ],
        )
        await load.rows(
            "audit_event",
            [
                "occurred_at",
                "actor",
                "actor_label",
                "action",
                "object_type",
                "object_id",
                "ip_address",
                "detail",
            ],
            [
                (
                    now - timedelta(seconds=n),
                    users[n % 5],
                    "Coordination Phare",
                    ACTIONS[n % len(ACTIONS)],
                    "tender",
                    str(tenders[n % TENDERS]),
                    "127.0.0.1",
                    js({"n": n}),
                )
                for n in range(AUDIT_EVENTS)
            ],
        )
        await load.rows(
            "scheduled_reminder",
            [
                "key",
                "rule",
                "recipient",
                "object_type",
                "object_id",
                "tender",
                "occurrence",
                "due_at",
                "expires_at",
                "status",
                "created_at",
            ],
            [
                (
                    f"offers:tender:{n}",
                    "offers",
                    users[n % len(users)],
                    "tender",
                    tenders[n % TENDERS],
                    tenders[n % TENDERS],
                    f"J-{n % 7}",
                    now + timedelta(hours=1 + n % 2000),
                    now + timedelta(days=200),
                    "scheduled",
                    now,
                )
                for n in range(PLANNED_REMINDERS)
            ],
        )
        await load.rows(
            "outgoing_mail",
            [
                "kind",
                "recipient",
                "subject",
                "body_text",
                "body_html",
                "message_id",
                "status",
                "created_at",
            ],
            [
                (
                    "reminder",
                    f"direction{orgs[n % len(orgs)]}@scale.example",
                    f"Rappel n° {n}",
                    "Rappel.",
                    "<p>Rappel.</p>",
                    f"<scale-{n}@bench.local>",
                    "sent",
                    now - timedelta(minutes=n),
                )
                for n in range(SENT_REMINDERS)
            ],
        )
        await load.rows(
            "library_passage",
            [
                "organisation",
                "shared",
                "title",
                "body",
                "themes",
                "cpv_divisions",
                "reviewed_on",
                "created_at",
                "updated_at",
            ],
            [
                (
                    None if n % 2 else orgs[n % len(orgs)],
                    n % 4 == 1,
                    f"Passage n° {n}",
                    "Notre démarche d'insertion. " * 20,
                    js(["insertion"]),
                    js(["77"]),
                    today - timedelta(days=n % 400),
                    now,
                    now,
                )
                for n in range(PASSAGES)
            ],
        )
        watched = [t for t in tenders if STATUSES[t % len(STATUSES)] == "veille"][:WATCHED]
        await load.rows(
            "watch_tender",
            ["tender", "found_at", "changes", "score", "matches", "keywords"],
            [
                (t, now - timedelta(hours=n), js([]), n % 100, js([]), js(["insertion"]))
                for n, t in enumerate(watched)
            ],
        )
        first_run = await load.next_id("watch_run")
        await load.rows(
            "watch_run",
            [
                "id",
                "source",
                "trigger",
                "status",
                "started_at",
                "ended_at",
                "seen",
                "new",
                "refused",
            ],
            [
                (
                    first_run + n,
                    "boamp",
                    "schedule",
                    "done",
                    now - timedelta(hours=n),
                    now - timedelta(hours=n) + timedelta(minutes=2),
                    40,
                    3,
                    js([]),
                )
                for n in range(RUNS)
            ],
        )
    return {
        "consortium": consortia[0],
        "tender": consortium_tender[consortia[0]],
        "section": sections[0][0],
        "organisation": director_org,
        "run": first_run,
        "lot": first_lot,
    }


async def _demo_director_org(load: Loader, pg_url: str) -> int:
    from tenders.accounts.tables import User
    from tenders.demo.data import ACCOUNTS

    director = next(a for a in ACCOUNTS if a.role == "member")
    rows = await User.select(User.organisation).where(User.email == director.email)
    return int(rows[0]["organisation"])


async def _ids(found: dict[str, Any]) -> dict[str, str]:
    """Path parameters for the routes that need one, taken from the data set."""
    from tenders.accounts.tables import User
    from tenders.library.tables import Passage
    from tenders.members.tables import Capability, Reference

    org = found["organisation"]
    capability = await Capability.select(Capability.id).where(Capability.organisation == org)
    reference = await Reference.select(Reference.id).where(Reference.organisation == org)
    passage = await Passage.select(Passage.id).where(Passage.organisation.is_null()).limit(1)
    user = await User.select(User.id).where(User.organisation == org).limit(1)
    return {
        "tender_id": str(found["tender"]),
        "consortium_id": str(found["consortium"]),
        "section_id": str(found["section"]),
        "organisation_id": str(org),
        "run_id": str(found["run"]),
        "lot_id": str(found["lot"]),
        "passage_id": str(passage[0]["id"]),
        "user_id": str(user[0]["id"]),
        "capability_id": str(capability[0]["id"]) if capability else "",
        "item_id": str(capability[0]["id"]) if capability else "",
        "reference_item_id": str(reference[0]["id"]) if reference else "",
    }


# What a route needs in its address, and the far pages of the lists that go page by page.
QUERIES = {"/api/cpv": ["/api/cpv?q=entretien"]}
FAR_PAGES = {
    "/journal": ["/journal?page=900"],
    "/api/audit-events": ["/api/audit-events?offset=190000"],
    "/consultations": ["/consultations?statut=no_go&page=8"],
    "/comptes": ["/comptes?page=30"],
}


def _routes(app: Any, role: str, ids: dict[str, str]) -> list[str]:
    """Every GET route the role may reach, with real ids; the others are left out."""
    paths = []
    for route in app.routes:
        if SKIPPED.search(route.path):
            continue
        for handler in getattr(route, "route_handlers", []):
            if "GET" not in (handler.http_methods or set()) or handler.opt.get("public"):
                continue
            roles = handler.opt.get("roles")
            if roles and role not in roles:
                continue
            path = route.path
            if "/references/" in path:
                path = path.replace("{item_id:int}", ids["reference_item_id"])
            filled = re.sub(r"\{(\w+):\w+\}", lambda m: ids.get(m.group(1), ""), path)
            if "{" not in path or ("//" not in filled and not filled.endswith("/")):
                paths.append(filled)
    paths = [q for p in paths for q in QUERIES.get(p, [p])]
    return sorted({*paths, *(far for p in paths for far in FAR_PAGES.get(p, []))})


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


async def _measure(ids: dict[str, str]) -> list[tuple[str, str, float, float]]:
    from litestar.testing import AsyncTestClient

    from tenders.app import create_app
    from tenders.demo.data import ACCOUNTS, DEMO_PASSWORD
    from tenders.jobs import RecordingJobQueue

    app = create_app(jobs=RecordingJobQueue())
    results = []
    roles = {"admin": "admin", "coordinator": "coordinator", "member": "member"}
    async with AsyncTestClient(app=app, base_url=f"http://{HOST}") as client:
        for role in roles:
            account = next(a for a in ACCOUNTS if a.role == role)
            client.cookies.clear()
            await client.get("/connexion")
            token = client.cookies.get("cordee_csrf") or ""
            response = await client.post(
                "/api/session",
                json={"email": account.email, "password": DEMO_PASSWORD},
                headers={"x-csrftoken": token},
            )
            if response.status_code != 200:
                sys.exit(f"login {account.email}: {response.status_code} {response.text}")
            for path in _routes(app, role, ids):
                response = await client.get(path)
                if response.status_code >= 500:
                    sys.exit(f"GET {path} as {role}: {response.status_code} {response.text[:300]}")
                if response.status_code != 200:  # nothing there yet (an outcome not recorded)
                    print(f"left out: GET {path} as {role}: {response.status_code}")
                    continue
                samples = []
                for _ in range(REQUESTS):
                    start = time.perf_counter()
                    await client.get(path)
                    samples.append((time.perf_counter() - start) * 1000)
                results.append((path, role, statistics.median(samples), _p95(samples)))
    return results


async def _run(pg_url: str) -> tuple[list[tuple[str, str, float, float]], float]:
    from piccolo.engine.postgres import PostgresEngine

    from tenders.db import engine

    db = engine()
    pooled = isinstance(db, PostgresEngine)
    if pooled:
        await db.start_connection_pool(min_size=1, max_size=2)
    start = time.perf_counter()
    try:
        found = await _load(pg_url)
        ids = await _ids(found)
    finally:
        if pooled and db.pool:
            await db.close_connection_pool()
    loaded = time.perf_counter() - start
    return await _measure(ids), loaded


def main() -> None:
    started = time.perf_counter()
    pg_url = _configure()
    if pg_url:
        asyncio.run(_recreate_postgres(pg_url))
    migrate()
    try:
        results, loaded = asyncio.run(_run(pg_url))
    finally:  # the SQLite file weighs some 200 MB
        shutil.rmtree(os.environ["TENDERS_DATA_DIR"], ignore_errors=True)
    engine = "PostgreSQL" if pg_url else "SQLite"
    print(
        f"engine: {engine}; data set loaded in {loaded:.1f} s; {REQUESTS} requests per page "
        "after one to warm up"
    )
    print(f"{'route':<60} {'role':<12} {'median ms':>10} {'p95 ms':>8}")
    for path, role, median, p95 in results:
        print(f"{path:<60} {role:<12} {median:>10.1f} {p95:>8.1f}")
    worst = max(results, key=lambda r: r[3])
    print(f"{len(results)} pages in {time.perf_counter() - started:.1f} s; worst: {worst[0]}")
    print(f"scale_pages_p95_ms: {worst[3]:.1f}")


if __name__ == "__main__":
    main()
