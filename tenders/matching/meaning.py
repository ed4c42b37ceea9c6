"""How close the words of a lot are to those of a structure, and the French sentence saying so.

The lot's title and description are read once (``read_lot``); each structure brings the
vectors of its savoir-faire, references and fresh library passages, computed when they were
saved. The closeness is the cosine of the lot's vector with the closest of them, turned into
0–40 points between ``FLOOR`` (nothing in common) and ``FULL`` (the same need in other
words). The sentence names the text, and the two words of the lot closest to it that set it
apart: a word as close to every structure's texts (« réparation » for the garage and the bike
workshop alike) tells a director nothing, and two forms of one word are quoted once.
"""

from __future__ import annotations

import asyncio
import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tenders import meaning
from tenders.matching.model import Candidate, LotSpec

if TYPE_CHECKING:
    from tenders.meaning.model import Vector

# numpy and the model are imported by the first lot read, not with this module: the web
# service imports matching at start and must start as fast as before.

logger = logging.getLogger(__name__)

POINTS_MAX = 40
# Cosines measured on tests/data/matching_lots.json (bench/matching_quality.py): unrelated
# texts of the demo collective sit below FLOOR, the same need in other words above FULL.
FLOOR = 0.45
FULL = 0.80
# Below this share of the points, a structure is not listed on its words alone.
LISTED_FROM = 0.5
_TERM_SHOWN = 0.30  # a lot's word is quoted when its cosine with the text reaches this
# Two words are forms of one when they begin alike or their vectors nearly coincide.
_STEM, _SAME_WORD = 6, 0.8
# A collective up to this many structures is judged whole on each lot (its words can fit a
# structure sharing no code with it); a larger one by the structures sharing a CPV division.
WHOLE_COLLECTIVE = 300


@dataclass(frozen=True, slots=True)
class LotMeaning:
    """The lot's text as one unit vector, and its known words with theirs."""

    vector: Vector
    words: tuple[str, ...]
    word_vectors: Vector  # one unit row per word
    weights: Vector


def read_lot(title: str, description: str = "") -> LotMeaning | None:
    """The lot's words as the model reads them; None when it knows none (the lot is then
    judged on its codes alone). Loads the model on first call: call it off the event loop."""
    import numpy as np

    from tenders.meaning.text import mean_vector, terms

    found = terms(meaning.passage_text(title, description))
    vector = mean_vector(found)
    if vector is None:
        return None
    return LotMeaning(
        vector=vector,
        words=tuple(term.text for term in found),
        word_vectors=np.stack([term.vector for term in found]),
        weights=np.array([term.weight for term in found], dtype=np.float32),
    )


@dataclass(frozen=True, slots=True)
class Closeness:
    points: int  # 0–40
    similarity: float  # cosine with the closest text
    capability: int  # index of the closest savoir-faire, -1 when none was read
    sentence: str


def listed_above(lot: LotSpec) -> float:
    """The cosine above which a structure sharing no code with ``lot`` is listed on its words
    (``scoring``): half of the points when the lot has codes, any point when it has none."""
    has_codes = any(len(code) == 8 and code.isdigit() for code in lot.cpv_codes)
    earned = POINTS_MAX * LISTED_FROM if has_codes else 1
    return FLOOR + (earned - 0.5) / POINTS_MAX * (FULL - FLOOR)


def points(similarity: float) -> int:
    share = (similarity - FLOOR) / (FULL - FLOOR)
    return round(POINTS_MAX * min(1.0, max(0.0, share)))


_FAR = "Les mots du lot sont loin de ceux de vos savoir-faire et références"
_SIZE = meaning.DIMENSIONS * 4
# What a text is, when it is not a savoir-faire (whose index it is otherwise).
_REFERENCE, _PASSAGE = -1, -2


@dataclass(frozen=True, slots=True)
class _Bank:
    """The texts of some candidates as one matrix, and whose each row is."""

    candidates: tuple[Candidate, ...]
    matrix: Vector  # one unit row per text
    sources: list[tuple[int, str, int]]  # capability index (or _REFERENCE, _PASSAGE), title, year
    spans: list[tuple[int, int]]  # each candidate's rows
    mean: Vector  # the average text


def _bank_of(candidates: Sequence[Candidate]) -> _Bank:
    import numpy as np

    vectors: list[bytes] = []
    sources: list[tuple[int, str, int]] = []
    spans: list[tuple[int, int]] = []
    for candidate in candidates:
        start = len(vectors)
        for index, capability in enumerate(candidate.capabilities):
            if len(capability.vector) == _SIZE:
                vectors.append(capability.vector)
                sources.append((index, capability.title, 0))
        for reference in candidate.references:
            if len(reference.vector) == _SIZE:
                vectors.append(reference.vector)
                sources.append((_REFERENCE, reference.title, reference.year))
        for passage in candidate.passages:
            if len(passage.vector) == _SIZE:
                vectors.append(passage.vector)
                sources.append((_PASSAGE, passage.title, 0))
        spans.append((start, len(vectors)))
    matrix = np.frombuffer(b"".join(vectors), dtype="<f4").reshape(-1, meaning.DIMENSIONS)
    mean = matrix.mean(axis=0) if vectors else np.zeros(meaning.DIMENSIONS, dtype=np.float32)
    return _Bank(tuple(candidates), matrix, sources, spans, mean)


