"""The one error of this package, and the French reasons it gives."""

from __future__ import annotations

from tenders.errors import DomainError

MAX_NOTICE_BYTES = 5 * 1024 * 1024

EMPTY = "Le fichier est vide."
TOO_LARGE = "Le fichier dépasse la taille maximale de 5 Mo."
UNKNOWN_FORMAT = (
    "Ce fichier n'est ni un avis eForms (XML), ni un enregistrement BOAMP (JSON), "
    "ni une publication OCDS (JSON)."
)
XML_ENTITY = "Le fichier contient une déclaration d'entité XML : il est refusé par sécurité."
XML_DOCTYPE = "Le fichier contient une déclaration DOCTYPE : il est refusé par sécurité."
XML_BROKEN = "Le fichier XML est incomplet ou mal formé (ligne {line})."
XML_NOT_EFORMS = (
    "Ce fichier XML n'est pas un avis eForms (élément racine « {root} ») : seuls les avis "
    "de marché eForms publiés sur TED sont lus."
)
XML_TED_LEGACY = (
    "Ce fichier est un avis TED à l'ancien format (TED_EXPORT), qui n'est pas lu : "
    "importez la version eForms de l'avis."
)
NOT_A_CONTRACT_NOTICE = "Ce fichier est {what}, pas un avis de marché."
JSON_BROKEN = "Le fichier JSON est incomplet ou mal formé (ligne {line})."
JSON_TOO_DEEP = "Le fichier JSON est imbriqué trop profondément : ce n'est pas un avis."
JSON_NOT_UTF8 = "Le fichier JSON n'est pas encodé en UTF-8."
BOAMP_EMPTY = "Le fichier BOAMP ne contient aucun avis."
OCDS_EMPTY = "Le fichier OCDS ne contient aucune publication."
OCDS_NO_TENDER = (
    "Cette publication OCDS ne décrit pas d'appel à la concurrence (pas de partie « tender »)."
)


class NoticeError(DomainError):
    """A file that cannot be read as a contract notice; ``message`` says why, in French."""

    status_code = 422

    def __init__(self, message: str, *, field: str = "file") -> None:
        super().__init__(message, fields={field: message})


def not_a_contract_notice(what: str) -> NoticeError:
    """« Ce fichier est un avis d'attribution, pas un avis de marché. »"""
    return NoticeError(NOT_A_CONTRACT_NOTICE.format(what=what))
