"""What a schema's field says besides its type: a text's limit, a form's wording.

The msgspec Structs of the API are the one list of an object's fields. What a field needs
beyond its type is declared on it once, in ``Annotated[…, Meta(extra=…)]``, and read from
there by the services (the limit a text is measured against), the pages' form layer
(``tenders.web.forms``: how a form sends the field, what to say when a number is no number)
and the API schema (``maxLength``).

The limit is kept in ``Meta.extra`` rather than ``Meta(max_length=…)``: msgspec would refuse a
long text while decoding, in English, before it is cleaned (runs of spaces count as one) and
at the first field only; the services measure the cleaned text and name every field to fix,
in French, with its length and the limit (``tenders.text``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec
from msgspec import UNSET, Meta
from msgspec import inspect as mi


def line(limit: int, label: str = "") -> Meta:
    """A one-line text (a name, a title) of at most ``limit`` characters once cleaned;
    ``label`` names it in what an import says it cut."""
    return Meta(extra={"limit": limit, "label": label}, extra_json_schema={"maxLength": limit})


def block(limit: int, label: str = "") -> Meta:
    """A text of several lines (a description) of at most ``limit`` characters."""
    return Meta(
        extra={"limit": limit, "label": label, "block": True},
        extra_json_schema={"maxLength": limit},
    )


def hint(message: str) -> Meta:
    """What a form says, before « Écrivez-le en chiffres », when a number field holds no
    number at all (« Indiquez un nombre entier de personnes. »)."""
    return Meta(extra={"hint": message})


# A list a form sends as several values of one name (check boxes), not as one text to split.
CHOICES = Meta(extra={"choices": True})


@dataclass(frozen=True)
class Limit:
    chars: int
    block: bool = False
    label: str = ""

    def __str__(self) -> str:
        """The limit as a message writes it: « 5 000 »."""
        return f"{self.chars:,}".replace(",", " ")


def _extra(node: Any) -> dict[str, Any]:
    if isinstance(node, mi.Metadata):
        return {**(node.extra or {}), **_extra(node.type)}
    if isinstance(node, mi.UnionType):
        merged: dict[str, Any] = {}
        for member in node.types:
            merged |= _extra(member)
        return merged
    return {}


@cache
def extras(schema: type[msgspec.Struct]) -> dict[str, dict[str, Any]]:
    """Each field's declarations (``line``, ``block``, ``hint``, ``CHOICES``), by name."""
    info = mi.type_info(schema)
    assert isinstance(info, mi.StructType)
    return {field.name: _extra(field.type) for field in info.fields}


@cache
def text_limits(schema: type[msgspec.Struct]) -> dict[str, Limit]:
    """The texts of ``schema`` that carry a limit, with it."""
    return {
        name: Limit(extra["limit"], bool(extra.get("block")), extra.get("label", ""))
        for name, extra in extras(schema).items()
        if "limit" in extra
    }


def given(data: msgspec.Struct) -> dict[str, Any]:
    """The fields of ``data`` that were sent (an update changes those only)."""
    return {
        name: getattr(data, name)
        for name in data.__struct_fields__
        if getattr(data, name) is not UNSET
    }
