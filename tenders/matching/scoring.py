"""How well each organisation of the collective fits one lot: a score out of 100 and its reasons.

Five criteria, each with a French sentence a director can check against what they know:

CPV, 40 points. Every code of every capability is compared with every code of the lot; the
closest pair counts. The lot's first code is its main one (what the buyer chose to say it is);
the others are additional and count less.

- 40: the same code as the main one, or a capability code above it that covers it (a
  structure that declares 77310000 « espaces verts » does 77311000 « jardins d'ornement »),
  as in the directory search;
- 30: the main code's class (first 4 digits), or a capability code below it (a structure that
  declares 77311000 for a lot coded 77000000 does part of what the lot asks: judged as close
  as the same class, not as the division the first digits alone would give);
- 20: the same group (3 digits); 10: the same division (2 digits);
- an additional code counts as the main one would, but at most 30 (its class), and a code
  below it counts for what the additional code itself says: below a division (80000000), as
  the same division, 10; below a group, 20; below a class or a finer code, 30. A driving
  school (80411200) under a lot whose main code is welfare for the young (85311300) and one
  additional code is all of education (80000000) shares a division of an additional code,
  no more;
- nothing in common: the organisation is listed only if the words fit (below).

Meaning. The lot's title and description are compared with the words of each savoir-faire
and reference of the organisation (``tenders.matching.meaning``: French word vectors, stored
when a savoir-faire or reference is saved): the closest text gives 0 to 40 points. When both
sides have words the model knows, the 40 points of the first criterion are shared, half for
the codes and half for the words (``cpv_points`` and ``meaning_points``); otherwise the codes
take all 40, as they do when the lot's words are close to no structure's (a notice in
English, a title that says nothing): they then tell nothing of this collective. An
organisation with no code in common is listed when its words earn at least half of their
points, or any point when the lot has no code at all (BOAMP records often have none): its
closest savoir-faire then stands for the lot in what follows.

Territory, 20 points, for the capabilities with the closest code: one of them covers a
département of the place of performance, 20; the organisation is based there, 10; neither, 0.
Place unknown: 10.

Reserved lot, a hard rule rather than points: L2113-13 (insertion) takes the SIAE (ACI, AI, EI,
ETTI, EITI), L2113-12 (disability) the EA and ESAT, « both » either, L2113-15 the social economy
(ESS de droit or agrément ESUS, or an association, SCOP, SCIC, mutuelle, ESUS). The others keep
their score but are marked not eligible, with the reason, and come after every eligible one.

Capacity, 15 points, from the largest contract value among the capabilities relevant to the
lot: at least the lot's estimate, 15; at least half, 8 (a partner must complete); less, 0;
not given, 4; lot not estimated (or in a currency other than the euro, never converted), 8.
The people available are mentioned, not scored.

References, 15 points: a past contract in the same class as the lot (or below the lot's code),
15; in the same division, 8; none, 0. A reference coded above the lot's code tells too little
to count as the same class. The best one (closest, then most recent, then largest) is quoted.

Certificates, 10 points: every required certificate valid at the offer deadline, 10;
otherwise 0, and each problem the caller found becomes a reason.

Order: eligible first, then score (highest first), then the closeness of the words, then the
reference points, then name, then id, so that two runs on the same data always give the same
list.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from tenders.formatting import amount_fr
from tenders.matching import meaning, wording
from tenders.matching.model import Candidate, CandidateCapability, LotMatch, LotSpec
from tenders.members.vocabulary import DISABILITY_KINDS, KINDS, SIAE_KINDS

CPV_MAX = 40
TERRITORY_MAX = 20
CAPACITY_MAX = 15
REFERENCE_MAX = 15
CERTIFICATE_MAX = 10

ESS_KINDS = frozenset({"association", "scop", "scic", "mutuelle", "esus"})
RESERVATIONS = frozenset({"none", "disability", "insertion", "both", "ess"})

# Closeness of two codes, from nothing in common to the same code.
_NONE, _DIVISION, _GROUP, _CLASS, _WITHIN, _COVERS, _SAME = range(7)
_CPV_POINTS = (0, 10, 20, 30, 30, 40, 40)
_CPV_WORDS = (
    "",
    "Savoir-faire dans le même domaine, même division CPV",
    "Savoir-faire proche, même groupe CPV",
    "Savoir-faire voisin, même classe CPV",
    "Savoir-faire plus précis que le code du lot, qui en couvre une partie",
    "Savoir-faire qui englobe le code du lot",
    "Savoir-faire au même code CPV",
)
# An additional code of the lot counts at most as its class.
_ADDITIONAL_BEST = _CLASS


def _is_code(digits: str) -> bool:
    return len(digits) == 8 and digits.isdigit()


class _Codes:
    """Some codes of the lot, arranged once so that each organisation's code is a few dict
    lookups.

    Organisations of a collective declare the same codes over and over, so the closeness of
    a code is also remembered for the rest of the ranking.
    """

    __slots__ = (
        "_capabilities",
        "_classes",
        "_covering",
        "_divisions",
        "_groups",
        "_references",
        "_within",
    )

    def __init__(self, codes: Sequence[str]) -> None:
        self._classes: dict[str, str] = {}
        self._groups: dict[str, str] = {}
        self._divisions: dict[str, str] = {}
        self._capabilities: dict[str, tuple[int, str]] = {}
        self._references: dict[str, tuple[int, str]] = {}
        self._covering: dict[str, str] = {}
        self._within: list[tuple[str, str]] = []
        for code in codes:
            if not _is_code(code):
                continue
            self._classes.setdefault(code[:4], code)
            self._groups.setdefault(code[:3], code)
            self._divisions.setdefault(code[:2], code)
            prefix = code.rstrip("0").ljust(2, "0")
            self._within.append((prefix, code))
            for length in range(2, len(prefix)):
                self._covering.setdefault(code[:length].ljust(8, "0"), code)
        # The lot's own codes are known at once: being one of them beats covering another.
        for _, code in self._within:
            self._capabilities[code] = (_SAME, code)
            self._references[code] = (_SAME, code)

    def _literal(self, code: str) -> tuple[int, str]:
        for prefix, lot_code in self._within:
            if code.startswith(prefix):
                return _WITHIN, lot_code
        for level, table, length in (
            (_CLASS, self._classes, 4),
            (_GROUP, self._groups, 3),
            (_DIVISION, self._divisions, 2),
        ):
            shared = table.get(code[:length])
            if shared is not None:
                return level, shared
        return _NONE, ""

    def capability(self, code: str) -> tuple[int, str]:
        """(closeness, the lot code it is closest to) for a capability's code."""
        known = self._capabilities.get(code)
        if known is None:
            if not _is_code(code):
                known = (_NONE, "")
            elif code in self._covering:
                known = (_COVERS, self._covering[code])
            else:
                known = self._literal(code)
            self._capabilities[code] = known
        return known

    def reference(self, code: str) -> tuple[int, str]:
        """As ``capability`` for a reference's code: a broader code does not count as covering."""
        known = self._references.get(code)
        if known is None:
            known = self._literal(code) if _is_code(code) else (_NONE, "")
            self._references[code] = known
        return known


