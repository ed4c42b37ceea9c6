"""Bounds on what one template tag may build, checked inside the sandbox before it is built.

Jinja's sandbox stops a template from reaching Python's internals, not from asking for a
billion characters: ``{{ 'a' * 10**9 }}`` is legal Jinja. Every operation that can multiply a
size (repetition with ``*``, ``**`` on numbers, ``~`` and ``+``, ``%`` and ``format`` widths,
the filters and string methods that pad, join, replace, wrap or fill) is checked here against
``MAX_TEXT`` before it runs; what one document part outputs in total is bounded by
``MAX_DOCUMENT``. A bid document is at most a few megabytes: these bounds are far above what an
honest template asks for, and far below what would hurt the process rendering it (which also
runs under operating-system limits, see ``isolation``).
"""

from __future__ import annotations

import re
import string
import textwrap
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from jinja2 import Environment, pass_environment
from jinja2.exceptions import TemplateRuntimeError

MAX_TEXT = 1_000_000
"""Characters (or items, for a list) one operation may produce."""
MAX_DOCUMENT = 50_000_000
"""Characters one document part (body, header, footer) may produce in all."""
MAX_RANGE = 10_000
"""Items ``range()`` may produce (Jinja's sandbox allows 100 000)."""
MAX_INT_BITS = 65_536
"""Size of an integer a template may compute (about 20 000 digits)."""
MAX_EXPONENT = 10_000


class SizeLimitExceeded(TemplateRuntimeError):
    """A template tag asked for more text, items or digits than any bid document needs."""


def too_big(what: str) -> SizeLimitExceeded:
    return SizeLimitExceeded(f"{what} would exceed the template size limits")


def weight(value: Any, budget: int = MAX_TEXT) -> int:
    """Characters and items in ``value`` (shared items counted each time they appear, as
    printing the value would), counting stops soon after ``budget`` is passed."""
    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, Mapping):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            stack.extend(item)
        else:
            total += 1
    return total


def check_weight(value: Any, what: str = "this value") -> Any:
    """``value``, unless it holds more than ``MAX_TEXT`` characters and items."""
    if isinstance(value, str | bytes | bytearray):
        if len(value) > MAX_TEXT:
            raise too_big(what)
    else:
        check_items(value, what)
    return value


def check_items(value: Any, what: str = "this value") -> None:
    """Refuse a container that would print as more than ``MAX_TEXT`` characters."""
    if isinstance(value, Mapping | list | tuple | set | frozenset) and weight(value) > MAX_TEXT:
        raise too_big(what)


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and value > MAX_TEXT:
        raise too_big(what)


