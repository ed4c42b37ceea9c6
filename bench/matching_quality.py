"""How often matching puts the right structure first, on lots written for the project.

The demo collective (tenders/demo: 17 structures, their savoir-faire and references) is built
as matching reads it, its texts read by the language model as when they are saved; each lot
of tests/data/matching_lots.json (French titles and descriptions, the CPV codes a notice would
give, often broad or none) is ranked twice: by the codes alone (the lot's words not read), and
with the words. A lot counts in the top 1 when one of its expected structures comes first,
in the top 3 when one of them is among the first three.

The thresholds of ``tenders.matching.meaning`` were tuned on that file; the lots of
tests/data/matching_lots_heldout.json were written apart from it (and from the demo's
savoir-faire texts) and never used to tune: their figure is what to expect on unseen lots.

Run from the repository root: ``python bench/matching_quality.py [--misses]``.
Last line: ``matching_top1: <share>`` (with the words).
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tenders import matching  # noqa: E402
from tenders.matching.meaning import read_lot  # noqa: E402
from tests.matching_demo import HELD_OUT, LOTS, collective, lots  # noqa: E402


def measure(
    labelled: list[tuple[matching.LotSpec, frozenset[str]]],
    candidates: list[matching.Candidate],
    slugs: dict[int, str],
    misses: bool,
    label: str,
) -> tuple[float, float]:
    top1 = top3 = 0
    for lot, expected in labelled:
        ranking = [slugs[m.organisation_id] for m in matching.rank_lot(lot, candidates)]
        top1 += bool(ranking[:1]) and ranking[0] in expected
        top3 += any(slug in expected for slug in ranking[:3])
        if misses and not (ranking[:1] and ranking[0] in expected):
            print(f"  [{label}] {lot.title} — {ranking[:3]} (attendu {sorted(expected)})")
    return top1 / len(labelled), top3 / len(labelled)


def both(
    labelled: list[tuple[matching.LotSpec, frozenset[str]]],
    candidates: list[matching.Candidate],
    slugs: dict[int, str],
    misses: bool,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(top-1, top-3) on the codes alone, then with the words."""
    codes_only = measure(labelled, candidates, slugs, misses, "CPV")
    read = [(replace(lot, meaning=read_lot(lot.title, lot.description)), x) for lot, x in labelled]
    return codes_only, measure(read, candidates, slugs, misses, "sens")


def main() -> None:
    misses = "--misses" in sys.argv
    started = time.perf_counter()
    candidates, slugs = collective()
    loaded = time.perf_counter() - started
    print(f"{len(candidates)} structures (model loaded and texts read in {loaded:.1f} s)")
    figures = {}
    for name, path in (("held-out", HELD_OUT), ("tuning", LOTS)):
        labelled = lots(path)
        figures[name] = codes_only, with_words = both(labelled, candidates, slugs, misses)
        print(
            f"{path.name}, {len(labelled)} lots: "
            f"CPV only top-1 {codes_only[0]:.2f}, top-3 {codes_only[1]:.2f}; "
            f"CPV and meaning top-1 {with_words[0]:.2f}, top-3 {with_words[1]:.2f}"
        )
    print(f"matching_top1_cpv_only: {figures['tuning'][0][0]:.2f}")
    print(f"matching_top1_held_out: {figures['held-out'][1][0]:.2f}")
    print(f"matching_top1: {figures['tuning'][1][0]:.2f}")


if __name__ == "__main__":
    main()
