"""The French words matching writes: départements, CPV codes with their label, amounts, lists."""

from __future__ import annotations

import functools
from decimal import Decimal

from tenders.cpv.codes import CpvError, check_digit, significant_prefix
from tenders.cpv.shipped import shipped_labels
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


# The sentences of a consortium proposal (``tenders.matching.consortium``).

NO_CPV_CODE = "Aucun code CPV n'est indiqué pour ce lot : impossible d'y chercher une structure"
NO_LOT_COVERED = "Aucun lot ne peut être couvert par les structures du collectif."
ONE_CAN_ANSWER_ALONE = "Une seule structure peut répondre seule."
NOBODY_MAY_LEAD = (
    "Aucun membre proposé ne peut être mandataire : chacun mène déjà un autre "
    "groupement sur ce marché. Il faut ajouter une structure qui puisse l'être."
)


def lots_words(count: int, total: int) -> str:
    """« le lot », « les 3 lots », « 2 lots sur 3 »."""
    if count == total:
        return "le lot" if total == 1 else f"les {total} lots"
    return f"{plural(count, 'lot', 'lots')} sur {total}"


def names(items: list[str]) -> str:
    """« A, B et C », or « A, B, C et 4 autres » for a longer list."""
    if len(items) <= 4:
        return join(items)
    others = len(items) - 3
    return f"{', '.join(items[:3])} et {plural(others, 'autre', 'autres')}"


def nobody_covers(code: str) -> str:
    return f"Aucune structure du collectif ne couvre ce lot (CPV {code_with_label(code)})"


def only_ineligible_cover(covering: list[str]) -> str:
    return f"Seules des structures non éligibles au lot réservé le couvrent : {names(covering)}"


def below_threshold(threshold: int, best: str, score: int) -> str:
    return (
        f"Aucune structure n'atteint le seuil de pertinence ({threshold}/100) : "
        f"la mieux placée, {best}, obtient {score}/100"
    )


def kept_out_by_the_buyer(covering: list[str]) -> str:
    return (
        "Les structures qui couvrent ce lot ne sont pas disponibles (règles de l'acheteur) : "
        f"{names(covering)}"
    )


def covers_alone(name: str, lots: str) -> str:
    return f"{name} couvre {lots}."


def members_suffice(count: int, lots: str) -> str:
    return f"{count} structures suffisent pour couvrir {lots}."


def lead_proposed(
    name: str, count: int, lot_count: int, because: str = "", capacity: Decimal | None = None
) -> str:
    """Why this member leads: the most lots, then (``because``) the capacity or the score."""
    carried = plural(count, "lot", "lots")
    sentence = f"{name} est proposée comme mandataire : elle porte {carried} sur {lot_count}"
    if because == "capacity" and capacity is not None:
        return (
            f"{sentence} et, à nombre de lots égal, a la plus grande capacité "
            f"(jusqu'à {amount(capacity)} par marché)."
        )
    if because == "score":
        return f"{sentence} et, à nombre de lots et capacité égaux, obtient le meilleur score."
    return sentence + "."


def cannot_lead(barred: list[str]) -> str:
    if len(barred) == 1:
        return (
            f"{join(barred)} mène déjà un autre groupement sur ce marché et ne peut pas en être "
            "mandataire."
        )
    return (
        f"{join(barred)} mènent déjà un autre groupement sur ce marché et ne peuvent pas en "
        "être mandataires."
    )


def lots_left_uncovered(titles: list[str]) -> str:
    quoted = join([f"« {title} »" for title in titles])
    if len(titles) == 1:
        return f"1 lot reste sans structure : {quoted}."
    return f"{len(titles)} lots restent sans structure : {quoted}."


def set_aside(kept_out: list[str]) -> str:
    """Relevant structures the buyer's rules keep out of this consortium."""
    if len(kept_out) == 1:
        return (
            f"{kept_out[0]} n'est pas proposée : les règles de l'acheteur ne lui permettent pas "
            "de rejoindre ce groupement."
        )
    return (
        f"{names(kept_out)} ne sont pas proposées : les règles de l'acheteur ne leur "
        "permettent pas de rejoindre ce groupement."
    )
