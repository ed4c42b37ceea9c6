"""The ``tenders`` command: serve, migrate, demo, worker, beat, create-user, backup, restore,
refresh-caches."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")


def _settings() -> Any:
    from tenders.settings import get_settings

    return get_settings()


async def _migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from tenders.db import prepare_sqlite_file

    settings = _settings()
    if settings.is_sqlite:
        prepare_sqlite_file(settings)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        response = await run_forwards(app_name="all", fake=False)
    if not response.success:
        click.echo(output.getvalue(), err=True)
        raise click.ClickException(f"Migration échouée : {response.message}")
    applied = output.getvalue().count("[forwards]")
    click.echo(
        f"{applied} migration(s) appliquée(s)." if applied else "Aucune migration à appliquer."
    )
    await _read_unread()


async def _read_unread() -> None:
    """Savoir-faire and references saved before matching read their words: read them now."""
    from tenders.db import pooled
    from tenders.library import service as library
    from tenders.members.capabilities import read_unread

    async with pooled():
        read = await read_unread() + await library.read_unread()
    if read:
        click.echo(
            f"{read} savoir-faire, référence(s) ou passage(s) lus "
            "pour le rapprochement par le sens."
        )


def _print_accounts(rows: list[tuple[str, str, str]]) -> None:
    labels = {"admin": "administration", "coordinator": "coordination", "member": "structure"}
    click.echo("\nComptes de démonstration (mot de passe identique pour tous) :")
    for role, email, password in rows:
        click.echo(f"  {labels.get(role, role):<15} {email:<32} {password}")
    click.echo()


@click.group()
def main() -> None:
    """Cordée : répondre ensemble aux marchés publics."""


@main.command()
def migrate() -> None:
    """Crée ou met à jour les tables de la base."""
    asyncio.run(_migrate())
    click.echo("Base à jour.")


@main.command()
@click.option(
    "--if-empty", is_flag=True, help="Ne charge rien si la base contient déjà des données."
)
def demo(if_empty: bool) -> None:
    """Charge le collectif de démonstration (les 17 structures de Phare)."""
    from tenders.demo.loader import database_is_empty, load_demo

    async def run() -> list[tuple[str, str, str]] | None:
        if if_empty and not await database_is_empty():
            return None
        return await load_demo()

    rows = asyncio.run(run())
    if rows is None:
        click.echo("La base contient déjà des données : démonstration non rechargée.")
        from tenders.demo.data import ACCOUNTS, DEMO_PASSWORD

        _print_accounts([(a.role, a.email, DEMO_PASSWORD) for a in ACCOUNTS])
        return
    click.echo("Collectif de démonstration chargé : 17 structures.")
    _print_accounts(rows)


@main.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice(["admin", "coordinator", "member"]), default="admin")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(email: str, full_name: str, role: str, password: str) -> None:
    """Crée un compte directement (par exemple le premier administrateur en production)."""
    from tenders.accounts.service import create_user as create
    from tenders.errors import DomainError

    try:
        user_id = asyncio.run(create(email, full_name, role, password))
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Compte n° {user_id} créé pour {email}.")


@main.command("import-cpv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_cpv(path: str) -> None:
    """Importe la liste officielle des codes CPV (XML, CSV ou ZIP publié par l'UE)."""
    from tenders.cpv.importer import CpvFileError, import_labels

    try:
        report = asyncio.run(import_labels(path))
    except CpvFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.summary())


@main.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier .tar à écrire (par défaut : <dossier de données>/backups/cordee-<date>.tar).",
)
def backup(output: Path | None) -> None:
    """Sauvegarde la base et les fichiers déposés dans une archive .tar vérifiable."""
    from tenders.backup import BackupError, create_backup, summary

    try:
        path, manifest = asyncio.run(create_backup(_settings(), output))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Sauvegarde écrite : {path}")
    click.echo(summary(manifest))


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Remplace une base qui contient déjà des données.")
def restore(path: Path, yes: bool) -> None:
    """Restaure une sauvegarde dans la base configurée, puis la vérifie (arrêtez l'application
    avant)."""
    from tenders.backup import BackupError, restore_backup, summary

    try:
        manifest = asyncio.run(restore_backup(_settings(), path, replace=yes))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Sauvegarde du {manifest['created_at']} restaurée et vérifiée :")
    click.echo(summary(manifest))
    click.echo("Si cette version de Cordée est plus récente que la sauvegarde : tenders migrate.")


