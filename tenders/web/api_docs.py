"""The API's browsable documentation: Swagger UI from the installed ``swagger-ui-py`` package,
served by this host under ``/api/schema/assets`` (no CDN), started by ``/static/api-docs.js``
(no inline script, so the page keeps the site's Content-Security-Policy)."""

from __future__ import annotations

import html
import importlib.util
from pathlib import Path
from typing import Any

from litestar import Request, Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.config import default_operation_id_creator
from litestar.openapi.plugins import OpenAPIRenderPlugin
from litestar.static_files import create_static_files_router

ASSETS = "/assets"


def swagger_ui_dir() -> Path:
    """The folder of Swagger UI's files in the installed package (the package is not imported:
    it would pull in its framework adapters)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "Le paquet swagger-ui-py n'est pas installé (pip install swagger-ui-py)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static"


class SwaggerDocsPlugin(OpenAPIRenderPlugin):
    """Swagger UI at the schema's root (``/api/schema``) and at ``/api/schema/swagger``."""

    def __init__(self) -> None:
        super().__init__(path=["/", "/swagger"], favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        schema_url = html.escape(self.get_openapi_json_route(request))
        css, script = (
            html.escape(request.app.route_reverse("api_docs_assets", file_path=f"/{name}"))
            for name in ("swagger-ui.css", "swagger-ui-bundle.js")
        )
        title = html.escape(str(openapi_schema.get("info", {}).get("title", "API")))
        page = f"""<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} · documentation</title>
  <link rel="stylesheet" href="{css}">
</head>
<body>
<main>
  <div id="swagger-ui" data-schema-url="{schema_url}">
    <p>Le schéma OpenAPI de l'API est à l'adresse
      <a href="{schema_url}">{schema_url}</a> (JSON). Cette page l'affiche de façon
      interactive quand JavaScript est activé.</p>
  </div>
</main>
<script src="{script}"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""
        return page.encode()

    def receive_router(self, router: Router) -> None:
        router.register(
            create_static_files_router(
                path=ASSETS,
                directories=[swagger_ui_dir()],
                name="api_docs_assets",
                opt={"public": True, "sessionless": True},
                include_in_schema=False,
            )
        )


def operation_id(handler: HTTPRouteHandler, method: Any, path: list[Any]) -> str:
    """An API operation's identifier is its handler's name in camel case: the handler
    ``get_outcome`` is the operation ``getOutcome`` (a handler may still name one itself).
    Litestar's own routes (the schema's) keep Litestar's identifiers."""
    if not handler.fn.__module__.startswith("tenders."):
        return default_operation_id_creator(handler, method, path)
    first, *rest = handler.handler_name.split("_")
    return first + "".join(word.title() for word in rest)
