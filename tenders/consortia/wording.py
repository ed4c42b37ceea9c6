"""The French a person reads when a consortium rule is broken (tenders.consortia.rules), and
the error that carries it: 422 with a message per field for what was typed, 409 for a clash
with the state of things."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tenders.consortia.rules import Code, Problem
from tenders.errors import Conflict, DomainError, Invalid

FORM_LABELS = {
    "conjoint": "Groupement conjoint",
    "solidaire": "Groupement solidaire",
    "conjoint_solidaire": "Groupement conjoint, mandataire solidaire",
}
ROLE_LABELS = {
    "mandataire": "Mandataire",
    "co_traitant": "Co-traitant",
    "sous_traitant": "Sous-traitant",
}
INVITATION_LABELS = {
    "none": "Pas encore invitée",
    "pending": "Invitation en attente de réponse",
    "accepted": "A accepté",
    "declined": "A décliné",
}

_LEADS_ANOTHER = "Cette structure est déjà mandataire d'un autre groupement pour cette consultation"
_SEVERAL_CONSORTIA = (
    "L'acheteur n'autorise qu'un seul groupement par membre, et une des structures appartient "
    "déjà à un autre groupement pour cette consultation."
)
_SEVERAL_ANSWERS = (
    "L'acheteur interdit à une structure de répondre dans plusieurs groupements, ou à la fois "
    "seule et en groupement (article R2142-21 du code de la commande publique) : une des "
    "structures répond déjà par ailleurs à cette consultation."
)


def _leads_another(p: Problem) -> str:
    if p.data.get("draft"):
        return (
            f"{_LEADS_ANOTHER} : une structure ne peut être mandataire que d'un seul groupement "
            "par consultation (article R2142-23 du code de la commande publique)."
        )
    return f"{_LEADS_ANOTHER} (article R2142-23 du code de la commande publique)."


def _not_ready(p: Problem) -> str:
    missing = [f"lot {key}" for key in p.data.get("lots", [])]
    return (
        "Avant le dépôt, choisissez la forme du groupement et répartissez chaque lot entre ses "
        "membres" + (f" (à faire : {', '.join(missing)})" if missing else "") + "."
    )


def _percent(p: Problem) -> str:
    return f"{p.data['total']}".replace(".", ",")


def _thousands(limit: int) -> str:
    """5000 → « 5 000 », as the limits are written in the messages."""
    return f"{limit:,}".replace(",", " ")


_MESSAGES: dict[Code, Callable[[Problem], str]] = {
    Code.FORM_UNKNOWN: lambda p: "Choisissez la forme du groupement : conjoint ou solidaire.",
    Code.NO_MEMBER: lambda p: "Un groupement compte au moins un membre.",
    Code.MEMBER_TWICE: lambda p: "Une structure figure deux fois dans le groupement.",
    Code.LEAD_NOT_MEMBER: lambda p: "Le mandataire doit être l'un des membres du groupement.",
    Code.TWO_LEADS: lambda p: "Un groupement a un seul mandataire.",
    Code.ROLE_UNKNOWN: lambda p: "Rôle inconnu : mandataire, co-traitant ou sous-traitant.",
    Code.SUBCONTRACTOR_WITHOUT_HOLDER: lambda p: (
        "Un sous-traitant travaille pour un membre du groupement : indiquez lequel."
    ),
    Code.LOT_UNKNOWN: lambda p: (
        f"Lot inconnu dans cette consultation : {', '.join(p.data['lots'])}."
    ),
    Code.SERVICES_TOO_LONG: lambda p: (
        f"La description des prestations dépasse {_thousands(p.data['limit'])} caractères."
    ),
    Code.ORGANISATION_UNKNOWN: lambda p: (
        "Une des structures proposées n'existe pas."
        if p.data.get("draft")
        else "Une des structures n'existe pas."
    ),
    Code.LEADS_ANOTHER: _leads_another,
    Code.ENGAGED_ELSEWHERE: lambda p: (
        _SEVERAL_CONSORTIA if p.data["buyer_forbids"] == "several_consortia" else _SEVERAL_ANSWERS
    ),
    Code.BAD_NUMBER: lambda p: str(p.data["message"]),
    Code.SHARE_OUTSIDE: lambda p: "Une part est attribuée à une structure hors du groupement.",
    Code.SHARE_LOT_NOT_CARRIED: lambda p: (
        f"Une part du lot {p.data['lot']} est attribuée à une structure qui ne porte pas ce lot."
    ),
    Code.LOT_VALUES_MISSING: lambda p: (
        f"Lot {p.data['lot']} : indiquez le montant ou le pourcentage de chaque membre."
    ),
    Code.LOT_PERCENT_MISSING: lambda p: (
        f"Lot {p.data['lot']} : indiquez le pourcentage de chaque membre."
    ),
    Code.LOT_NOT_HUNDRED: lambda p: (
        f"Lot {p.data['lot']} : les parts font {_percent(p)} % au lieu de 100 %."
    ),
    Code.SHARE_SERVICES_TOO_LONG: lambda p: (
        f"Lot {p.data['lot']} : la description des prestations dépasse "
        f"{_thousands(p.data['limit'])} caractères."
    ),
    Code.NOT_READY: _not_ready,
    Code.LEAD_CANNOT_LEAVE: lambda p: (
        "Le mandataire ne peut pas quitter le groupement : désignez d'abord un autre mandataire."
    ),
    Code.BAD_IBAN: lambda p: "Cet IBAN n'est pas valide : vérifiez-le sur votre RIB.",
    Code.BAD_BIC: lambda p: (
        "Ce BIC n'est pas valide (8 ou 11 caractères, par exemple CCBPFRPPLIL)."
    ),
    Code.RESPOND_BY_PAST: lambda p: "La date de réponse ne peut pas être passée.",
}

# Beside the whole sentence of a conflict, the short one shown next to its field.
_FIELD_MESSAGES = {
    Code.LEADS_ANOTHER: "Déjà mandataire d'un autre groupement.",
}


def _field_message(p: Problem) -> str | None:
    if p.code is Code.ENGAGED_ELSEWHERE:
        if p.data["buyer_forbids"] == "several_consortia":
            return "Structure déjà membre d'un autre groupement."
        return "Structure déjà engagée dans une autre réponse."
    return _FIELD_MESSAGES.get(p.code)


def message(problem: Problem) -> str:
    """What the person reads, in French."""
    return _MESSAGES[problem.code](problem)


def error_for(problems: Sequence[Problem]) -> DomainError | None:
    """What was typed first (422, one message per field, the last one found for a field
    that breaks several rules), then the first clash (409); None when all is well."""
    fields: dict[str, str] = {}
    for problem in problems:
        if not problem.conflict:
            fields[problem.field] = message(problem)
    if fields:
        return Invalid(fields)
    if not problems:
        return None
    first = problems[0]
    short = _field_message(first)
    return Conflict(message(first), fields={first.field: short} if short else None)


def ensure_none(problems: Sequence[Problem]) -> None:
    """Raise the error the problems add up to, if any."""
    error = error_for(problems)
    if error is not None:
        raise error


# --- Structures nobody can be reached at ---------------------------------------------------

NO_DIRECTOR = "pas de directeur·rice avec un compte"
REACH_THEM = (
    "Invitez un·e directeur·rice depuis la composition, ou répondez au nom de la structure "
    "une fois son accord obtenu."
)


def names_fr(names: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} et {names[-1]}"


def _have(names: Sequence[str]) -> str:
    return "a" if len(names) == 1 else "ont"


def invited(count: int, unreached: Sequence[str]) -> str:
    """After « Inviter » : the structures really mailed, and those nobody could be mailed at."""
    if not count and not unreached:
        return "Toutes les structures ont déjà été invitées."
    mailed = f"Invitation envoyée à {count} structure{'s' if count > 1 else ''}." if count else ""
    if not unreached:
        return mailed
    who = names_fr(unreached)
    if not count:
        return f"Aucun e-mail envoyé : {who} n'{_have(unreached)} {NO_DIRECTOR}. {REACH_THEM}"
    return f"{mailed} {who} n'{_have(unreached)} reçu aucun e-mail ({NO_DIRECTOR}). {REACH_THEM}"


def outline_kept(kept: Sequence[str]) -> str:
    """What the page says when the default outline left parts with the coordination."""
    if not kept:
        return ""
    return (
        f"Les parties de {names_fr(kept)} restent à la coordination, personne ne pouvant les "
        f"écrire ({NO_DIRECTOR}). Invitez un·e directeur·rice depuis la composition, puis "
        "confiez-les-lui."
    )


def on_behalf(name: str) -> str:
    """How the journal says the coordination answered for a structure."""
    return f"au nom de {name}"
