"""Settings read once from the environment (every variable is prefixed ``TENDERS_``)."""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SECRET = "dev-secret-not-for-production"  # noqa: S105 - refused in production
# Secrets written in this repository (development, docker-compose): public, so refused too.
PUBLISHED_SECRETS = frozenset({DEFAULT_SECRET, "change-me-compose-local-only-0123456789abcdef"})
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 80
"""Least estimated entropy of a production secret (length × Shannon entropy of its characters):
a random hex string of 32 characters has about 110, one character repeated has 0."""
NEW_SECRET_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105

BOAMP_URL = "https://boamp-datadila.opendatasoft.com"
TED_URL = "https://api.ted.europa.eu"
"""The public services the watch reads unless told otherwise."""


class SettingsError(RuntimeError):
    """The environment describes a configuration the service must not start with."""


def estimated_bits(secret: str) -> float:
    counts = Counter(secret)
    size = len(secret)
    return -sum(n * math.log2(n / size) for n in counts.values())


def secret_is_guessable(secret: str) -> bool:
    """Published, short, a pattern repeated, or too few different characters."""
    repeated = secret in (secret + secret)[1:-1]  # "abab…", "0123456789" × 4
    return (
        secret in PUBLISHED_SECRETS
        or len(secret) < MIN_SECRET_LENGTH
        or repeated
        or estimated_bits(secret) < MIN_SECRET_BITS
    )


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"TENDERS_{name}", default).strip()


def _env_bool(name: str, default: bool = False) -> bool:
    raw = _env(name)
    if not raw:
        return default
    return raw.lower() in {"1", "true", "yes", "on", "oui"}


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in _env(name).split(",") if item.strip()]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    """Folder for the SQLite file, stored files, the local job queue and the mail folder."""

    database_url: str
    """``sqlite:///path/to/file.sqlite3`` (default, under the data folder) or ``postgresql://…``."""

    redis_url: str
    """Celery broker. Empty: jobs go through a local worker using a folder under the data dir."""

    secret_key: str
    """Signs CSRF tokens. Must be long and secret in production."""

    base_url: str
    """Public address of the service, used in the links of mails and calendar feeds. Unset,
    ``tenders serve`` makes it the address it serves (``http://127.0.0.1:<port>``); production
    requires it."""

    production: bool
    """Production mode: secure cookies, a real secret and explicit allowed hosts required."""

    allowed_hosts: list[str]
    """Host names the service answers to; any other Host header gets a 400."""

    smtp_host: str
    """SMTP server. Empty: mails are written to ``<data_dir>/mails`` as .eml files."""

    smtp_port: int
    smtp_user: str
    smtp_password: str = field(repr=False)
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    smtp_timeout: float = 10.0

    mail_from: str = "Cordée <ne-pas-repondre@cordee.invalid>"
    """Sender of every mail."""

    session_max_age: int = 14 * 24 * 3600
    """Lifetime of a login session, in seconds."""

    invitation_ttl_hours: int = 7 * 24
    """How long an invitation link stays valid."""

    reset_ttl_minutes: int = 60
    """How long a password-reset link stays valid."""

    login_max_failures_account: int = 5
    """Failed logins allowed for one account in the window before it is paused."""

    login_max_failures_address: int = 20
    """Failed logins allowed from one IP address in the window."""

    login_window_minutes: int = 15

    db_pool_size: int = 10
    """PostgreSQL connections kept open per web process (0: a connection per query)."""

    max_body_size: int = 1024 * 1024
    """Largest request body accepted by default (bytes); larger bodies get a 413."""

    log_format: str = "text"
    """Log lines: "text", or "json" (one JSON object per line, for a log collector)."""

    metrics_token: str = field(default="", repr=False)
    """Bearer token for /metrics. Empty: /metrics answers 404 (closed), in every mode."""

    templates_dir: str = ""
    """Folder of DOCX templates to use instead of the shipped ones. Empty: those the package
    carries (``templates_docx/`` of the source tree in an editable install)."""

    compile_pdf: str = "auto"
    """PDF copies of the compiled documents: "auto" (when LibreOffice is installed), "yes", "no"."""

    compile_lease_seconds: int = 600
    """How long a worker owns a running compile job before another delivery may take it over."""

    compile_step_delay_ms: int = 0
    """Pause after each compiled document (fault drills only; 0 in normal use)."""

    template_timeout_seconds: int = 20
    """Longest the check of an uploaded template, or a preview, may take (wall clock and CPU
    time of the process that renders it); past it the template is refused."""

    compile_timeout_seconds: int = 180
    """Longest the documents of one package may take to render (wall clock and CPU time);
    past it the compile fails. Keep it under the worker's task time limit (240 s)."""

    render_memory_mb: int = 1024
    """Memory (address space, in MB) of the process that renders templates; past it the
    template is refused, or the compile fails, as producing too big a document."""

    celery_queue: str = "cordee"
    """Celery queue the web process sends to and the workers read. Instances (or test runs)
    sharing one Redis database keep apart by naming their own."""

    boamp_url: str = BOAMP_URL
    """Base address of BOAMP's open data (DILA's Opendatasoft portal), read by the watch."""

    ted_url: str = TED_URL
    """Base address of TED's Search API, read by the watch."""

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def cookie_secure(self) -> bool:
        return self.production or self.base_url.startswith("https://")

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mails"

    @property
    def queue_dir(self) -> Path:
        return self.data_dir / "queue"

    def check(self) -> None:
        """Refuse a production start with unsafe values."""
        if not self.production:
            return
        if secret_is_guessable(self.secret_key):
            raise SettingsError(
                "TENDERS_SECRET_KEY est absent ou trop prévisible pour la production "
                f"(valeur d'exemple, moins de {MIN_SECRET_LENGTH} caractères, motif répété ou "
                "trop peu de caractères différents). Tirez-en un au hasard avec "
                f"{NEW_SECRET_COMMAND} et donnez la même valeur à tous les processus web."
            )
        if not _env_list("ALLOWED_HOSTS"):
            raise SettingsError(
                "TENDERS_ALLOWED_HOSTS doit lister les noms d'hôte servis en production "
                "(par exemple TENDERS_ALLOWED_HOSTS=cordee.example.org)."
            )
        if "*" in self.allowed_hosts:
            raise SettingsError(
                "TENDERS_ALLOWED_HOSTS ne peut pas contenir « * » en production : le service "
                "répondrait à n'importe quel nom d'hôte. Listez les noms servis, séparés par des "
                "virgules (par exemple TENDERS_ALLOWED_HOSTS=cordee.example.org)."
            )
        if not _env("BASE_URL"):
            raise SettingsError(
                "TENDERS_BASE_URL doit donner l'adresse publique du service en production : "
                "c'est elle que portent les liens des courriels et du calendrier (par exemple "
                "TENDERS_BASE_URL=https://cordee.example.org)."
            )


