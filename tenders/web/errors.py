"""Errors mapped to HTTP in one place: French pages for people, JSON under /api."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from asyncpg.exceptions import (
    InterfaceError,
    NumericValueOutOfRangeError,
    OperatorInterventionError,
    PostgresConnectionError,
)
from litestar import MediaType, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect, Template
from litestar.response.base import ASGIResponse
from litestar.types import Empty, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from tenders.accounts.schemas import CurrentUser
from tenders.errors import DomainError
from tenders.web.auth import SESSION_COOKIE, current_user
from tenders.web.csrf import CSRF_COOKIE, issue_token, token_fits
from tenders.web.deps import Req

log = logging.getLogger("tenders.web")

GENERIC = {
    400: "La requête n'a pas pu être comprise. Vérifiez ce que vous avez envoyé.",
    401: "Connectez-vous pour accéder à cette page.",
    403: "Vous n'avez pas accès à cette page.",
    404: "Cette page n'existe pas ou n'existe plus.",
    405: "Cette action n'est pas possible à cette adresse.",
    409: "Cette action entre en conflit avec l'état actuel des données.",
    413: "Le contenu envoyé est trop volumineux.",
    415: "Ce type de contenu n'est pas accepté.",
    422: "Certaines valeurs ne conviennent pas.",
    429: "Trop de demandes en peu de temps. Patientez quelques minutes.",
    500: "Une erreur inattendue s'est produite. L'équipe technique peut la retrouver "
    "dans les journaux ; réessayez dans un instant.",
    503: "Le service est momentanément indisponible. Réessayez dans quelques instants.",
}

TITLES = {
    400: "Requête incorrecte",
    401: "Connexion nécessaire",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Action impossible",
    409: "Conflit",
    413: "Contenu trop volumineux",
    415: "Type de contenu refusé",
    422: "Valeurs à corriger",
    429: "Trop de tentatives",
    500: "Erreur du service",
    503: "Service indisponible",
}

CSRF_MESSAGE = (
    "Le formulaire a expiré ou ne provient pas de Cordée (jeton de sécurité absent ou "
    "invalide). Rechargez la page et recommencez."
)


def wants_json(request: Req) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/healthz"


JSON_INVALID = "Le corps de la requête n'est pas un JSON valide."
_TYPES = {
    "str": "du texte",
    "int": "un nombre entier",
    "float": "un nombre",
    "bool": "vrai ou faux (true/false)",
    "object": "un objet JSON",
    "array": "une liste",
    "null": "une valeur vide (null)",
}
_MISSING = re.compile(r"missing required field `([^`]+)`")
_EXPECTED = re.compile(r"Expected `([^`]+)`, got `([^`]+)`")
_AT = re.compile(r"at `\$\.([^`]+)`")
# msgspec's bounds: « Expected `int` <= 200 », « Expected `str` of length <= 100 ».
_BOUND = re.compile(r"Expected `([^`]+)`( of length)? (<=|>=|<|>) (-?[0-9.]+)")
_AS_NUMBER = {
    "<=": "au plus égal à",
    ">=": "au moins égal à",
    "<": "inférieur à",
    ">": "supérieur à",
}
_AS_LENGTH = {"<=": "au plus", ">=": "au moins", "<": "moins de", ">": "plus de"}
_COUNTED = {"str": "caractères", "array": "éléments", "object": "champs", "bytes": "octets"}


def _validation_fields(exc: ValidationException) -> tuple[int, str, dict[str, str]]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    fields: dict[str, str] = {}
    for item in extra:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", ""))
        key = str(item.get("key") or "body")
        if key == "data":
            key = "body"
        if missing := _MISSING.search(message):
            fields[missing.group(1)] = "Ce champ est obligatoire."
            continue
        if at := _AT.search(message):
            key = at.group(1)
        fields[key] = _french_validation(message)
    if not fields:
        return 400, JSON_INVALID, {}
    summary = "Certaines valeurs ne conviennent pas : " + " ; ".join(
        f"{k} : {v}" for k, v in fields.items()
    )
    return 422, summary, fields


def _french_validation(message: str) -> str:
    if expected := _EXPECTED.search(message):
        want, got = (_TYPES.get(t, t) for t in expected.groups())
        return f"Valeur attendue : {want} (reçu : {got})."
    if bound := _BOUND.search(message):
        kind, length, side, limit = bound.groups()
        digits = limit.lstrip("-").isdigit()
        shown = f"{int(limit):,}".replace(",", "\u202f") if digits else limit.replace(".", ",")
        if length:
            counted = _COUNTED.get(kind, "éléments")
            counted = counted[:-1] if limit == "1" else counted
            return f"Valeur refusée : {_AS_LENGTH[side]} {shown} {counted}."
        return f"Valeur refusée : {_TYPES.get(kind, kind)} {_AS_NUMBER[side]} {shown}."
    return f"Valeur refusée ({message})."


def _json(
    status: int,
    detail: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    body: dict[str, Any] = {"status_code": status, "detail": detail}
    if fields:
        body["errors"] = [{"field": k, "message": v} for k, v in fields.items()]
    return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)


class _Deferred(ASGIResponse):
    """An answer made as it is sent, where it may wait on the database (an exception
    handler may not)."""

    def __init__(self, make: Callable[[], Awaitable[ASGIResponse]]) -> None:
        self.make = make

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await (await self.make())(scope, receive, send)


class _ErrorPage(Template):
    """An error page with the site's navigation for whoever is signed in. An unknown address
    matches no route, so neither the guard nor the CSRF middleware has run: the session is
    read here, and the logout form gets its token."""

    def __init__(self, request: Req, status: int, message: str) -> None:
        super().__init__(
            template_name="errors/error.html",
            context={
                "status": status,
                "title": TITLES.get(status, "Erreur"),
                "message": message,
                "flashes": [],
                "current_path": request.url.path,
            },
            status_code=status,
            media_type=MediaType.HTML,
        )
        self.request, self.status = request, status

    def to_asgi_response(self, *args: Any, **kwargs: Any) -> ASGIResponse:
        async def make() -> ASGIResponse:
            user = await _signed_in(self.request, self.status)
            self.context["user"] = user
            if user is not None:
                self._give_csrf_token()
            return super(_ErrorPage, self).to_asgi_response(*args, **kwargs)

        return _Deferred(make)

    def _give_csrf_token(self) -> None:
        state = ScopeState.from_scope(self.request.scope)
        if state.csrf_token is not Empty:
            return
        cookies = self.request.cookies
        session, token = cookies.get(SESSION_COOKIE, ""), cookies.get(CSRF_COOKIE, "")
        settings = self.request.app.state.settings
        if not (token and token_fits(settings.secret_key, token, session)):
            token = issue_token(settings.secret_key, session)
            self.set_cookie(
                CSRF_COOKIE, token, path="/", samesite="lax", secure=settings.cookie_secure
            )
        state.csrf_token = token


async def _signed_in(request: Req, status: int) -> CurrentUser | None:
    """Who is signed in, if it can be known: after a server error only what the request
    already read (the database may be the cause), and nobody when the session cannot be
    read."""
    if status >= 500:
        user: CurrentUser | None = request.state.get("user")
        return user
    try:
        return await current_user(request)
    except Exception:
        log.warning("session unreadable on an error page for %s", request.url.path, exc_info=True)
        return None


def _respond(
    request: Req,
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    if wants_json(request):
        return _json(status, message, fields, headers)
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(path=f"/connexion?suivant={quote(target)}", status_code=303)
    page = _ErrorPage(request, status, message)
    page.headers.update(headers or {})
    return page


def domain_error_handler(request: Req, exc: DomainError) -> Response[Any]:
    return _respond(request, exc.status_code, exc.message, exc.fields)


def http_error_handler(request: Req, exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if isinstance(exc, ValidationException):
        status, message, fields = _validation_fields(exc)
        return _respond(request, status, message, fields)
    if isinstance(exc, PermissionDeniedException) and "csrf" in str(exc.detail).lower():
        return _respond(request, 403, CSRF_MESSAGE)
    if status == 400 and request.content_type[0] == "application/json":
        return _respond(request, 400, JSON_INVALID)
    if isinstance(exc, NotAuthorizedException):
        return _respond(request, 401, GENERIC[401])
    if status == 400 and "host" in str(exc.detail).lower():
        return _respond(request, 400, "Nom d'hôte non autorisé pour ce service.")
    if status >= 500:
        log.error("HTTP %s on %s: %s", status, request.url.path, exc.detail, exc_info=exc)
    # Keep what the answer needs to be understood, e.g. « Allow » with a 405 (RFC 9110).
    kept = {k: v for k, v in (exc.headers or {}).items() if k.lower() in {"allow", "retry-after"}}
    return _respond(request, status, GENERIC.get(status, GENERIC[400]), headers=kept)


OUT_OF_RANGE = (
    "Un nombre envoyé dépasse les valeurs possibles : vérifiez les identifiants et montants."
)


def out_of_range_handler(request: Req, exc: Exception) -> Response[Any]:
    """A number the database cannot hold (an identifier of 30 digits, say): the input's fault."""
    return _respond(request, 422, OUT_OF_RANGE)


DATABASE_DOWN = (
    "La base de données est momentanément indisponible. Rien de ce que vous avez saisi n'a été "
    "enregistré : réessayez dans quelques instants."
)


def database_down_handler(request: Req, exc: Exception) -> Response[Any]:
    """The database restarting or out of reach: 503 in French; the pool reconnects by itself."""
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return _respond(request, 503, DATABASE_DOWN, headers={"Retry-After": "10"})


def internal_error_handler(request: Req, exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(request, 500, GENERIC[500])


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    HTTPException: http_error_handler,
    OverflowError: out_of_range_handler,
    NumericValueOutOfRangeError: out_of_range_handler,
    PostgresConnectionError: database_down_handler,
    OperatorInterventionError: database_down_handler,
    InterfaceError: database_down_handler,
    ConnectionError: database_down_handler,
    Exception: internal_error_handler,
}
