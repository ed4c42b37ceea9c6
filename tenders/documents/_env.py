"""The Jinja environments templates run in: sandboxed, autoescaping, with French filters.

Two environments, one per moment:

- ``CHECK_ENV`` parses a template at upload. Its undefined is ``StrictUndefined`` because a
  check must never paper over a name; the variables themselves are found statically.
- ``RENDER_ENV`` fills an accepted template. A variable the template was checked against can
  still be empty for one bid (an optional field, a member without a SIRET yet): its undefined
  renders as nothing, so a draft can be produced before every field is filled, and records the
  name so the caller can say what is missing.

Neither keeps docxtpl's default environment, which is neither sandboxed nor autoescaping.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, NoReturn

from jinja2 import ChainableUndefined, StrictUndefined, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from tenders.documents._text import clean_text
from tenders.formatting import FILTERS

MISSING: ContextVar[set[str] | None] = ContextVar("cordee_documents_missing", default=None)

# Helpers that serve no bid document and have served template injections elsewhere.
_DROPPED_GLOBALS = ("cycler", "joiner", "lipsum", "namespace")
# ``safe`` would let user text through unescaped, straight into the document XML.
_DROPPED_FILTERS = ("safe", "xmlattr")


class _BlankUndefined(ChainableUndefined):
    """Renders as nothing, iterates as empty, and remembers what was missing."""

    __slots__ = ()

    def _record(self) -> None:
        missing = MISSING.get()
        if missing is not None and self._undefined_name:
            missing.add(self._undefined_name)

    def __str__(self) -> str:
        self._record()
        return ""

    def __html__(self) -> str:
        return self.__str__()

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False


class _SandboxedEnvironment(ImmutableSandboxedEnvironment):
    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        # The stock sandbox returns an undefined that raises only when printed; a lenient
        # undefined would print it as "" and the attempt would go unnoticed.
        raise SecurityError(f"access to attribute {attribute!r} is unsafe")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        # Removing characters from escaped markup cannot unescape it.
        return Markup(clean_text(str(value)))  # noqa: S704
    if isinstance(value, str):
        return clean_text(value)
    return value


def _environment(undefined: type[Undefined]) -> _SandboxedEnvironment:
    env = _SandboxedEnvironment(autoescape=True, undefined=undefined, finalize=_finalize)
    for name in _DROPPED_GLOBALS:
        env.globals.pop(name, None)
    for name in _DROPPED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(FILTERS)
    return env


CHECK_ENV = _environment(StrictUndefined)
RENDER_ENV = _environment(_BlankUndefined)
