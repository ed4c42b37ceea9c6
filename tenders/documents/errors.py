"""Why a template or a rendering was refused, in words the person who uploaded it can act on."""

from __future__ import annotations

from tenders.errors import DomainError

_FIX = "Corrigez le modèle (boucles imbriquées, textes répétés) puis déposez-le à nouveau."


class TemplateRefused(DomainError):
    """The template is unsafe, malformed or asks for data Cordée does not provide."""

    status_code = 422


class RenderError(DomainError):
    """The template was accepted but could not be filled with this bid's data."""

    status_code = 422


class RenderLimitExceeded(RenderError):
    """Producing the document took too long or built too big a document: nothing is kept."""


def _document(name: str) -> str:
    return f" « {name} »" if name else ""


def _named(name: str) -> str:
    return f" (« {name} »)" if name else ""


def too_slow(seconds: float, document: str = "") -> RenderLimitExceeded:
    return RenderLimitExceeded(
        f"Le modèle met trop de temps à produire le document{_document(document)} "
        f"(plus de {seconds:g} secondes) : il est arrêté et rien n'est enregistré. {_FIX}"
    )


def too_big(document: str = "", memory_mb: int | None = None) -> RenderLimitExceeded:
    if memory_mb is None:
        why = (
            "une de ses balises fabrique plus d'un million de caractères ou d'éléments "
            "(texte répété, largeur de mise en forme, liste remplie en boucle)"
        )
    else:
        why = f"le produire demande plus de {memory_mb} Mo de mémoire"
    return RenderLimitExceeded(
        f"Le modèle produit un document trop gros{_named(document)} : {why}. "
        f"Rien n'est enregistré. {_FIX}"
    )
