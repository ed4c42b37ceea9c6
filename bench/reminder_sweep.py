"""The reminder sweep: 1,000 due reminders among 10,000, then among 100,000 planned.

Builds its own database (an SQLite file in a temporary folder, or, when TENDERS_DATABASE_URL
names PostgreSQL, a fresh database "<name>_bench" beside it): 50 people (the coordination and
the directors of 10 structures), 20 tenders being worked on by a consortium of those
structures each (a member hears only of the tenders its structure works on), and planned
reminders of which 1,000 are due. Times ``sweep`` — reading the due
ones through the (status, due_at) index, checking each is still useful, composing each mail in
French, writing them to the outbox and marking the reminders — three times with 10,000
planned, then three times with 100,000 (the due ones put back between runs), in one process.
The two medians should be close: the sweep grows with the due reminders, not with all.
Last line: ``reminder_sweep_s: <median seconds with 100,000 planned>``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from _collective import _configure, _recreate_postgres, migrate, start_pool, stop_pool

PEOPLE = 50
STRUCTURES = 10
TENDERS = 20
DUE = 1_000
RUNS = 3
CHUNK = 1_000
DB_IS_POSTGRES = False


async def _setup() -> tuple[list[int], list[int], datetime]:
    from tenders.accounts.tables import User
    from tenders.consortia.tables import Consortium, ConsortiumMember
    from tenders.members.tables import Organisation
    from tenders.procurement.tables import Tender

    now = datetime.now(UTC)
    organisations = await Organisation.insert(
        *(
            Organisation(
                name=f"Structure {n}", slug=f"structure-{n}", created_at=now, updated_at=now
            )
            for n in range(STRUCTURES)
        )
    ).returning(Organisation.id)
    orgs = [o["id"] for o in organisations]
    users = await User.insert(
        *(
            User(
                email=f"personne{n}@bench.example",
                full_name=f"Personne {n}",
                role="coordinator" if n == 0 else "member",
                organisation=None if n == 0 else orgs[n % STRUCTURES],
                password_hash="",
                is_active=True,
                created_at=now,
            )
            for n in range(PEOPLE)
        )
    ).returning(User.id)
    deadline = now + timedelta(days=3)
    tenders = await Tender.insert(
        *(
            Tender(
                title=f"Consultation de mesure n° {n}",
                status="go",
                offers_deadline=deadline,
                created_at=now,
                updated_at=now,
            )
            for n in range(TENDERS)
        )
    ).returning(Tender.id)
    tender_ids = [t["id"] for t in tenders]
    consortia = await Consortium.insert(
        *(
            Consortium(tender=t, lead=orgs[0], status="draft", created_at=now, updated_at=now)
            for t in tender_ids
        )
    ).returning(Consortium.id)
    await ConsortiumMember.insert(
        *(
            ConsortiumMember(
                consortium=c["id"],
                organisation=org,
                role="mandataire" if org == orgs[0] else "co_traitant",
                invitation="accepted",
            )
            for c in consortia
            for org in orgs
        )
    )
    return [u["id"] for u in users], tender_ids, deadline


async def _plan(users: list[int], tenders: list[int], deadline: datetime, total: int) -> None:
    """``total`` planned reminders (keys from ``start``), of which the first DUE are due."""
    from tenders.reminders.planner import stamp
    from tenders.reminders.tables import ScheduledReminder

    existing = await ScheduledReminder.count()
    now = datetime.now(UTC)
    about = stamp(deadline)
    for start in range(existing, total, CHUNK):
        rows = []
        for n in range(start, min(total, start + CHUNK)):
            due = n < DUE
            rows.append(
                ScheduledReminder(
                    key=f"offers:tender:{tenders[n % TENDERS]}:{users[n % PEOPLE]}:{n}",
                    rule="offers",
                    recipient=users[n % PEOPLE],
                    object_type="tender",
                    object_id=tenders[n % TENDERS],
                    tender=tenders[n % TENDERS],
                    occurrence=f"J-3@{about}",
                    due_at=now - timedelta(hours=1) if due else now + timedelta(days=1 + n % 300),
                    expires_at=deadline if due else now + timedelta(days=400),
                    status="scheduled",
                    created_at=now,
                )
            )
        await ScheduledReminder.insert(*rows)
    # The steady state: statistics up to date and no dead rows, as autovacuum keeps them.
    if DB_IS_POSTGRES:
        await ScheduledReminder.raw("VACUUM ANALYZE scheduled_reminder")
    else:
        await ScheduledReminder.raw("ANALYZE scheduled_reminder")


async def _reset() -> None:
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.tables import ScheduledReminder

    await OutgoingMail.delete(force=True)
    await ScheduledReminder.update(
        {ScheduledReminder.status: "scheduled", ScheduledReminder.processed_at: None}
    ).where(ScheduledReminder.status != "scheduled")


async def _time_sweeps() -> list[float]:
    from tenders.reminders.sweep import sweep
    from tenders.settings import get_settings

    settings = get_settings()
    times = []
    for _ in range(RUNS):
        await _reset()
        start = time.perf_counter()
        written = await sweep(settings)
        times.append(time.perf_counter() - start)
        if len(written) != DUE:
            sys.exit(f"the sweep wrote {len(written)} mails instead of {DUE}")
    return times


async def _run() -> tuple[list[float], list[float]]:
    await start_pool()
    try:
        users, tenders, deadline = await _setup()
        await _plan(users, tenders, deadline, 10_000)
        small = await _time_sweeps()
        await _plan(users, tenders, deadline, 100_000)
        large = await _time_sweeps()
    finally:
        await stop_pool()
    return small, large


def main() -> None:
    started = time.perf_counter()
    global DB_IS_POSTGRES
    pg_url = _configure()
    DB_IS_POSTGRES = bool(pg_url)
    if pg_url:
        asyncio.run(_recreate_postgres(pg_url))
    migrate()
    small, large = asyncio.run(_run())
    engine = "PostgreSQL" if pg_url else "SQLite"
    print(f"engine: {engine}; {DUE} due reminders for {PEOPLE} people on {TENDERS} tenders")
    print(
        f"sweep with 10,000 planned, {RUNS} runs: median {statistics.median(small):.3f} s "
        f"(min {min(small):.3f}, max {max(small):.3f})"
    )
    print(
        f"sweep with 100,000 planned, {RUNS} runs: median {statistics.median(large):.3f} s "
        f"(min {min(large):.3f}, max {max(large):.3f})"
    )
    print(
        f"100,000 ÷ 10,000 planned: {statistics.median(large) / statistics.median(small):.2f} "
        f"(total run {time.perf_counter() - started:.1f} s)"
    )
    print(f"reminder_sweep_s: {statistics.median(large):.3f}")


if __name__ == "__main__":
    main()