# The lots of a tender are ranked one after the other against the same candidates: their
# matrix is made once (the last one is kept, checked to be the same objects).
_last: list[_Bank] = []


def _bank(candidates: Sequence[Candidate]) -> _Bank:
    if _last:
        kept = _last[0].candidates
        if len(kept) == len(candidates) and all(map(operator.is_, kept, candidates)):
            return _last[0]
    bank = _bank_of(candidates)
    _last[:] = [bank]
    return bank


def closeness(lot: LotMeaning, candidates: Sequence[Candidate]) -> list[Closeness | None]:
    """How close each candidate's texts are to the lot (None for one without a text the model
    read), in the candidates' order.

    All the texts of all the candidates make one matrix and one product with the lot's
    vector: a ranking of thousands of structures costs a few milliseconds."""
    bank = _bank(candidates)
    matrix, sources, spans = bank.matrix, bank.sources, bank.spans
    if not sources:
        return [None] * len(candidates)
    cosines: list[float] = (matrix @ lot.vector).tolist()
    by_cosine = cosines.__getitem__
    best_rows = [max(range(a, b), key=by_cosine) if b > a else -1 for a, b in spans]
    earned = {row: points(cosines[row]) for row in best_rows if row >= 0}
    shown = [row for row, count in earned.items() if count > 0]
    # The lot's words that tell each text that earned points apart, one product for all.
    words_of: dict[int, list[str]] = {}
    if shown:
        word_cosines = matrix[shown] @ lot.word_vectors.T
        # What a word has in common with every structure's texts tells nothing of this one.
        telling = (word_cosines - bank.mean @ lot.word_vectors.T) * lot.weights
        orders = (-telling).argsort(axis=1, kind="stable").tolist()
        alike = _alike(lot)
        for row, order, by_word in zip(shown, orders, word_cosines.tolist(), strict=True):
            ranked = (i for i in order if by_word[i] >= _TERM_SHOWN)
            words_of[row] = [lot.words[i] for i in _two_unalike(ranked, alike)]
    found: list[Closeness | None] = []
    for (start, end), row in zip(spans, best_rows, strict=True):
        if row < 0:
            found.append(None)
            continue
        count = earned[row]
        index, title, year = sources[row]
        sentence = _sentence(words_of[row], index, title, year, count) if count else _FAR
        if index < 0:
            # A reference or a passage was closest: the savoir-faire closest to the lot
            # stands for the lot.
            capabilities = [r for r in range(start, end) if sources[r][0] >= 0]
            closest = max(capabilities, key=by_cosine, default=-1)
            index = sources[closest][0] if closest >= 0 else -1
        found.append(Closeness(count, cosines[row], index, sentence))
    return found


def _alike(lot: LotMeaning) -> list[set[int]]:
    """For each of the lot's words, the others that are a form of it: they begin alike or
    their vectors nearly coincide (« réparation », « réparations »)."""
    close = (lot.word_vectors @ lot.word_vectors.T > _SAME_WORD).tolist()
    stems = [word[:_STEM] for word in lot.words]
    return [
        {j for j, stem in enumerate(stems) if close[i][j] or stem == stems[i]}
        for i in range(len(stems))
    ]


def _two_unalike(ranked: Iterable[int], alike: list[set[int]]) -> list[int]:
    """The first two words of ``ranked`` (indexes, most telling first), never two forms of
    one word."""
    chosen: list[int] = []
    for index in ranked:
        if not any(index in alike[other] for other in chosen):
            chosen.append(index)
            if len(chosen) == 2:
                break
    return chosen


def _sentence(quoted: list[str], source: int, title: str, year: int, earned: int) -> str:
    """« Le lot dit « accompagnement », « jeunes » : votre savoir-faire « … » en est proche »."""
    if source == _REFERENCE:
        what = f"votre référence « {title} » ({year})"
    elif source == _PASSAGE:
        what = f"votre passage « {title} » de la bibliothèque"
    else:
        what = f"votre savoir-faire « {title} »"
    closeness = "en est proche" if earned >= POINTS_MAX * 3 // 4 else "s'en rapproche"
    if not quoted:
        return f"Par ses mots, le lot rejoint {what}"
    said = ", ".join(f"« {word} »" for word in quoted)
    return f"Le lot dit {said} : {what} {closeness}"


def with_meaning_now(lots: Sequence[LotSpec]) -> list[LotSpec]:
    """The lots with their words read (``read_lot``); as they are when the model is missing."""
    try:
        return [replace(lot, meaning=read_lot(lot.title, lot.description)) for lot in lots]
    except meaning.ModelMissing:
        logger.warning("language model missing: lots judged on their CPV codes alone")
        return list(lots)


async def with_meaning(lots: Sequence[LotSpec]) -> list[LotSpec]:
    """``with_meaning_now`` in a thread: the model's first load takes a moment, and never on
    the event loop."""
    return await asyncio.to_thread(with_meaning_now, lots)
