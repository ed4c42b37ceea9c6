from __future__ import annotations

import pytest

from tenders.settings import DEFAULT_SECRET, SettingsError, load_settings


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TENDERS_PRODUCTION", "true")
    monkeypatch.setenv("TENDERS_SECRET_KEY", DEFAULT_SECRET)
    monkeypatch.setenv("TENDERS_ALLOWED_HOSTS", "cordee.example.org")
    with pytest.raises(SettingsError, match="TENDERS_SECRET_KEY"):
        load_settings().check()


def test_production_refuses_to_start_without_allowed_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TENDERS_PRODUCTION", "1")
    monkeypatch.setenv("TENDERS_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("TENDERS_ALLOWED_HOSTS", raising=False)
    with pytest.raises(SettingsError, match="TENDERS_ALLOWED_HOSTS"):
        load_settings().check()


def test_production_with_real_values_starts_with_secure_cookies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TENDERS_PRODUCTION", "true")
    monkeypatch.setenv("TENDERS_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("TENDERS_ALLOWED_HOSTS", "cordee.example.org")
    settings = load_settings()
    settings.check()
    assert settings.cookie_secure
    assert settings.allowed_hosts == ["cordee.example.org"]


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
