"""The pages' form layer: a posted form read into the API's msgspec schema, with French
errors next to each field, and the one cycle « read → service → the page again with the
errors, or on to the next page ».

A form's fields are the schema's: each posted text becomes the field's type (texts, whole
numbers, amounts, dates, check boxes, lists), read by the one strict parser of each
(``tenders.numbers``), and what cannot be read is an error on that field. What a field
declares besides its type (a limit, a hint, check boxes) is read from the schema
(``tenders.fields``). A field a form sends otherwise (a date and an hour in two inputs, rows
of a table) has a reader given by the page. The service checks the rest, as for the API.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

import msgspec
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from msgspec import UNSET
from msgspec import inspect as mi

from tenders.errors import DomainError, Invalid
from tenders.fields import extras
from tenders.numbers import NumberError, parse_amount, parse_count
from tenders.web.deps import Req
from tenders.web.rendering import page, redirect

Form = dict[str, list[Any]]
# Reads one field from the whole form; puts what cannot be read in the errors.
Reader = Callable[[Form, dict[str, str]], Any]
S = TypeVar("S", bound=msgspec.Struct)
T = TypeVar("T")


async def multi_form(request: Req) -> dict[str, list[Any]]:
    """Every posted value, files included, by field name."""
    form = await request.form()
    return {key: form.getall(key) for key in form}


def first(form: dict[str, list[Any]], name: str, default: str = "") -> str:
    values = form.get(name) or [default]
    value = values[0]
    return value if isinstance(value, str) else default


def strings(form: dict[str, list[Any]], name: str) -> list[str]:
    return [v for v in form.get(name, []) if isinstance(v, str)]


class PostedFile(NamedTuple):
    filename: str
    content: bytes


async def posted_file(form: Form, name: str = "file") -> PostedFile | None:
    """The file sent in the field ``name``, read; None when no file was chosen."""
    upload = next((v for v in form.get(name, []) if isinstance(v, UploadFile)), None)
    if upload is None or not upload.filename:
        return None
    return PostedFile(upload.filename, await upload.read())


def upload_limit(file_bytes: int) -> int:
    """The largest request body for a form carrying a file of ``file_bytes`` at most: the
    file and, around it, the other fields and the multipart framing (64 KiB)."""
    return file_bytes + 64 * 1024


def split_list(text: str) -> list[str]:
    """« 59, 62 ; 80 » → ['59', '62', '80']; one value per line works too."""
    for separator in (";", "\n"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def optional_int(text: str, field: str, errors: dict[str, str], message: str) -> int | None:
    """A whole number typed in a form (« 1 200 »), read by the one strict parser; ``message``
    says what the field expects when the text is no number at all."""
    try:
        return parse_count(text)
    except NumberError as exc:
        if exc.message.startswith("Indiquez"):
            errors[field] = exc.message
        else:
            errors[field] = f"{message} Écrivez-le en chiffres, par exemple 12."
        return None


def optional_amount(text: str, field: str, errors: dict[str, str]) -> Decimal | None:
    """An amount typed in a form (« 12 500,50 »), read by the one strict parser."""
    try:
        return parse_amount(text)
    except NumberError as exc:
        errors[field] = exc.message
        return None


def optional_date(text: str, field: str, errors: dict[str, str]) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = "Indiquez une date au format jj/mm/aaaa."
        return None


def paris_datetime(
    day: str, hour: str, field: str, errors: dict[str, str], require_time: bool = True
) -> datetime | None:
    """A date and a time typed in Paris time, as an aware datetime (summer/winter time right)."""
    from tenders.formatting import PARIS

    if not day.strip():
        return None
    try:
        parsed_day = date.fromisoformat(day.strip())
    except ValueError:
        errors[field] = "Indiquez une date au format jj/mm/aaaa."
        return None
    if not hour.strip():
        if require_time:
            errors[field] = "Indiquez aussi l'heure limite (par exemple 12:00)."
            return None
        hour = "12:00"
    try:
        parsed_time = time.fromisoformat(hour.strip())
    except ValueError:
        errors[field] = "Indiquez l'heure au format hh:mm, par exemple 12:00."
        return None
    return datetime.combine(parsed_day, parsed_time, tzinfo=PARIS)


# --- a form read into a schema -------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str  # text, number, amount, date, check, list, choices, other
    optional: bool  # None is a value
    default: Any  # the schema's default, msgspec.NODEFAULT when there is none
    hint: str


_KINDS: dict[type, str] = {
    mi.StrType: "text",
    mi.IntType: "number",
    mi.DecimalType: "amount",
    mi.DateType: "date",
    mi.BoolType: "check",
}


def _members(node: Any) -> list[Any]:
    """The types a field may hold, metadata and unions unwrapped."""
    if isinstance(node, mi.Metadata):
        return _members(node.type)
    if isinstance(node, mi.UnionType):
        return [member for item in node.types for member in _members(item)]
    return [node]


def _kind(node: Any, extra: dict[str, Any]) -> tuple[str, bool]:
    members = _members(node)
    optional = any(isinstance(m, mi.NoneType) for m in members)
    kinds = [m for m in members if not isinstance(m, mi.NoneType)]  # UNSET is not listed
    if len(kinds) != 1:
        return "other", optional
    only = kinds[0]
    if isinstance(only, mi.ListType) and isinstance(only.item_type, mi.StrType):
        return ("choices" if extra.get("choices") else "list"), optional
    return _KINDS.get(type(only), "other"), optional


@cache
def _fields(schema: type[msgspec.Struct]) -> tuple[_Field, ...]:
    info = mi.type_info(schema)
    assert isinstance(info, mi.StructType)
    declared = extras(schema)
    result = []
    for item in info.fields:
        extra = declared[item.name]
        kind, optional = _kind(item.type, extra)
        default = item.default
        if item.default_factory is not msgspec.NODEFAULT:
            default = item.default_factory()
        result.append(_Field(item.name, kind, optional, default, extra.get("hint", "")))
    return tuple(result)


def _read(form: Form, key: str, spec: _Field, errors: dict[str, str]) -> Any:
    """One field from the texts posted under ``key``; ``UNSET`` to keep the schema's
    default."""
    if spec.kind == "check":
        return bool(first(form, key))
    if spec.kind == "choices":
        return strings(form, key)
    if spec.kind == "list":
        return split_list(first(form, key))
    if key not in form:
        # Left out of the form: the schema's default text (« none », « EUR »), else empty.
        if spec.kind == "other" or (spec.kind == "text" and isinstance(spec.default, str)):
            return UNSET
        return _empty(spec)
    text = first(form, key)
    if spec.kind == "text":
        return text or (None if spec.optional else "")
    if spec.kind == "number":
        number = optional_int(text, key, errors, spec.hint or "Indiquez un nombre entier.")
        return number if number is not None or spec.optional else 0
    if spec.kind == "amount":
        return optional_amount(text, key, errors)
    if spec.kind == "date":
        return optional_date(text, key, errors)
    raise TypeError(f"{key}: a page reader is needed for this field")


def _empty(spec: _Field) -> Any:
    if spec.kind == "number" and not spec.optional:
        return 0
    return "" if spec.kind == "text" and not spec.optional else None


def shown_values(form: Form, schema: type[msgspec.Struct], prefix: str = "") -> dict[str, Any]:
    """What was typed, by field name, to fill the form again: texts as typed, the ticked
    boxes of a list of choices as a list."""
    values: dict[str, Any] = {key: first(form, key) for key in form}
    for spec in _fields(schema):
        if spec.kind == "choices":
            values[prefix + spec.name] = strings(form, prefix + spec.name)
    return values


def read_into(
    form: Form,
    schema: type[S],
    readers: Mapping[str, Reader] | None = None,
    prefix: str = "",
    errors: dict[str, str] | None = None,
) -> tuple[S, dict[str, str]]:
    """``form`` as ``schema``: form fields are named as the schema's (after ``prefix``);
    each text is read into its field's type, an error per field that cannot be."""
    errors = {} if errors is None else errors
    readers = readers or {}
    values: dict[str, Any] = {}
    for spec in _fields(schema):
        if spec.name in readers:
            value = readers[spec.name](form, errors)
        else:
            value = _read(form, prefix + spec.name, spec, errors)
        if value is not UNSET or spec.default is UNSET:
            values[spec.name] = value
    return schema(**values), errors


