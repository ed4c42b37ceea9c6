"""Which structures' words are closest to a lot's, across a collective too large to be judged
whole (``tenders.matching.meaning.WHOLE_COLLECTIVE``).

Matching a lot in a large collective scores a shortlist read by CPV code; a lot whose codes
are broad or missing (BOAMP records often have none) would find there no one its words fit.
This module keeps every stored text vector of the collective (savoir-faire, references,
passages still « à jour ») as one matrix per process, and answers with one product: the
structures whose closest text is above a cosine, the closest first.

The matrix is read again when a text was added or changed: each query first reads the last
id and the last change of the three tables, a few index lookups. A text changed without its
row's ``updated_at`` would wait for ``MAX_AGE_SECONDS``, the safety net.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from piccolo.query.functions.aggregate import Max

from tenders.meaning import DIMENSIONS
from tenders.members.tables import Capability, PassageMeaning, Reference

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenders.meaning.model import Vector

MAX_AGE_SECONDS = 600.0
_SIZE = DIMENSIONS * 4


@dataclass(frozen=True, slots=True)
class _Index:
    stamp: tuple[Any, ...]
    read_at: float  # time.monotonic()
    organisations: npt.NDArray[np.int64]  # one per group of rows, ascending
    starts: npt.NDArray[np.intp]  # the first row of each organisation's texts
    matrix: Vector  # one unit row per text, grouped by organisation


_kept: list[_Index] = []


async def _stamp() -> tuple[Any, ...]:
    """What changes when a text is added or changed: the last id and change of each table,
    one query each (a lookup in its index; two maxima in one query would read the table). A
    deleted text is not seen: it only adds a structure to the shortlist, which matching then
    scores on what it holds now."""
    columns = (
        Capability.id,
        Capability.updated_at,
        Reference.id,
        Reference.updated_at,
        PassageMeaning.id,
    )
    found: list[Any] = []
    for column in columns:
        rows = await column._meta.table.select(Max(column))
        found += rows[0].values()
    return tuple(found)


async def _texts() -> list[tuple[int, bytes]]:
    """(organisation, vector) of every text read by the model; the passages past their review
    too (they only add a structure to the shortlist: matching reads the fresh ones)."""
    rows: list[dict[str, Any]] = []
    for table in (Capability, Reference, PassageMeaning):
        rows += await table.select(table.organisation, table.meaning).where(table.meaning != b"")
    return [
        (int(row["organisation"]), bytes(row["meaning"]))
        for row in rows
        if len(row["meaning"]) == _SIZE
    ]


def _build(stamp: tuple[Any, ...], texts: list[tuple[int, bytes]]) -> _Index:
    import numpy as np

    texts.sort(key=lambda text: text[0])
    owners = np.fromiter((owner for owner, _ in texts), dtype=np.int64, count=len(texts))
    matrix = np.frombuffer(b"".join(vector for _, vector in texts), dtype="<f4")
    matrix = matrix.reshape(-1, DIMENSIONS).astype(np.float32)
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else owners
    return _Index(stamp, time.monotonic(), owners[starts], starts.astype(np.intp), matrix)


async def _current() -> _Index:
    stamp = await _stamp()
    if _kept:
        kept = _kept[0]
        if kept.stamp == stamp and time.monotonic() - kept.read_at < MAX_AGE_SECONDS:
            return kept
    index = await asyncio.to_thread(_build, stamp, await _texts())
    _kept[:] = [index]
    return index


def _nearest(index: _Index, lots: Sequence[tuple[Vector, float]], limit: int) -> list[list[int]]:
    import numpy as np

    if not len(index.organisations):
        return [[] for _ in lots]
    cosines = index.matrix @ np.stack([vector for vector, _ in lots]).T  # a column per lot
    best = np.maximum.reduceat(cosines, index.starts, axis=0)  # one row per organisation
    found: list[list[int]] = []
    for column, (_, above) in zip(best.T, lots, strict=True):
        rows = np.flatnonzero(column > above)
        if len(rows) > limit:
            rows = rows[np.argpartition(-column[rows], limit - 1)[:limit]]
        rows = rows[np.lexsort((index.organisations[rows], -column[rows]))]
        found.append(index.organisations[rows].tolist())
    return found


async def organisations_near(lots: Sequence[tuple[Vector, float]], limit: int) -> list[list[int]]:
    """For each lot (its words' vector, and a cosine), the ``limit`` organisations whose
    closest text has a cosine with it above that one, the closest first."""
    if not lots:
        return []
    index = await _current()
    return await asyncio.to_thread(_nearest, index, list(lots), limit)
