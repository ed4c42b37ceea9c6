"""Backups an operator can copy away, and restores that prove they brought everything back.

A backup is one uncompressed ``.tar`` holding the database (``database.dump``, made by
``pg_dump --format=custom``, or ``database.sqlite3``, made by SQLite's online backup API) and
``manifest.json``: the row count of every table and the SHA-256 of every stored file, read from
the very snapshot that was dumped. Uploaded files live in the ``stored_file`` table, so the
database is the whole state; the manifest proves it, and ``restore`` checks the restored
database against it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from tenders.clock import utcnow
from tenders.db import SQLITE_BUSY_TIMEOUT_SECONDS, postgres_config, prepare_sqlite_file
from tenders.settings import Settings

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINE_LABELS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
MIGRATIONS_TABLE = "migration"  # Piccolo's; filled by ``tenders migrate`` on an empty base


class BackupError(Exception):
    """A backup or restore that must stop; the message is for the operator, in French."""


@dataclass
class Contents:
    """What a database holds, as the manifest records it."""

    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    """Stored files: the ``sha256`` column → the size of the bytes."""
    corrupt: list[str] = field(default_factory=list)
    """Stored files whose bytes no longer hash to their ``sha256`` column."""
    migrations: dict[str, str] = field(default_factory=dict)
    """Last migration applied, per Piccolo app."""

    def add_file(self, sha256: str, data: bytes) -> None:
        self.files[sha256] = len(data)
        if hashlib.sha256(data).hexdigest() != sha256:
            self.corrupt.append(sha256)


def engine_name(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def _count_sql(table: str) -> str:
    """The table name comes from the database's catalogue, and is quoted."""
    quoted = '"' + table.replace('"', '""') + '"'
    return f"SELECT count(*) FROM {quoted}"  # noqa: S608


# --- reading a database ------------------------------------------------------------------


def _sqlite_contents(path: Path, with_files: bool = True) -> Contents:
    contents = Contents()
    uri = path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for name in names:
            contents.tables[name] = db.execute(_count_sql(name)).fetchone()[0]
        if with_files and "stored_file" in names:
            for sha256, data in db.execute("SELECT sha256, data FROM stored_file"):
                contents.add_file(sha256, bytes(data))
        if MIGRATIONS_TABLE in names:
            contents.migrations = dict(
                db.execute("SELECT app_name, max(name) FROM migration GROUP BY app_name")
            )
    return contents


async def _postgres_contents(db: Any, with_files: bool = True) -> Contents:
    """Read inside the caller's transaction (a cursor needs one)."""
    contents = Contents()
    names = [
        row["tablename"]
        for row in await db.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    ]
    for name in names:
        contents.tables[name] = await db.fetchval(_count_sql(name))
    if with_files and "stored_file" in names:
        async for row in db.cursor("SELECT sha256, data FROM stored_file"):
            contents.add_file(row["sha256"], bytes(row["data"]))
    if MIGRATIONS_TABLE in names:
        rows = await db.fetch("SELECT app_name, max(name) AS name FROM migration GROUP BY app_name")
        contents.migrations = {row["app_name"]: row["name"] for row in rows}
    return contents


async def database_contents(settings: Settings, with_files: bool = True) -> Contents:
    if settings.is_sqlite:
        if not settings.sqlite_path.exists():
            return Contents()
        return _sqlite_contents(settings.sqlite_path, with_files)
    db = await asyncpg.connect(**postgres_config(settings.database_url))
    try:
        async with db.transaction(isolation="repeatable_read", readonly=True):
            return await _postgres_contents(db, with_files)
    finally:
        await db.close()


# --- PostgreSQL client tools ----------------------------------------------------------------


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: on the PATH, else the newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))

    installed = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=version)
    if installed:
        return str(installed[-1])
    raise BackupError(
        f"{name} est introuvable : installez le client PostgreSQL de la même version que le "
        "serveur (paquet postgresql-client-NN)."
    )


