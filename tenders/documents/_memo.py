"""A small bounded memo for the pure steps of rendering (a template's patched XML, its compiled
Jinja template, a section's paragraphs): the same bytes give the same result, and a package
renders the same template once per member."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """The last results, at most ``entries`` of them weighing at most ``weight`` in all (the
    caller says what one weighs: the characters it was made from); the least recently used go
    first. Whatever ``make`` raises is not kept."""

    def __init__(self, entries: int, weight: int) -> None:
        self._entries = entries
        self._weight = weight
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K, make: Callable[[], V], weight: int = 1) -> V:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]
        value = make()
        if weight > self._weight:
            return value  # too big to keep: made again next time
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, weight)
                self._total += weight
            while len(self._items) > self._entries or self._total > self._weight:
                _, (_, dropped) = self._items.popitem(last=False)
                self._total -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._total = 0

    def __len__(self) -> int:
        return len(self._items)
