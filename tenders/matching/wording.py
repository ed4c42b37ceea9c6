"""The French words matching writes: départements, CPV codes with their label, amounts, lists."""

from __future__ import annotations

import functools
from decimal import Decimal

from tenders.cpv.codes import CpvError, check_digit, significant_prefix
from tenders.cpv.labels import shipped_labels
from tenders.formatting import amount_fr

# Where a sentence says « Intervient dans le Nord (59) »: the Hauts-de-France and the
# départements around them; any other is written « dans le département 76 ».
DEPARTEMENT_PLACES: dict[str, str] = {
    "02": "dans l'Aisne",
    "08": "dans les Ardennes",
    "27": "dans l'Eure",
    "51": "dans la Marne",
    "59": "dans le Nord",
    "60": "dans l'Oise",
    "62": "dans le Pas-de-Calais",
    "75": "à Paris",
    "76": "en Seine-Maritime",
    "77": "en Seine-et-Marne",
    "78": "dans les Yvelines",
    "80": "dans la Somme",
    "91": "dans l'Essonne",
    "92": "dans les Hauts-de-Seine",
    "93": "en Seine-Saint-Denis",
    "94": "dans le Val-de-Marne",
    "95": "dans le Val-d'Oise",
}

_NBSP = "\xa0"  # what babel puts before the euro sign in fr_FR
# Groups of thousands apart by a narrow no-break space, a decimal comma.
_FRENCH_DIGITS = str.maketrans({",": "\u202f", ".": ","})


def place(departement: str) -> str:
    """« dans le Nord (59) », « à Paris (75) », or « dans le département 76 »."""
    known = DEPARTEMENT_PLACES.get(departement)
    return f"{known} ({departement})" if known else f"dans le département {departement}"


def join(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def plural(count: int, singular: str, several: str) -> str:
    """« 1 lot », « 3 lots »."""
    return f"{count} {singular if count == 1 else several}"


def written_code(digits: str) -> str:
    """The code as people write it, with its check digit: « 77310000-6 »."""
    try:
        return f"{digits}-{check_digit(digits)}"
    except CpvError:
        return digits


@functools.lru_cache(maxsize=4096)
def code_with_label(digits: str) -> str:
    """« 77310000-6 Services de plantation et d'entretien d'espaces verts ».

    Without a shipped label of its own, the code is followed by the label of its nearest
    ancestor that has one, as its family.
    """
    labels = shipped_labels()
    own = labels.get(digits)
    if own:
        return f"{written_code(digits)} {own}"
    prefix = significant_prefix(digits) if len(digits) == 8 else ""
    for length in range(len(prefix) - 1, 1, -1):
        family = labels.get(prefix[:length].ljust(8, "0"))
        if family:
            return f"{written_code(digits)}, famille « {family} »"
    return written_code(digits)


def amount(value: Decimal) -> str:
    """« 12 500,00 € », exactly as ``tenders.formatting.amount_fr`` writes it, only faster.

    Babel takes some 20 µs an amount, which a ranking of thousands of organisations feels;
    the unit tests hold this copy to babel's output.
    """
    if not value.is_finite() or value < 0:
        return amount_fr(value)
    # Decimal's own formatting rounds half to even, as babel does.
    return f"{value:,.2f}".translate(_FRENCH_DIGITS) + _NBSP + "€"