def _as_additional(found: tuple[int, str]) -> tuple[int, str]:
    """What closeness to an additional code is worth (see the module doc)."""
    level, lot_code = found
    if level == _WITHIN:
        depth = len(lot_code.rstrip("0"))
        level = _DIVISION if depth <= 2 else _GROUP if depth == 3 else _CLASS
    return min(level, _ADDITIONAL_BEST), lot_code


class _LotCodes:
    """The lot's main code and its additional ones; each answer says whether the closest lot
    code is an additional one (``True``) or the main one."""

    __slots__ = (
        "_additional",
        "_main",
        "_seen_capabilities",
        "_seen_references",
        "any",
        "unrelated",
    )

    def __init__(self, codes: Sequence[str]) -> None:
        valid = [code for code in codes if _is_code(code)]
        self.any = bool(valid)
        main = valid[:1]
        self._main = _Codes(main)
        self._additional = _Codes([code for code in valid[1:] if code not in main])
        self._seen_capabilities: dict[str, tuple[int, bool]] = {}
        self._seen_references: dict[str, tuple[int, bool]] = {}
        # The capability codes seen so far with nothing in common with the lot's.
        self.unrelated: set[str] = set()

    def capability(self, code: str) -> tuple[int, bool]:
        """(closeness, whether an additional code gave it) for a capability's code."""
        known = self._seen_capabilities.get(code)
        if known is None:
            main = self._main.capability(code)[0]
            additional = _as_additional(self._additional.capability(code))[0]
            known = (max(main, additional), additional > main)
            self._seen_capabilities[code] = known
            if known[0] == _NONE:
                self.unrelated.add(code)
        return known

    def reference(self, code: str) -> int:
        """Closeness for a reference's code: a broader code does not count as covering."""
        known = self._seen_references.get(code)
        if known is None:
            main = self._main.reference(code)[0]
            additional = _as_additional(self._additional.reference(code))[0]
            known = (max(main, additional), additional > main)
            self._seen_references[code] = known
        return known[0]


