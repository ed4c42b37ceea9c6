"""Searching JSON whose shape is not known in advance (BOAMP's ``donnees`` above all).

Keys are compared once normalised: namespace prefix dropped, lower case, letters and digits
only, so "cbc:ItemClassificationCode", "CPV_PRINCIPAL" and "cpvPrincipal" are met alike.
Every walk is breadth first (the shallowest match wins) and stops at ``MAX_DEPTH``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tenders.notices.values import clean_text, strip_markup

MAX_DEPTH = 64
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_TEXT_KEYS = ("#text", "$", "_", "text", "texte", "value", "valeur", "fra", "fr")
_LANGUAGE_KEYS = ("@languageid", "languageid", "@lang", "lang", "@langue", "langue")


class TooDeep(ValueError):
    """JSON nested deeper than ``MAX_DEPTH``."""


def key_of(key: object) -> str:
    """ "cbc:ItemClassificationCode" → "itemclassificationcode", "NUM_LOT" → "numlot"."""
    return _key_of(key) if isinstance(key, str) else _normalised(str(key))


@lru_cache(maxsize=4096)
def _key_of(key: str) -> str:
    """``key_of`` of a string key, remembered: a notice meets the same few keys again and
    again, and a walk normalises each key it passes."""
    return _normalised(key)


def _normalised(text: str) -> str:
    return _NOT_ALNUM.sub("", text.rpartition(":")[2].lower())


def loads(data: bytes | str) -> Any:
    """JSON with exact decimals; raises ValueError (json's errors) or TooDeep."""
    try:
        document = json.loads(data, parse_float=Decimal)
    except RecursionError as error:
        raise TooDeep from error
    check_depth(document)
    return document


def check_depth(document: Any) -> None:
    """Raises TooDeep when ``document`` nests more than ``MAX_DEPTH`` levels."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)


def entries(node: Any, skip: frozenset[int] = frozenset()) -> Iterator[tuple[str, Any]]:
    """Every (normalised key, value) under ``node``, shallowest first, not entering the
    objects whose ``id`` is in ``skip``."""
    queue: deque[tuple[Any, int]] = deque([(node, 0)])
    while queue:
        current, depth = queue.popleft()
        if id(current) in skip or depth > MAX_DEPTH:
            continue
        if isinstance(current, dict):
            for key, value in current.items():
                if id(value) in skip:
                    continue
                yield key_of(key), value
                queue.append((value, depth + 1))
        elif isinstance(current, list):
            queue.extend((item, depth + 1) for item in current)


def first(node: Any, keys: set[str], skip: frozenset[int] = frozenset()) -> Any:
    """The value of the shallowest key among ``keys`` that holds something, or None."""
    for key, value in entries(node, skip):
        if key in keys and value not in (None, "", [], {}):
            return value
    return None


def is_text(value: Any) -> bool:
    """True for what holds a text rather than a structure: a string, {"#text": …,
    "@languageID": …}, or a list of those."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value) and all(is_text(item) for item in value)
    if isinstance(value, dict):
        keys = {key_of(k) for k in value if not str(k).startswith("@")}
        return bool(keys) and keys <= {key_of(k) for k in _TEXT_KEYS} | {"p"}
    return False


def first_text(node: Any, keys: set[str], skip: frozenset[int] = frozenset()) -> str:
    """The text of the shallowest key among ``keys`` that holds a text (not a structure)."""
    for key, value in entries(node, skip):
        if key in keys and is_text(value):
            text = text_of(value)
            if text:
                return text
    return ""


def every(node: Any, keys: set[str], skip: frozenset[int] = frozenset()) -> list[Any]:
    """The values of all the keys among ``keys``, shallowest first."""
    return [value for key, value in entries(node, skip) if key in keys]


def leaves(node: Any, depth: int = 0) -> Iterator[str]:
    """Every string or number under ``node``, attributes ("@listName") left out."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, int | Decimal) and not isinstance(node, bool):
        yield str(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not str(key).startswith("@"):
                yield from leaves(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            yield from leaves(item, depth + 1)


def _language(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    for key, value in item.items():
        if key_of(key) in {key_of(k) for k in _LANGUAGE_KEYS} and isinstance(value, str):
            return value.strip().upper()
    return ""


def text_of(value: Any, depth: int = 0) -> str:
    """The text a value holds: a string, {"#text": …}, paragraphs, or versions in several
    languages (the French one then)."""
    if depth > MAX_DEPTH or value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return strip_markup(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, list):
        french = [item for item in value if _language(item) in {"FRA", "FR", "FRE"}]
        if french:
            return text_of(french[0], depth + 1)
        if any(_language(item) for item in value):
            return text_of(value[0], depth + 1)
        return clean_text(" ".join(text_of(item, depth + 1) for item in value))
    if isinstance(value, dict):
        by_key = {key_of(k): v for k, v in value.items()}
        for key in _TEXT_KEYS:
            if key_of(key) in by_key and not isinstance(by_key[key_of(key)], dict | list):
                return text_of(by_key[key_of(key)], depth + 1)
        return clean_text(
            " ".join(text_of(v, depth + 1) for k, v in value.items() if not str(k).startswith("@"))
        )
    return ""


def attribute(value: Any, names: set[str]) -> str:
    """An attribute or side key of an object ({"#text": "150000", "@currencyID": "EUR"})."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key_of(key) in names and isinstance(item, str):
                return item
    return ""