# Operators


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left <operator> right`` when its result would be too big to build."""
    if operator == "*":
        _check_repeat(left, right)
    elif operator == "**":
        _check_power(left, right)
    elif operator == "+" and _both_sequences(left, right):
        if weight(left) + weight(right) > MAX_TEXT:
            raise too_big("this concatenation")
    elif operator == "%" and isinstance(left, str):
        check_percent_format(left, right)


def _both_sequences(left: Any, right: Any) -> bool:
    return isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)


def _check_repeat(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise too_big("this number")
        return
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | bytes | list | tuple) and isinstance(times, int):
            if times <= 0:
                return
            if times > MAX_TEXT or weight(sequence, MAX_TEXT // times + 1) * times > MAX_TEXT:
                raise too_big("this repetition")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(exponent, bool) or not isinstance(exponent, int | float):
        return
    if isinstance(base, int | float) and abs(base) <= 1:
        return
    if abs(exponent) > MAX_EXPONENT:
        raise too_big("this power")
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and base.bit_length() * exponent > MAX_INT_BITS
    ):
        raise too_big("this power")


# Formatting: ``%``, the ``format`` filter, ``str.format``

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_NUMBER = re.compile(r"\d+")


def _width(digits: str) -> int:
    # int() of thousands of digits is itself refused by Python: cut before converting.
    return MAX_TEXT + 1 if len(digits) > 7 else int(digits)


def _arguments(values: Any) -> list[Any]:
    if isinstance(values, Mapping):
        return list(values.values())
    if isinstance(values, tuple):
        return list(values)
    return [values]


def check_percent_format(template: str, values: Any) -> None:
    """Refuse ``template % values`` when its widths or repeated values make it too big."""
    arguments = _arguments(values)
    widest = max((weight(value) for value in arguments), default=0)
    numbers = [value for value in arguments if isinstance(value, int)]
    total = len(template)
    for match in _PERCENT_SPEC.finditer(template):
        total += widest
        for part in match.groups():
            if part == "*":
                total += max(numbers, default=0)
            elif part:
                total += _width(part)
        if total > MAX_TEXT:
            raise too_big("this formatting")


def check_str_format(template: str, arguments: list[Any]) -> None:
    """Refuse ``template.format(...)`` when its widths or repeated fields make it too big."""
    widest = max((weight(value) for value in arguments), default=0)
    numbers = [value for value in arguments if isinstance(value, int)]
    total = len(template)
    pending = [template]
    while pending:
        try:
            fields = list(string.Formatter().parse(pending.pop()))
        except ValueError:
            return  # malformed: str.format raises the same error
        for _, name, spec, _ in fields:
            if name is None:
                continue
            total += widest
            if spec and "{" in spec:
                total += max(numbers, default=0)
                pending.append(spec)
            elif spec:
                total += sum(_width(digits) for digits in _NUMBER.findall(spec))
            if total > MAX_TEXT:
                raise too_big("this formatting")


# Method calls on strings, numbers and dicts


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a method call whose result would be too big; returns ``args`` with an iterator
    argument read into a list (it had to be read to be measured)."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    if isinstance(owner, str | bytes | int) and not isinstance(owner, bool):
        for value in (*args, *kwargs.values()):
            _check_count(value, f"{name}()")
    if isinstance(owner, str | bytes):
        text = owner
        if name == "join" and args:
            items = read_bounded(args[0], "join()")
            args = (items, *args[1:])
            if weight(items) + len(text) * len(items) > MAX_TEXT:
                raise too_big("join()")
        elif name == "replace" and len(args) >= 2:
            _check_replace(text, args[0], args[1], args[2] if len(args) > 2 else -1)
        elif name == "expandtabs":
            size = args[0] if args else kwargs.get("tabsize", 8)
            tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
            if isinstance(size, int) and len(text) + tabs * size > MAX_TEXT:
                raise too_big("expandtabs()")
        elif name == "translate" and args and isinstance(args[0], Mapping):
            longest = max((weight(value) for value in args[0].values()), default=1)
            if len(text) * longest > MAX_TEXT:
                raise too_big("translate()")
    elif isinstance(owner, type) and issubclass(owner, dict) and name == "fromkeys" and args:
        keys = read_bounded(args[0], "fromkeys()")
        args = (keys, *args[1:])
        fill = args[1] if len(args) > 1 else kwargs.get("value")
        if len(keys) * (1 + weight(fill)) > MAX_TEXT:
            raise too_big("fromkeys()")
    return args


def _check_replace(source: Any, old: Any, new: Any, count: Any) -> None:
    same_kind = all(isinstance(x, str) for x in (source, old, new)) or all(
        isinstance(x, bytes) for x in (source, old, new)
    )
    if not same_kind:
        return  # str.replace refuses it
    found = source.count(old) if old else len(source) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(source) + found * max(0, len(new) - len(old)) > MAX_TEXT:
        raise too_big("replace()")


# Globals and filters


def bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise too_big("range()")
    return numbers


def _center(value: Any, width: int = 80) -> None:
    _check_count(width, "center")


def _join(value: Any, d: Any = "", attribute: Any = None) -> None:
    if isinstance(value, list) and weight(value) + len(str(d)) * len(value) > MAX_TEXT:
        raise too_big("join")


def _indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> None:
    _check_count(width, "indent")
    indentation = len(width) if isinstance(width, str) else width
    text = str(s)
    if isinstance(indentation, int) and len(text) + (text.count("\n") + 1) * indentation > MAX_TEXT:
        raise too_big("indent")


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    check_percent_format(str(value), kwargs or args)


def _replace(s: Any, old: Any, new: Any, count: Any = None) -> None:
    _check_replace(str(s), str(old), str(new), -1 if count is None else count)


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    _check_count(linecount, "batch")
    if isinstance(linecount, int) and linecount * weight(fill_with) > MAX_TEXT:
        raise too_big("batch")


def _slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    if isinstance(slices, int) and slices > MAX_RANGE:
        raise too_big("slice")
    if isinstance(slices, int) and slices * weight(fill_with) > MAX_TEXT:
        raise too_big("slice")


# Checks run on a filter's arguments (without the environment or context Jinja passes first).
_FILTER_CHECKS: dict[str, Callable[..., Any]] = {
    "center": _center,
    "join": _join,
    "indent": _indent,
    "format": _format,
    "replace": _replace,
    "batch": _batch,
    "slice": _slice,
}
# Filters that read a whole iterable: it is read first, measured, then handed on as a list.
_READ_FIRST = frozenset({"join", "sum", "list", "unique", "sort", "reverse"})
# Filters of no use in a Word document whose arguments multiply the size of their result.
DROPPED_FILTERS = ("urlize",)


@pass_environment
def _wordwrap(
    environment: Environment,
    s: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Jinja's ``wordwrap``, measured between cutting the lines and joining them."""
    if wrapstring is None:
        wrapstring = environment.newline_sequence
    paragraphs = [
        textwrap.wrap(
            line,
            width=width,
            expand_tabs=False,
            replace_whitespace=False,
            break_long_words=break_long_words,
            break_on_hyphens=break_on_hyphens,
        )
        for line in str(s).splitlines()
    ]
    pieces = sum(len(lines) for lines in paragraphs) + len(paragraphs)
    if weight(paragraphs) + pieces * len(wrapstring) > MAX_TEXT:
        raise too_big("wordwrap")
    return wrapstring.join([wrapstring.join(lines) for lines in paragraphs])


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """``filters`` each measured before (arguments) and after (result) it runs."""
    bounded = {name: _bounded_filter(name, f) for name, f in filters.items()}
    bounded["wordwrap"] = _bounded_filter("wordwrap", _wordwrap)
    for name in DROPPED_FILTERS:
        bounded.pop(name, None)
    return bounded


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    # Jinja passes the environment, eval context or context first to the filters marked so.
    skip = 1 if hasattr(function, "jinja_pass_arg") else 0
    check = _FILTER_CHECKS.get(name)
    read_first = name in _READ_FIRST

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if read_first and _is_iterator(value):
                value = read_bounded(value, name)
                args = (*args[:skip], value, *args[skip + 1 :])
            check_items(value, name)
            if check is not None:
                check(*args[skip:], **kwargs)
        return check_weight(function(*args, **kwargs), name)

    return bounded


def read_bounded(items: Iterable[Any], what: str) -> list[Any]:
    """``list(items)``, stopped as soon as the items pass ``MAX_TEXT`` characters and items."""
    kept = []
    total = 0
    for item in items:
        total += 1 + weight(item)
        if total > MAX_TEXT:
            raise too_big(what)
        kept.append(item)
    return kept


def _is_iterator(value: Any) -> bool:
    return isinstance(value, Iterable) and not isinstance(
        value, str | bytes | Mapping | list | tuple | set | frozenset | range
    )