@dataclass
class Refused:
    """A form the page shows again: what was typed, an error next to each field, the status
    of the answer and the service's message."""

    values: dict[str, Any]
    errors: dict[str, str]
    status_code: int = 422
    message: str = ""
    error: DomainError | None = None  # the service's refusal, for a page that tells them apart


def fresh(values: dict[str, Any] | None = None) -> Refused:
    """A form shown for the first time, for a page that shows it again the same way:
    ``values`` (none by default), no error."""
    return Refused(values or {}, {}, 200)


def show_form(request: Req, template: str, form: Refused, **context: Any) -> Template:
    """A page with a form: what was typed (``values``), an error next to each field
    (``errors``) and the status of the answer (422 when the form is refused)."""
    return page(
        request,
        template,
        status_code=form.status_code,
        values=form.values,
        errors=form.errors,
        **context,
    )


Again = Callable[[Refused], Template | Redirect | Awaitable[Template | Redirect]]


async def submit(
    save: Callable[[], Awaitable[T]],
    done: Callable[[T], Any],
    again: Again,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    error_field: str = "",
    rename: Callable[[dict[str, str]], dict[str, str]] | None = None,
    catch: type[DomainError] = DomainError,
) -> Any:
    """« The service, then the next page; or this page again with the errors »: ``errors``
    found while reading the form stop before the service (422); a ``DomainError`` of the
    service shows its fields' messages (``rename`` maps them to the form's names), or its
    message next to ``error_field`` when it names no field."""
    try:
        if errors:
            raise Invalid(errors)
        result = await save()
    except catch as exc:
        fields = rename(exc.fields) if rename else exc.fields
        shown = fields or ({error_field: exc.message} if error_field else {})
        answer = again(Refused(values or {}, shown, exc.status_code, exc.message, exc))
        return await answer if inspect.isawaitable(answer) else answer
    answer = done(result)
    return await answer if inspect.isawaitable(answer) else answer