def load_settings() -> Settings:
    """Build the settings from the environment, without caching."""
    data_dir = Path(_env("DATA_DIR", "var")).expanduser().resolve()
    database_url = _env("DATABASE_URL") or f"sqlite:///{data_dir / 'cordee.sqlite3'}"
    base_url = _env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    hosts = _env_list("ALLOWED_HOSTS")
    if not hosts:
        base_host = urlsplit(base_url).hostname or "127.0.0.1"
        hosts = sorted({base_host, "127.0.0.1", "localhost"})
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=_env("REDIS_URL"),
        celery_queue=_env("CELERY_QUEUE", "cordee"),
        secret_key=_env("SECRET_KEY", DEFAULT_SECRET),
        base_url=base_url,
        production=_env_bool("PRODUCTION"),
        allowed_hosts=hosts,
        smtp_host=_env("SMTP_HOST"),
        smtp_port=_env_int("SMTP_PORT", 25),
        smtp_user=_env("SMTP_USER"),
        smtp_password=_env("SMTP_PASSWORD"),
        smtp_starttls=_env_bool("SMTP_STARTTLS"),
        smtp_ssl=_env_bool("SMTP_SSL"),
        mail_from=_env("MAIL_FROM", "Cordée <ne-pas-repondre@cordee.invalid>"),
        session_max_age=_env_int("SESSION_MAX_AGE", 14 * 24 * 3600),
        login_max_failures_account=_env_int("LOGIN_MAX_FAILURES_ACCOUNT", 5),
        login_max_failures_address=_env_int("LOGIN_MAX_FAILURES_ADDRESS", 20),
        max_body_size=_env_int("MAX_BODY_SIZE", 1024 * 1024),
        db_pool_size=_env_int("DB_POOL_SIZE", 10),
        templates_dir=_env("TEMPLATES_DIR"),
        log_format=_env("LOG_FORMAT", "text").lower(),
        metrics_token=_env("METRICS_TOKEN"),
        compile_pdf=_env("COMPILE_PDF", "auto").lower(),
        compile_lease_seconds=_env_int("COMPILE_LEASE_SECONDS", 600),
        compile_step_delay_ms=_env_int("COMPILE_STEP_DELAY_MS", 0),
        template_timeout_seconds=_env_int("TEMPLATE_TIMEOUT_SECONDS", 20),
        compile_timeout_seconds=_env_int("COMPILE_TIMEOUT_SECONDS", 180),
        render_memory_mb=_env_int("RENDER_MEMORY_MB", 1024),
        boamp_url=_env("BOAMP_URL", BOAMP_URL).rstrip("/"),
        ted_url=_env("TED_URL", TED_URL).rstrip("/"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The one settings object of the process."""
    return load_settings()