@main.command("refresh-caches")
def refresh_caches() -> None:
    """Fait oublier à chaque processus ce qu'il garde en cache (après une modification de la
    base faite à la main)."""
    from tenders import cache

    if not _settings().redis_url:
        click.echo("Pas de Redis configuré : aucun processus ne garde rien en cache.")
        return
    if not asyncio.run(cache.bump_all()):
        raise click.ClickException("Redis ne répond pas : les caches expireront d'eux-mêmes.")
    click.echo("Caches oubliés : chaque processus relira la base à sa prochaine requête.")


def _celery_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "workers.celery_app", *args]


def _worker_args(beat: bool, concurrency: int) -> list[str]:
    settings = _settings()
    args = ["worker", "--loglevel", "INFO", "-Q", settings.celery_queue]
    args += ["--concurrency", str(concurrency)]
    if not settings.redis_url:
        # The folder queue has no broadcast channel: keep to what it supports.
        args += ["--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    if beat:
        args += ["--beat", "--schedule", str(settings.data_dir / "celerybeat-schedule")]
    return args


@main.command()
@click.option("--beat", is_flag=True, help="Lance aussi le planificateur dans ce processus.")
@click.option("--concurrency", default=2, show_default=True)
def worker(beat: bool, concurrency: int) -> None:
    """Lance un worker Celery (tâches de fond : envoi des e-mails, compilation…)."""
    os.execv(sys.executable, _celery_command(*_worker_args(beat, concurrency)))  # noqa: S606


@main.command()
def beat() -> None:
    """Lance le planificateur Celery (rappels et balayages périodiques)."""
    settings = _settings()
    os.execv(  # noqa: S606
        sys.executable,
        _celery_command(
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(settings.data_dir / "celerybeat-schedule"),
        ),
    )


def _default_base_url(host: str, port: int) -> None:
    """Without TENDERS_BASE_URL, the links of mails and calendar feeds point at the address
    served here (the local worker started below inherits it). Production requires it."""
    from tenders.settings import load_settings

    if os.environ.get("TENDERS_BASE_URL") or load_settings().production:
        return
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104 - a name
    if ":" in shown:
        shown = f"[{shown}]"
    os.environ["TENDERS_BASE_URL"] = f"http://{shown}:{port}"


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    "web_workers",
    default=1,
    show_default=True,
    type=int,
    help="Nombre de processus web.",
)
@click.option(
    "--local-worker/--no-local-worker",
    default=None,
    help="Lance un worker local (par défaut : oui quand TENDERS_REDIS_URL est vide).",
)
@click.option("--proxy-headers", is_flag=True, help="Derrière un proxy : lit X-Forwarded-For.")
def serve(
    host: str, port: int, web_workers: int, local_worker: bool | None, proxy_headers: bool
) -> None:
    """Sert l'application web."""
    import uvicorn

    _default_base_url(host, port)
    settings = _settings()
    settings.check()
    if local_worker is None:
        local_worker = not settings.redis_url
    child = None
    if local_worker:
        child = subprocess.Popen(_celery_command(*_worker_args(beat=True, concurrency=1)))  # noqa: S603
        click.echo("Worker local démarré (file de tâches dans le dossier de données).")
    click.echo(f"Cordée écoute sur http://{host}:{port}")
    try:
        uvicorn.run(
            "tenders.asgi:app",
            host=host,
            port=port,
            workers=web_workers,
            proxy_headers=proxy_headers,
            forwarded_allow_ips="*" if proxy_headers else None,
            log_level="info",
            access_log=True,
        )
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    main()