async def _pg_run(tool: str, settings: Settings, *args: str) -> None:
    config = postgres_config(settings.database_url)
    env = dict(os.environ)
    if "password" in config:
        env["PGPASSWORD"] = config["password"]  # kept off the command line
    process = await asyncio.create_subprocess_exec(
        pg_tool(tool),
        f"--host={config['host']}",
        f"--port={config['port']}",
        f"--username={config['user']}",
        f"--dbname={config['database']}",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    if process.returncode != 0:
        raise BackupError(
            f"{tool} a échoué (code {process.returncode}) :\n{stderr.decode(errors='replace')}"
        )


# --- backup -------------------------------------------------------------------------------


async def _dump_postgres(settings: Settings, target: Path) -> Contents:
    """pg_dump and the manifest read the same exported snapshot, even while the app writes."""
    db = await asyncpg.connect(**postgres_config(settings.database_url))
    try:
        async with db.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await db.fetchval("SELECT pg_export_snapshot()")
            await _pg_run(
                "pg_dump", settings, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"
            )
            return await _postgres_contents(db)
    finally:
        await db.close()


def _dump_sqlite(settings: Settings, target: Path) -> Contents:
    """The online backup API copies a consistent state while the app keeps writing (WAL)."""
    if not settings.sqlite_path.exists():
        raise BackupError(f"La base SQLite {settings.sqlite_path} n'existe pas.")
    with (
        closing(sqlite3.connect(settings.sqlite_path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    return _sqlite_contents(target)


def default_output(settings: Settings) -> Path:
    return settings.data_dir / "backups" / f"cordee-{utcnow():%Y%m%d-%H%M%S}.tar"


async def create_backup(settings: Settings, output: Path | None = None) -> tuple[Path, dict]:
    """Write the backup archive; returns its path and its manifest."""
    output = (output or default_output(settings)).resolve()
    if output.exists():
        raise BackupError(f"{output} existe déjà : choisissez un autre nom avec --output.")
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_name(settings)
    with tempfile.TemporaryDirectory(prefix="cordee-backup-") as tmp:
        database = Path(tmp) / DATABASE_FILES[engine]
        if settings.is_sqlite:
            contents = _dump_sqlite(settings, database)
        else:
            contents = await _dump_postgres(settings, database)
        if contents.corrupt:
            raise BackupError(
                "Sauvegarde interrompue : le contenu de ces fichiers stockés ne correspond plus "
                "à leur SHA-256 dans la base : " + ", ".join(contents.corrupt)
            )
        manifest = {
            "format": FORMAT_VERSION,
            "engine": engine,
            "created_at": utcnow().isoformat(timespec="seconds"),
            "database_file": database.name,
            "migrations": contents.migrations,
            "tables": contents.tables,
            "stored_files": dict(sorted(contents.files.items())),
        }
        (Path(tmp) / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        # Written under another name first, readable by its owner only (personal data inside).
        partial = output.with_name(output.name + ".partial")
        try:
            with (
                os.fdopen(
                    os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb"
                ) as fh,
                tarfile.open(fileobj=fh, mode="w") as tar,
            ):
                tar.add(database, arcname=database.name)
                tar.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return output, manifest


# --- restore ------------------------------------------------------------------------------


def _differences(manifest: dict, found: Contents) -> list[str]:
    lines = []
    expected: dict[str, int] = manifest["tables"]
    for name in sorted(set(expected) | set(found.tables)):
        want, got = expected.get(name), found.tables.get(name)
        if want is None:
            lines.append(f"table {name} : absente de la sauvegarde ({got} ligne(s) dans la base)")
        elif got is None:
            lines.append(f"table {name} : absente de la base ({want} ligne(s) attendue(s))")
        elif want != got:
            lines.append(f"table {name} : {want} ligne(s) attendue(s), {got} trouvée(s)")
    files: dict[str, int] = manifest["stored_files"]
    for sha256 in sorted(set(files) - set(found.files)):
        lines.append(f"fichier {sha256} : manquant")
    for sha256 in sorted(set(found.files) - set(files)):
        lines.append(f"fichier {sha256} : absent de la sauvegarde")
    for sha256 in sorted(set(files) & set(found.files)):
        if files[sha256] != found.files[sha256]:
            lines.append(
                f"fichier {sha256} : {files[sha256]} octets attendus, {found.files[sha256]} trouvés"
            )
    lines += [
        f"fichier {sha256} : contenu altéré (son SHA-256 ne correspond plus)"
        for sha256 in sorted(found.corrupt)
    ]
    return lines


def _check(manifest: dict, found: Contents, heading: str) -> None:
    lines = _differences(manifest, found)
    if lines:
        raise BackupError(heading + "\n" + "\n".join(f"  - {line}" for line in lines))


async def verify_database(settings: Settings, manifest: dict) -> None:
    """Row counts per table and every stored file's bytes, against the manifest."""
    found = await database_contents(settings)
    _check(manifest, found, "La base restaurée ne correspond pas à la sauvegarde :")


def read_archive(archive: Path, into: Path) -> dict:
    """Extract the manifest and the database file into ``into`` (nothing else, no path outside
    it); returns the manifest."""
    try:
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
            if MANIFEST not in names:
                raise BackupError(f"{archive} n'est pas une sauvegarde Cordée (pas de {MANIFEST}).")
            tar.extract(MANIFEST, into, filter="data")
            manifest = json.loads((into / MANIFEST).read_text())
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
                raise BackupError(f"{archive} : format de sauvegarde inconnu.")
            database = DATABASE_FILES.get(manifest.get("engine", ""))
            if database is None or database not in names:
                raise BackupError(f"{archive} : fichier de base absent ou moteur inconnu.")
            if not isinstance(manifest.get("tables"), dict) or not isinstance(
                manifest.get("stored_files"), dict
            ):
                raise BackupError(f"{archive} : manifeste incomplet (tables, stored_files).")
            tar.extract(database, into, filter="data")
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"Sauvegarde illisible : {archive} ({exc}).") from exc
    return manifest


async def restore_backup(settings: Settings, archive: Path, *, replace: bool = False) -> dict:
    """Replace the configured database with the backup, then verify it; returns the manifest."""
    engine = engine_name(settings)
    with tempfile.TemporaryDirectory(prefix="cordee-restore-") as tmp:
        manifest = read_archive(archive, Path(tmp))
        if manifest["engine"] != engine:
            raise BackupError(
                f"Cette sauvegarde vient d'une base {ENGINE_LABELS[manifest['engine']]} ; "
                f"la base configurée (TENDERS_DATABASE_URL) est {ENGINE_LABELS[engine]}. "
                "Une sauvegarde se restaure sur le même moteur."
            )
        if not replace:
            current = await database_contents(settings, with_files=False)
            filled = [t for t, n in current.tables.items() if n and t != MIGRATIONS_TABLE]
            if filled:
                raise BackupError(
                    "La base configurée contient déjà des données (tables "
                    f"{', '.join(filled[:5])}{'…' if len(filled) > 5 else ''}) : "
                    "relancez avec --yes pour la remplacer par la sauvegarde."
                )
        database = Path(tmp) / DATABASE_FILES[engine]
        if settings.is_sqlite:
            # Check the copy before it replaces anything, then copy it in page by page.
            _check(
                manifest,
                _sqlite_contents(database),
                "Sauvegarde altérée, rien n'a été restauré : sa base ne correspond pas "
                "à son manifeste :",
            )
            settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            with (
                closing(sqlite3.connect(database)) as src,
                closing(
                    sqlite3.connect(settings.sqlite_path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
                ) as dst,
            ):
                src.backup(dst)
            prepare_sqlite_file(settings)
        else:
            await _pg_run(
                "pg_restore",
                settings,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(database),
            )
    await verify_database(settings, manifest)
    return manifest


def summary(manifest: dict) -> str:
    """The counts, for the operator: non-empty tables and stored files."""
    tables = manifest["tables"]
    files = manifest["stored_files"]
    lines = [
        f"{len(tables)} tables, {sum(tables.values())} lignes ; {len(files)} fichier(s) "
        f"stocké(s) ({sum(files.values())} octets), SHA-256 vérifiés."
    ]
    lines += [f"  {name:<32} {count:>8}" for name, count in tables.items() if count]
    return "\n".join(lines)
