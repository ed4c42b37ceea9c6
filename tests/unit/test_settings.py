from __future__ import annotations

from pathlib import Path

import pytest

from tenders.settings import DEFAULT_SECRET, SettingsError, load_settings

GOOD_SECRET = "Zq3-vN8_rT1xLw5bKp0yHc7mJd2sFg9aUe4oVi6"
HOST = "cordee.example.org"


def production(
    monkeypatch: pytest.MonkeyPatch,
    secret: str | None = GOOD_SECRET,
    hosts: str | None = HOST,
    flag: str = "true",
) -> None:
    """The environment of a start in production mode (``None``: the variable is not set)."""
    for name, value in (("PRODUCTION", flag), ("SECRET_KEY", secret), ("ALLOWED_HOSTS", hosts)):
        if value is None:
            monkeypatch.delenv(f"TENDERS_{name}", raising=False)
        else:
            monkeypatch.setenv(f"TENDERS_{name}", value)


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    production(monkeypatch, secret=DEFAULT_SECRET)
    with pytest.raises(SettingsError, match="TENDERS_SECRET_KEY"):
        load_settings().check()


def test_production_refuses_to_start_without_allowed_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch, hosts=None, flag="1")
    with pytest.raises(SettingsError, match="TENDERS_ALLOWED_HOSTS"):
        load_settings().check()


def test_production_with_real_values_starts_with_secure_cookies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production(monkeypatch)
    settings = load_settings()
    settings.check()
    assert settings.cookie_secure
    assert settings.allowed_hosts == [HOST]


def test_embedded_default_is_an_sqlite_file_under_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.delenv("TENDERS_DATABASE_URL", raising=False)
    monkeypatch.delenv("TENDERS_REDIS_URL", raising=False)
    monkeypatch.setenv("TENDERS_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.is_sqlite
    assert str(settings.sqlite_path).startswith(str(tmp_path))
    assert settings.redis_url == ""
    assert not settings.cookie_secure


NEW_SECRET_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


@pytest.mark.parametrize(
    "secret",
    [
        "x" * 32,  # long enough, but one character repeated
        "ab" * 24,
        "0123456789" * 4,
        "a" * 50 + "bcdefghijk",
        "change-me-compose-local-only-0123456789abcdef",  # the docker-compose default
    ],
)
def test_production_refuses_a_guessable_secret_and_says_how_to_make_one(
    monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    production(monkeypatch, secret=secret)
    with pytest.raises(SettingsError) as refused:
        load_settings().check()
    message = str(refused.value)
    assert "TENDERS_SECRET_KEY" in message and "trop prévisible" in message
    assert NEW_SECRET_COMMAND in message


def test_production_accepts_generated_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    production(monkeypatch, secret=None)
    for _ in range(50):
        for secret in (secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_urlsafe(32)):
            monkeypatch.setenv("TENDERS_SECRET_KEY", secret)
            load_settings().check()


@pytest.mark.parametrize("hosts", ["*", "cordee.example.org,*"])
def test_production_refuses_to_answer_any_host(monkeypatch: pytest.MonkeyPatch, hosts: str) -> None:
    production(monkeypatch, hosts=hosts)
    with pytest.raises(SettingsError) as refused:
        load_settings().check()
    message = str(refused.value)
    assert "TENDERS_ALLOWED_HOSTS" in message and "« * »" in message
    assert "cordee.example.org" in message  # an example of what to write instead


def test_outside_production_any_host_and_the_development_secret_still_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TENDERS_PRODUCTION", raising=False)
    monkeypatch.setenv("TENDERS_SECRET_KEY", DEFAULT_SECRET)
    monkeypatch.setenv("TENDERS_ALLOWED_HOSTS", "*")
    load_settings().check()


def test_senders_and_workers_use_the_queue_the_settings_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tenders import cli
    from tenders.jobs import celery_config

    monkeypatch.setenv("TENDERS_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("TENDERS_CELERY_QUEUE", raising=False)
    assert load_settings().celery_queue == "cordee"
    monkeypatch.setenv("TENDERS_CELERY_QUEUE", "cordee-recette")
    settings = load_settings()
    monkeypatch.setattr(cli, "_settings", lambda: settings)
    assert celery_config(settings)["task_default_queue"] == "cordee-recette"
    worker = cli._worker_args(beat=False, concurrency=2)
    assert worker[worker.index("-Q") + 1] == "cordee-recette"


def test_the_folder_queue_keeps_every_file_under_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Kombu would otherwise write its exchange table to ./control, wherever the process runs."""
    from tenders.jobs import celery_config

    monkeypatch.delenv("TENDERS_REDIS_URL", raising=False)
    monkeypatch.setenv("TENDERS_DATA_DIR", str(tmp_path))
    options = celery_config(load_settings())["broker_transport_options"]
    folders = ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")
    for key in folders:
        assert Path(options[key]).is_relative_to(tmp_path) and Path(options[key]).is_dir(), key


def test_production_requires_the_public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside production ``tenders serve`` makes it the served address; production has none
    to guess: the links of mails would point nowhere."""
    production(monkeypatch)
    monkeypatch.delenv("TENDERS_BASE_URL", raising=False)
    with pytest.raises(SettingsError) as refused:
        load_settings().check()
    assert "TENDERS_BASE_URL" in str(refused.value)
    monkeypatch.setenv("TENDERS_BASE_URL", "https://cordee.example.org")
    load_settings().check()
