"""The one error of this package, and the French reasons it gives."""

from __future__ import annotations

from tenders.errors import DomainError

MAX_REQUEST_BYTES = 5 * 1024 * 1024

EMPTY = "Le fichier est vide : déposez le DUME (ESPD Request) XML fourni par l'acheteur."
TOO_LARGE = "Le fichier dépasse la taille maximale de 5 Mo : ce n'est pas un DUME d'acheteur."
XML_ENTITY = "Le fichier contient une déclaration d'entité XML : il est refusé par sécurité."
XML_DOCTYPE = "Le fichier contient une déclaration DOCTYPE : il est refusé par sécurité."
XML_BROKEN = "Le fichier XML est incomplet ou mal formé (ligne {line})."
NOT_A_REQUEST = (
    "Ce fichier n'est pas un DUME d'acheteur (ESPD Request) : son élément racine est « {root} ». "
    "Déposez le fichier XML « espd-request » des documents de la consultation."
)
A_RESPONSE = (
    "Ce fichier est une réponse (ESPD Response) d'un opérateur, pas la demande de l'acheteur : "
    "déposez le DUME de l'acheteur (ESPD Request) des documents de la consultation."
)
UNKNOWN_VERSION = (
    "Ce DUME est à la version « {version} » du format ESPD, que Cordée ne lit pas : seule la "
    "version 4.1.0 est lue. Demandez à l'acheteur le DUME au format ESPD-EDM 4.1.0, ou "
    "remplissez le DUME sur le service national."
)
UNKNOWN_CRITERION = (
    "Le DUME de l'acheteur demande un critère inconnu de la version 4.1.0 (« {criterion} ») : "
    "vérifiez le fichier auprès de l'acheteur."
)
UNKNOWN_LOT = "le lot « {lot} » n'est pas un lot de la consultation ({lots})"
MISSING_ANSWER = "Le DUME de « {member} » ne peut être produit : {what}."


class EspdError(DomainError):
    """A file that cannot be read as a buyer's ESPD Request, or data a response lacks."""

    status_code = 422

    def __init__(self, message: str, *, field: str = "file") -> None:
        super().__init__(message, fields={field: message})