@functools.lru_cache(maxsize=32)
def _lot_codes(codes: tuple[str, ...]) -> _LotCodes:
    """The codes of a lot arranged, kept for the next rankings with the same codes (a tender's
    page is opened again and again): what each code of the collective is to them is then known.
    A few dicts of at most one entry per CPV code each."""
    return _LotCodes(codes)


@functools.lru_cache(maxsize=8192)
def sort_name(name: str) -> str:
    """A name as it is sorted: case and accents aside (« Élan » with the E)."""
    if name.isascii():
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def order_key(match: LotMatch) -> tuple[bool, int, float, int, str, int]:
    """Eligible first, then the highest score, the closest words, the best references, then
    the name, then the id."""
    return (
        not match.eligible,
        -match.score,
        -round(match.similarity, 6),
        -match.reference_points,
        sort_name(match.name),
        match.organisation_id,
    )


def _as(words: str) -> str:
    """« en tant qu'atelier… », « en tant que mutuelle »."""
    elided = words[:1] != "" and words[0] in "aeiouyéèêàâîôû"
    return f"en tant qu'{words}" if elided else f"en tant que {words}"


def _eligibility(reserved: str, candidate: Candidate) -> tuple[str | None, str | None]:
    """(reason when eligible to a reserved lot, exclusion when not); (None, None) if open."""
    if reserved == "none":
        return None, None
    kind = candidate.kind
    name = candidate.name
    kind_words = KINDS.get(kind, "")
    kind_words = kind_words[:1].lower() + kind_words[1:]
    unknown = f"le type de structure n'est pas renseigné pour {name}"
    if reserved == "insertion":
        reserved_to = "Lot réservé aux structures d'insertion (article L2113-13)"
        eligible = kind in SIAE_KINDS
        refusal = f"{name} n'en est pas une" if kind else unknown
    elif reserved == "disability":
        reserved_to = "Lot réservé aux entreprises adaptées et aux ESAT (article L2113-12)"
        eligible = kind in DISABILITY_KINDS
        refusal = f"{name} n'est ni une entreprise adaptée ni un ESAT" if kind else unknown
    elif reserved == "both":
        reserved_to = (
            "Lot réservé aux structures d'insertion, aux entreprises adaptées et aux ESAT "
            "(articles L2113-12 et L2113-13)"
        )
        eligible = kind in SIAE_KINDS or kind in DISABILITY_KINDS
        refusal = (
            f"{name} n'est ni une structure d'insertion, ni une entreprise adaptée, ni un ESAT"
            if kind
            else unknown
        )
    elif reserved == "ess":
        reserved_to = (
            "Lot réservé aux entreprises de l'économie sociale et solidaire (article L2113-15)"
        )
        eligible = candidate.ess or kind in ESS_KINDS
        if kind not in ESS_KINDS:
            kind_words = "entreprise de l'économie sociale et solidaire"
        refusal = f"{name} n'en est pas une" if kind else f"{name} n'est pas déclarée comme telle"
    else:
        return None, None
    if eligible:
        return f"{reserved_to} : {name} y est éligible {_as(kind_words)}", None
    return None, f"{reserved_to} : {refusal}."


def _territory(
    lot: LotSpec, lot_places: frozenset[str], covered: set[str], candidate: Candidate
) -> tuple[int, str]:
    if not lot.departements:
        return TERRITORY_MAX // 2, "Lieu d'exécution non précisé"
    if covered:
        places = [wording.place(number) for number in lot.departements if number in covered]
        return TERRITORY_MAX, f"Intervient {wording.join(places)}"
    if candidate.departement in lot_places:
        return (
            TERRITORY_MAX // 2,
            f"Implantée {wording.place(candidate.departement)}, "
            "mais n'y déclare pas ce savoir-faire",
        )
    if len(lot.departements) == 1:
        return 0, (
            f"N'intervient pas dans le département du lieu d'exécution ({lot.departements[0]})"
        )
    return 0, (
        "N'intervient dans aucun des départements du lieu d'exécution "
        f"({', '.join(lot.departements)})"
    )


