"""Restore drill: ``tenders backup`` of a database holding accounts and uploaded files,
``tenders restore`` into a fresh database, then every table's row count and every stored file's
SHA-256 compared; a tampered backup or restored database fails the verification."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import sqlite3
import subprocess
import tarfile
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from tenders.storage import placeholder_pdf
from tests.builders import upload_paper
from tests.conftest import DATABASE_URL, ENGINE, POSTGRES_ADMIN_URL, TMP, service_missing
from tests.fixtures import run_python
from tests.support import as_actor

OTHER_ENGINE = {"sqlite": "postgresql", "postgres": "sqlite"}[ENGINE]
TARGET_DB = f"cordee_restore_{os.getpid()}"
_names = itertools.count(1)


def tenders(*args: str, database_url: str = DATABASE_URL) -> subprocess.CompletedProcess[str]:
    return run_python(
        "-m", "tenders", *args, env={**os.environ, "TENDERS_DATABASE_URL": database_url}
    )


async def _admin(sql: str) -> None:
    db = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await db.execute(sql)
    finally:
        await db.close()


@pytest.fixture
async def target_url() -> AsyncIterator[str]:
    """A fresh database to restore into, never the test database."""
    if ENGINE == "sqlite":
        yield f"sqlite:///{TMP / f'restore-{next(_names)}' / 'cordee.sqlite3'}"
        return
    from tenders.backup import BackupError, pg_tool

    try:
        pg_tool("pg_dump")
        pg_tool("pg_restore")
    except BackupError:
        service_missing("pg_dump / pg_restore")
    await _admin(f'DROP DATABASE IF EXISTS "{TARGET_DB}" WITH (FORCE)')
    await _admin(f'CREATE DATABASE "{TARGET_DB}"')
    yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{TARGET_DB}"
    await _admin(f'DROP DATABASE IF EXISTS "{TARGET_DB}" WITH (FORCE)')


async def snapshot(url: str) -> tuple[dict[str, int], dict[str, str]]:
    """Read independently of tenders.backup: every table's row count, and each stored file's
    ``sha256`` column → the SHA-256 of its bytes."""
    count = 'SELECT count(*) FROM "{}"'
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as lite:
            names = lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            counts = {n: lite.execute(count.format(n)).fetchone()[0] for (n,) in names.fetchall()}
            rows = lite.execute("SELECT sha256, data FROM stored_file").fetchall()
    else:
        db = await asyncpg.connect(url)
        try:
            names = await db.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            counts = {n: await db.fetchval(count.format(n)) for (n,) in names}
            rows = await db.fetch("SELECT sha256, data FROM stored_file")
        finally:
            await db.close()
    return counts, {sha: hashlib.sha256(data).hexdigest() for sha, data in rows}


async def fill(make_account: Any, make_organisation: Any) -> None:
    """Accounts, an organisation, and two uploaded certificates (two stored files)."""

    admin = await make_account("admin")
    alpha = await make_organisation("Alpha")
    await make_account("member", organisation_id=alpha)
    for kind in ("kbis", "urssaf"):
        pdf = placeholder_pdf(f"Attestation {kind}", ["Exercice de restauration"])
        in_a_year = date.today() + timedelta(days=365)
        await upload_paper(as_actor(admin), alpha, kind, pdf, valid_until=in_a_year)


def make_backup() -> Path:
    path = TMP / f"backup-{next(_names)}.tar"
    result = tenders("backup", "--output", str(path))
    assert result.returncode == 0, result.stderr
    return path


def manifest_of(archive: Path) -> dict[str, Any]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return dict(json.load(member))


def rewrite(archive: Path, edit: Callable[[dict[str, Any]], None], rename: bool = False) -> Path:
    """A copy of ``archive`` whose manifest went through ``edit`` (and whose database file
    carries the other engine's name if ``rename``)."""
    names = {"database.dump": "database.sqlite3", "database.sqlite3": "database.dump"}
    copy = TMP / f"edited-{next(_names)}.tar"
    with tarfile.open(archive) as old, tarfile.open(copy, "w") as new:
        for member in old.getmembers():
            source = old.extractfile(member)
            assert source is not None
            data = source.read()
            name = names[member.name] if rename and member.name in names else member.name
            if member.name == "manifest.json":
                manifest = json.loads(data)
                edit(manifest)
                data = json.dumps(manifest).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return copy


async def test_restore_drill_brings_back_every_row_and_every_file(
    make_account: Any, make_organisation: Any, target_url: str
) -> None:
    from tenders.backup import BackupError, verify_database
    from tenders.settings import get_settings

    await fill(make_account, make_organisation)
    counts, files = await snapshot(DATABASE_URL)
    assert counts["app_user"] == 2 and counts["certificate"] == 2 and len(files) == 2
    assert all(sha == digest for sha, digest in files.items())

    made = tenders("backup")
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.splitlines()[0].removeprefix("Sauvegarde écrite : "))
    assert archive.parent == TMP / "data" / "backups"
    assert re.fullmatch(r"cordee-\d{8}-\d{6}\.tar", archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert "stored_file" in made.stdout and "2 fichier(s) stocké(s)" in made.stdout
    manifest = manifest_of(archive)
    assert manifest["engine"] == {"sqlite": "sqlite", "postgres": "postgresql"}[ENGINE]
    assert manifest["tables"] == counts
    assert set(manifest["stored_files"]) == set(files)
    assert manifest["migrations"]

    restored = tenders("restore", str(archive), database_url=target_url)
    assert restored.returncode == 0, restored.stderr
    assert "restaurée et vérifiée" in restored.stdout
    assert await snapshot(target_url) == (counts, files)

    # A database holding data is only replaced on request.
    again = tenders("restore", str(archive), database_url=target_url)
    assert again.returncode != 0
    assert "contient déjà des données" in again.stderr and "--yes" in again.stderr
    again = tenders("restore", str(archive), "--yes", database_url=target_url)
    assert again.returncode == 0, again.stderr
    assert await snapshot(target_url) == (counts, files)

    # One byte of one stored file altered after the restore: the verification says which.
    altered = sorted(files)[0]
    if ENGINE == "sqlite":
        with closing(sqlite3.connect(target_url.removeprefix("sqlite:///"))) as lite:
            query = "SELECT data FROM stored_file WHERE sha256 = ?"
            data = bytearray(lite.execute(query, [altered]).fetchone()[0])
            data[-1] ^= 0xFF
            lite.execute("UPDATE stored_file SET data = ? WHERE sha256 = ?", [data, altered])
            lite.commit()
    else:
        db = await asyncpg.connect(target_url)
        try:
            query = "SELECT data FROM stored_file WHERE sha256 = $1"
            data = bytearray(await db.fetchval(query, altered))
            data[-1] ^= 0xFF
            await db.execute(
                "UPDATE stored_file SET data = $1 WHERE sha256 = $2", bytes(data), altered
            )
        finally:
            await db.close()
    target = replace(get_settings(), database_url=target_url)
    with pytest.raises(BackupError) as failure:
        await verify_database(target, manifest)
    message = str(failure.value)
    assert message.startswith("La base restaurée ne correspond pas à la sauvegarde")
    assert f"fichier {altered} : contenu altéré" in message
    assert message.count("fichier") == 1 and "table" not in message


async def test_restore_fails_loudly_when_the_manifest_was_edited(
    make_account: Any, make_organisation: Any, target_url: str
) -> None:
    await fill(make_account, make_organisation)
    archive = make_backup()
    fake = "0" * 64

    def edit(manifest: dict[str, Any]) -> None:
        manifest["tables"]["app_user"] += 1
        manifest["stored_files"][fake] = 10

    result = tenders("restore", str(rewrite(archive, edit)), database_url=target_url)
    assert result.returncode != 0
    assert "ne correspond pas" in result.stderr
    assert "table app_user : 3 ligne(s) attendue(s), 2 trouvée(s)" in result.stderr
    assert f"fichier {fake} : manquant" in result.stderr
    if ENGINE == "sqlite":  # the copy is checked before it replaces anything
        assert "rien n'a été restauré" in result.stderr
        assert not Path(target_url.removeprefix("sqlite:///")).exists()


async def test_restore_refuses_a_backup_of_the_other_engine(
    make_account: Any, target_url: str
) -> None:
    await make_account("admin")
    archive = make_backup()

    def edit(manifest: dict[str, Any]) -> None:
        manifest["engine"] = OTHER_ENGINE

    result = tenders("restore", str(rewrite(archive, edit, rename=True)), database_url=target_url)
    assert result.returncode != 0
    assert "Cette sauvegarde vient d'une base" in result.stderr
    assert "Une sauvegarde se restaure sur le même moteur." in result.stderr


def test_an_archive_cannot_reach_outside_its_temporary_folder(tmp_path: Path) -> None:
    from tenders.backup import BackupError, read_archive

    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        link = tarfile.TarInfo("manifest.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    into = tmp_path / "into"
    into.mkdir()
    with pytest.raises(BackupError, match="Sauvegarde illisible"):
        read_archive(archive, into)
    assert list(into.iterdir()) == []

    with tarfile.open(archive, "w") as tar:
        tar.addfile(tarfile.TarInfo("autre.txt"), io.BytesIO(b""))
    with pytest.raises(BackupError, match="n'est pas une sauvegarde Cordée"):
        read_archive(archive, into)
