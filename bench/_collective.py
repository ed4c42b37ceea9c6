"""Shared by the benchmarks: a fresh database and a large collective loaded in bulk."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORGANISATIONS = 10_000
CAPABILITIES_PER_ORGANISATION = 5
DEPARTEMENTS = ["59", "62", "80", "02", "60", "08", "51", "76", "14", "75"]


def _configure(suffix: str = "_bench", folder: str = "cordee-bench-directory-") -> str:
    """A data folder of the benchmark's own; on PostgreSQL, the database ``<name><suffix>``
    (returned; "" on SQLite)."""
    url = os.environ.get("TENDERS_DATABASE_URL", "")
    os.environ["TENDERS_DATA_DIR"] = tempfile.mkdtemp(prefix=folder)
    os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")
    if url.startswith(("postgres://", "postgresql://")):
        base, _, name = url.rpartition("/")
        bench_url = f"{base}/{name or 'postgres'}{suffix}"
        os.environ["TENDERS_DATABASE_URL"] = bench_url
        return bench_url
    os.environ.pop("TENDERS_DATABASE_URL", None)
    return ""


async def _recreate_postgres(url: str) -> None:
    import asyncpg

    base, _, name = url.rpartition("/")
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def _decimal(value: int | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _rows(labels: dict[str, str]) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:  # type: ignore[type-arg]
    """Organisations, capabilities (titled by their first code's label, with the vector
    matching reads, as when they are saved), their codes and areas."""
    from tenders.meaning import passage_vector

    rng = random.Random(42)
    codes = sorted(labels)
    vectors: dict[str, bytes] = {}
    organisations, capabilities, cpv_rows, areas = [], [], [], []
    cap_id = 0
    for org_id in range(1, ORGANISATIONS + 1):
        dep = rng.choice(DEPARTEMENTS)
        organisations.append((org_id, f"Structure {org_id:05d}", f"structure-{org_id}", dep))
        for _ in range(CAPABILITIES_PER_ORGANISATION):
            cap_id += 1
            chosen = rng.sample(codes, rng.randint(1, 3))
            deps = sorted({dep, *rng.sample(DEPARTEMENTS, rng.randint(0, 2))})
            value = rng.choice((None, 20_000, 60_000, 150_000, 400_000))
            title = labels[chosen[0]][:200]
            if title not in vectors:
                vectors[title] = passage_vector(title)
            capabilities.append((cap_id, org_id, chosen, deps, value, title, vectors[title]))
            packed = "," + ",".join(deps) + ","
            cpv_rows += [(cap_id, org_id, code, packed, value) for code in chosen]
            areas += [(cap_id, org_id, d) for d in deps]
    return organisations, capabilities, cpv_rows, areas


async def _load_postgres(url: str, data: tuple) -> None:  # type: ignore[type-arg]
    import json
    from datetime import UTC, datetime

    import asyncpg

    organisations, capabilities, cpv_rows, areas = data
    now = datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table(
            "organisation",
            columns=["id", "name", "slug", "departement", "created_at", "updated_at"],
            records=[(i, n, s, d, now, now) for i, n, s, d in organisations],
        )
        await conn.copy_records_to_table(
            "capability",
            columns=[
                "id",
                "organisation",
                "title",
                "kind",
                "cpv_codes",
                "departements",
                "max_contract_value",
                "meaning",
                "created_at",
                "updated_at",
            ],
            records=[
                (
                    c,
                    o,
                    title,
                    "services",
                    json.dumps(codes),
                    json.dumps(deps),
                    _decimal(value),
                    vector,
                    now,
                    now,
                )
                for c, o, codes, deps, value, title, vector in capabilities
            ],
        )
        await conn.copy_records_to_table(
            "capability_cpv",
            columns=["capability", "organisation", "code", "departements", "max_contract_value"],
            records=[(c, o, code, packed, _decimal(v)) for c, o, code, packed, v in cpv_rows],
        )
        await conn.copy_records_to_table(
            "capability_area", columns=["capability", "organisation", "departement"], records=areas
        )
        for table in ("organisation", "capability"):
            await conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def _load_sqlite(path: Path, data: tuple) -> None:  # type: ignore[type-arg]
    import json
    import sqlite3
    from datetime import UTC, datetime

    organisations, capabilities, cpv_rows, areas = data
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO organisation (id, name, slug, departement, created_at, updated_at, "
            "town, territory, description, siren, legal_form, kind, naf_code, address, "
            "postal_code, contact_name, contact_email, contact_phone, website, ess_status, "
            "labels, other_labels, insurer, insurance_policy) VALUES "
            "(?, ?, ?, ?, ?, ?, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '[]', "
            "'', '', '')",
            [(i, n, s, d, now, now) for i, n, s, d in organisations],
        )
        conn.executemany(
            "INSERT INTO capability (id, organisation, title, kind, description, cpv_codes, "
            "departements, communes, max_contract_value, meaning, created_at, updated_at) "
            "VALUES (?, ?, ?, 'services', '', ?, ?, '[]', ?, ?, ?, ?)",
            [
                (c, o, title, json.dumps(codes), json.dumps(deps), value, vector, now, now)
                for c, o, codes, deps, value, title, vector in capabilities
            ],
        )
        conn.executemany(
            "INSERT INTO capability_cpv (capability, organisation, code, departements, "
            "max_contract_value) VALUES (?, ?, ?, ?, ?)",
            cpv_rows,
        )
        conn.executemany(
            "INSERT INTO capability_area (capability, organisation, departement) VALUES (?, ?, ?)",
            areas,
        )
        conn.execute("ANALYZE")


def migrate() -> None:
    """``tenders migrate`` on the configured database; the benchmark stops if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "tenders", "migrate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)


def build_collective() -> tuple[str, tuple, float]:  # type: ignore[type-arg]
    """Fresh database, migrated, with the large collective; returns (pg url or "", rows, s)."""
    pg_url = _configure()
    if pg_url:
        asyncio.run(_recreate_postgres(pg_url))
    migrate()

    from tenders.cpv.shipped import shipped_labels
    from tenders.settings import get_settings

    data = _rows(shipped_labels())
    start = time.perf_counter()
    if pg_url:
        asyncio.run(_load_postgres(pg_url, data))
    else:
        _load_sqlite(get_settings().sqlite_path, data)
    return pg_url, data, time.perf_counter() - start


async def start_pool() -> None:
    """The web app keeps a pool of PostgreSQL connections; so does the benchmark."""
    from piccolo.engine.postgres import PostgresEngine

    from tenders.db import engine

    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=4)


async def stop_pool() -> None:
    from piccolo.engine.postgres import PostgresEngine

    from tenders.db import engine

    db = engine()
    if isinstance(db, PostgresEngine) and db.pool:
        await db.close_connection_pool()