def _capacity(
    estimate: Decimal | None,
    estimate_words: str,
    largest: Decimal | None,
    people: int | None,
) -> tuple[int, str]:
    if estimate is None and estimate_words:
        points, words = 8, f"Montant du lot en devise étrangère ({estimate_words})"
    elif estimate is None:
        points, words = 8, "Montant du lot non estimé"
    elif largest is None:
        points, words = (
            4,
            f"Montant maximal par marché non renseigné (lot estimé à {estimate_words})",
        )
    else:
        up_to = (
            f"jusqu'à {wording.amount(largest)} par marché pour un lot estimé à {estimate_words}"
        )
        if largest >= estimate:
            points, words = CAPACITY_MAX, f"Peut porter le lot : {up_to}"
        elif largest * 2 >= estimate:
            points, words = (
                8,
                f"Peut porter la moitié du lot : à compléter par un partenaire ({up_to})",
            )
        else:
            points, words = 0, f"Capacité insuffisante : {up_to}"
    if people is not None:
        words += " ; " + wording.plural(people, "personne mobilisable", "personnes mobilisables")
    return points, words


def _references(codes: _LotCodes, candidate: Candidate) -> tuple[int, str]:
    best_key: tuple[int, int, Decimal] | None = None
    best_code = ""
    best_amount: Decimal | None = None
    count = 0
    for reference in candidate.references:
        if not reference.cpv_code:
            continue
        level = codes.reference(reference.cpv_code)
        if level == _NONE:
            continue
        rank = 2 if level >= _CLASS else 1
        key = (rank, reference.year, reference.amount or Decimal(0))
        if best_key is None or rank > best_key[0]:
            count = 1
        elif rank == best_key[0]:
            count += 1
        if best_key is None or key > best_key:
            best_key, best_code, best_amount = key, reference.cpv_code, reference.amount
    if best_key is None:
        return 0, "Aucune référence dans ce domaine"
    details = wording.code_with_label(best_code)
    if best_amount is not None:
        details += f", {wording.amount(best_amount)}"
    year = best_key[1]
    if best_key[0] == 2:
        points = REFERENCE_MAX
        if count == 1:
            return points, f"Référence comparable en {year} ({details})"
        return points, f"{count} références comparables, la plus récente en {year} ({details})"
    points = 8
    if count == 1:
        return points, f"Référence dans un domaine voisin en {year} ({details})"
    return points, (
        f"{count} références dans un domaine voisin, la plus récente en {year} ({details})"
    )


@dataclass(slots=True)
class _Relevance:
    """Over the capabilities with some relevance to the lot: the closest level and code,
    whether an additional code of the lot gave it, the lot's départements those of that level
    cover, the largest contract value and team."""

    level: int = _NONE
    code: str = ""
    additional: bool = False
    covered: set[str] = field(default_factory=set)
    largest: Decimal | None = None
    people: int | None = None

    def add(self, capability: CandidateCapability, level: int, lot_places: frozenset[str]) -> None:
        value = capability.max_contract_value
        if value is not None and (self.largest is None or value > self.largest):
            self.largest = value
        available = capability.people_available
        if available is not None and (self.people is None or available > self.people):
            self.people = available
        if level > self.level or (not self.covered and level == self.level == _NONE):
            self.covered = set(lot_places.intersection(capability.departements))
        elif level == self.level:
            self.covered.update(lot_places.intersection(capability.departements))


def _relevance(codes: _LotCodes, lot_places: frozenset[str], candidate: Candidate) -> _Relevance:
    seen = codes._seen_capabilities.get
    found = _Relevance()
    for capability in candidate.capabilities:
        level = _NONE
        closest = ""
        additional = False
        for code in capability.cpv_codes:
            code_level, code_additional = seen(code) or codes.capability(code)
            if code_level > level:
                level, closest, additional = code_level, code, code_additional
        if level == _NONE:
            continue
        if level > found.level:
            found.add(capability, level, lot_places)
            found.level, found.code, found.additional = level, closest, additional
        else:
            found.add(capability, level, lot_places)
    return found


def _cpv_reason(found: _Relevance) -> str:
    words = f"{_CPV_WORDS[found.level]} ({wording.code_with_label(found.code)})"
    if found.additional:
        words += ", par un code secondaire du lot"
    return words


def rank_lot(lot: LotSpec, candidates: Sequence[Candidate]) -> list[LotMatch]:
    """The organisations with some relevance to ``lot`` by their codes or their words, best
    first (see the module doc)."""
    return rank_lots([lot], candidates)[0]


