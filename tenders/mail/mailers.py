"""Mailer backends: SMTP for real, a folder of .eml files for local development."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from tenders.settings import Settings


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SMTPMailer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self._settings
        smtp: smtplib.SMTP
        if s.smtp_ssl:
            smtp = smtplib.SMTP_SSL(
                s.smtp_host,
                s.smtp_port,
                timeout=s.smtp_timeout,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        with smtp:
            if s.smtp_starttls and not s.smtp_ssl:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
            smtp.send_message(message)


class FolderMailer:
    """Writes each message as ``<folder>/<Message-ID>.eml``; for development without SMTP."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def send(self, message: EmailMessage) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        name = str(message["Message-ID"]).strip("<>").replace("/", "_").replace("@", "_at_")
        (self._folder / f"{name}.eml").write_bytes(bytes(message))


def mailer_from_settings(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SMTPMailer(settings)
    return FolderMailer(settings.mail_dir)
