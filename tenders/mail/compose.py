"""Turning a mail template and its context into subject, text and HTML (a pure function)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tenders.formatting import FILTERS

_env: Environment = ImmutableSandboxedEnvironment(
    loader=PackageLoader("tenders.mail", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(FILTERS)


@dataclass(frozen=True)
class ComposedMail:
    subject: str
    text: str
    html: str


def compose(template: str, context: dict[str, Any]) -> ComposedMail:
    """``template`` names ``<template>.subject.txt``, ``.txt`` and ``.html`` in templates/."""
    subject = _env.get_template(f"{template}.subject.txt").render(context).strip()
    text = _env.get_template(f"{template}.txt").render(context)
    html = _env.get_template(f"{template}.html").render(context)
    return ComposedMail(subject=" ".join(subject.split()), text=text, html=html)