def rank_lots(lots: Sequence[LotSpec], candidates: Sequence[Candidate]) -> list[list[LotMatch]]:
    """``rank_lot`` for each of ``lots``, in their order: what the candidates are is read
    once for all the lots."""
    for lot in lots:
        if lot.reserved not in RESERVATIONS:
            raise ValueError(f"unknown reservation {lot.reserved!r}")
    codes_of = [
        frozenset(code for capability in candidate.capabilities for code in capability.cpv_codes)
        for candidate in candidates
    ]
    return [_rank(lot, candidates, codes_of) for lot in lots]


def _rank(
    lot: LotSpec, candidates: Sequence[Candidate], codes_of: list[frozenset[str]]
) -> list[LotMatch]:
    codes = _lot_codes(tuple(lot.cpv_codes))
    unrelated = codes.unrelated
    lot_places = frozenset(lot.departements)
    estimate = lot.estimated_value
    estimate_words = wording.amount(estimate) if estimate is not None else ""
    if estimate is not None and lot.currency != "EUR":
        # Never weigh pounds against capacities in euros, nor write them as euros.
        estimate, estimate_words = None, f"{amount_fr(estimate, lot.currency)}, non converti"
    # Without a code, the words are all the lot says: any closeness lists a structure.
    listed_from = meaning.POINTS_MAX * meaning.LISTED_FROM if codes.any else 1
    matches: list[LotMatch] = []
    territories: dict[tuple[frozenset[str], str], tuple[int, str]] = {}
    capacities: dict[tuple[str, int | None], tuple[int, str]] = {}
    closes: list[meaning.Closeness | None] = [None] * len(candidates)
    if lot.meaning is not None:
        read = meaning.closeness(lot.meaning, candidates)
        # Words close to nobody's (a notice in English, a title that says nothing) tell
        # nothing of this collective: the lot is then judged on its codes alone.
        if any(close is not None and close.points for close in read):
            closes = read
    for candidate, close, own_codes in zip(candidates, closes, codes_of, strict=True):
        if own_codes <= unrelated and (close is None or close.points < listed_from):
            continue  # no code in common, and not listed on its words either
        found = _relevance(codes, lot_places, candidate)
        if found.level == _NONE:
            if close is None or close.capability < 0:
                continue
            if close.points < listed_from:
                continue
            # Listed on its words: its closest savoir-faire stands for the lot.
            found.add(candidate.capabilities[close.capability], _NONE, lot_places)

        reasons: list[str] = []
        eligible_reason, exclusion = _eligibility(lot.reserved, candidate)
        if eligible_reason:
            reasons.append(eligible_reason)
        cpv_points = _CPV_POINTS[found.level]
        meaning_points = 0
        if found.level != _NONE:
            reasons.append(_cpv_reason(found))
        else:
            reasons.append("Aucun code CPV en commun avec le lot")
        if close is not None:
            # Half the 40 points for the codes, half for the words.
            meaning_points = close.points // 2
            cpv_points = (cpv_points + 1) // 2
            reasons.append(close.sentence)
        # Few places and amounts recur across a collective: each sentence is written once.
        place_key = (frozenset(found.covered), candidate.departement)
        said = territories.get(place_key)
        if said is None:
            said = territories[place_key] = _territory(lot, lot_places, found.covered, candidate)
        territory_points, words = said
        reasons.append(words)
        # str(): 0 and -0 are equal Decimals, written differently.
        capacity_key = (str(found.largest), found.people)
        said = capacities.get(capacity_key)
        if said is None:
            said = capacities[capacity_key] = _capacity(
                estimate, estimate_words, found.largest, found.people
            )
        capacity_points, words = said
        reasons.append(words)
        reference_points, words = _references(codes, candidate)
        reasons.append(words)
        if candidate.certificate_problems:
            certificate_points = 0
            reasons.extend(candidate.certificate_problems)
        else:
            certificate_points = CERTIFICATE_MAX
            reasons.append("Attestations valides à la date limite")

        score = cpv_points + meaning_points + territory_points + capacity_points
        score += reference_points + certificate_points
        match = LotMatch(
            organisation_id=candidate.organisation_id,
            name=candidate.name,
            score=score,
            eligible=exclusion is None,
            reasons=reasons,
            exclusion=exclusion,
            cpv_points=cpv_points,
            territory_points=territory_points,
            capacity_points=capacity_points,
            reference_points=reference_points,
            certificate_points=certificate_points,
            matched_cpv=found.code,
            max_contract_value=found.largest,
            people_available=found.people,
            meaning_points=meaning_points,
            similarity=close.similarity if close is not None else 0.0,
        )
        matches.append(match)
    matches.sort(key=order_key)
    return matches
