"""The error answers of the JSON API, documented on every operation of the OpenAPI schema.

Every API error has the same body (see ``tenders/web/errors.py``): the status, a French
``detail`` saying what to do, and for invalid input the ``errors`` by field."""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec


class FieldError(msgspec.Struct):
    field: str
    message: str


class ErrorBody(msgspec.Struct, omit_defaults=True):
    status_code: int
    detail: str
    errors: list[FieldError] = []


ALWAYS = {
    401: "Pas de session : connectez-vous (POST /api/session).",
    403: "Vous n'avez pas le droit de faire cela (ou jeton CSRF absent).",
    404: "Introuvable, ou pas à vous.",
    429: "Trop de tentatives : réessayez plus tard.",
}
WITH_INPUT = {
    400: "Requête mal formée (JSON illisible, en-tête Host inconnu).",
    409: "Conflit avec l'état actuel (déjà fait, figé, modifié entre-temps).",
    412: "La version envoyée dans If-Match n'est plus la dernière.",
    413: "Corps de requête trop volumineux.",
    422: "Donnée invalide : voir « errors », champ par champ.",
    428: "En-tête If-Match requis.",
}


def document_errors(app: Litestar) -> None:
    """Add the error answers to every ``/api`` operation that does not list them already."""
    for route in app.routes:
        if not route.path.startswith("/api/") or route.path.startswith("/api/schema"):
            continue
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler):
                continue
            codes = dict(ALWAYS)
            codes.update(WITH_INPUT)
            responses = dict(handler.responses or {})
            for status, description in codes.items():
                responses.setdefault(
                    status,
                    ResponseSpec(
                        data_container=ErrorBody, description=description, generate_examples=False
                    ),
                )
            handler.responses = responses
