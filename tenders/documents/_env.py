"""The Jinja environments templates run in: sandboxed, autoescaping, with French filters.

Two environments, one per moment:

- ``CHECK_ENV`` parses a template at upload. Its undefined is ``StrictUndefined`` because a
  check must never paper over a name; the variables themselves are found statically.
- ``RENDER_ENV`` fills an accepted template. A variable the template was checked against can
  still be empty for one bid (an optional field, a member without a SIRET yet): its undefined
  renders as nothing, so a draft can be produced before every field is filled, and records the
  name so the caller can say what is missing.

Neither keeps docxtpl's default environment, which is neither sandboxed nor autoescaping.
Both bound what a tag may build (``_limits``): repetition, powers, concatenation, formatting
widths, the filters and string methods that multiply a size, ``range`` and a part's output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextvars import ContextVar
from typing import Any, NoReturn

from jinja2 import ChainableUndefined, StrictUndefined, Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from tenders.documents import _limits
from tenders.documents._memo import Memo
from tenders.documents._text import clean_text
from tenders.formatting import FILTERS

MISSING: ContextVar[set[str] | None] = ContextVar("cordee_documents_missing", default=None)

# Helpers that serve no bid document and have served template injections elsewhere.
_DROPPED_GLOBALS = ("cycler", "joiner", "lipsum", "namespace")
# ``safe`` would let user text through unescaped, straight into the document XML.
_DROPPED_FILTERS = ("safe", "xmlattr")
# Compiled templates kept per environment: a package's DC2 is compiled once, not per member.
# A template's body is rarely above a few hundred thousand characters.
_COMPILED_ENTRIES = 64
_COMPILED_CHARACTERS = 16 * 1024 * 1024


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


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the result of ``~`` measured (it is not an operator the
    sandbox can intercept)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_text(")
        super().visit_Concat(node, frame)
        self.write(")")


def _bounded_join(pieces: Iterable[str]) -> str:
    """``"".join(pieces)``, stopped as soon as they pass ``MAX_DOCUMENT`` characters."""
    kept = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > _limits.MAX_DOCUMENT:
            raise _limits.too_big("this document")
        kept.append(piece)
    return "".join(kept)


class _SandboxedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator
    # The output of a part, of a block ``set`` and of a macro are all joined by this.
    concat = staticmethod(_bounded_join)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: Memo[str, Template] = Memo(_COMPILED_ENTRIES, _COMPILED_CHARACTERS)

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """Jinja's, compiled once per source text: a compiled template keeps no state between
        renders, and every check the sandbox makes happens as it renders."""
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        compile_ = super().from_string
        return self._compiled.get(source, lambda: compile_(source), len(source))

    def forget_compiled(self) -> None:
        self._compiled.clear()

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        # The stock sandbox returns an undefined that raises only when printed; a lenient
        # undefined would print it as "" and the attempt would go unnoticed.
        raise SecurityError(f"access to attribute {attribute!r} is unsafe")

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(
        __self,  # as Jinja's: a template may pass any keyword argument, even "self"
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        args = _limits.check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(__obj, Macro):
            return result  # a macro's output is joined by ``concat``, already bounded
        return _limits.check_weight(result, "this call")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        template: str = value.__self__
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map and args and isinstance(args[0], Mapping):
                arguments = list(args[0].values())
            else:
                arguments = [*args, *kwargs.values()]
            _limits.check_str_format(template, arguments)
            return str(_limits.check_weight(formatter(*args, **kwargs), "format()"))

        return bounded

    def bounded_text(self, value: Any) -> Any:
        return _limits.check_weight(value, "this concatenation")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        # Removing characters from escaped markup cannot unescape it.
        return Markup(clean_text(str(value)))  # noqa: S704
    if isinstance(value, str):
        return clean_text(value)
    # Printing a list prints every item as often as it appears in it.
    return _limits.check_weight(value, "this value")


def _environment(undefined: type[Undefined]) -> _SandboxedEnvironment:
    env = _SandboxedEnvironment(autoescape=True, undefined=undefined, finalize=_finalize)
    for name in _DROPPED_GLOBALS:
        env.globals.pop(name, None)
    for name in _DROPPED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(FILTERS)
    env.filters = _limits.bounded_filters(env.filters)
    env.globals["range"] = _limits.bounded_range
    return env


CHECK_ENV = _environment(StrictUndefined)
RENDER_ENV = _environment(_BlankUndefined)