@dataclass
class Posted(Generic[S]):
    """A form read into its schema: the data, what was typed (to show it again), the errors
    of reading, and the form as posted."""

    data: S
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    form: Form = field(default_factory=dict)

    async def submit(
        self,
        save: Callable[[S], Awaitable[T]],
        done: Callable[[T], Any],
        again: Again,
        **options: Any,
    ) -> Any:
        return await submit(
            lambda: save(self.data),
            done,
            again,
            values=self.values,
            errors=self.errors,
            **options,
        )


def parse_form(
    form: Form,
    schema: type[S],
    readers: Mapping[str, Reader] | None = None,
    prefix: str = "",
) -> Posted[S]:
    data, errors = read_into(form, schema, readers, prefix)
    return Posted(data, shown_values(form, schema, prefix), errors, form)


async def read_form(
    request: Req,
    schema: type[S],
    readers: Mapping[str, Reader] | None = None,
    prefix: str = "",
) -> Posted[S]:
    """The posted form as ``schema`` (see ``read_into``)."""
    return parse_form(await multi_form(request), schema, readers, prefix)


def flash_back(path: str) -> Callable[[Refused], Redirect]:
    """For a form that is a button: back to ``path`` with the service's message."""
    return lambda refused: redirect(path, refused.message, "error")


def form_values(
    schema: type[msgspec.Struct], source: Any, prefix: str = "", **overrides: Any
) -> dict[str, Any]:
    """What a form shows first: each field of ``schema`` taken from ``source`` (what the
    service gives back), written as a person would type it, under ``prefix`` + its name."""
    values: dict[str, Any] = {}
    for spec in _fields(schema):
        value = getattr(source, spec.name, None)
        if value is None or value is UNSET:
            value = [] if spec.kind == "choices" else ""
        elif spec.kind == "list":
            value = ", ".join(value)
        elif isinstance(value, date):
            value = value.isoformat()
        values[prefix + spec.name] = value
    values.update(overrides)
    return values
