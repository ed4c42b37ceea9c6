"""A local HTTP server that answers as BOAMP and TED do, and records in their shapes: what the
watch's tests (and its benchmark) fetch from instead of the internet."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: bool = False  # announce the full length, send half, close


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    user_agent: str


Route = Callable[[Request], Reply]


class Server:
    """Answers each request with ``route`` and remembers the requests."""

    def __init__(self) -> None:
        self.route: Route = lambda request: Reply(404)
        self.requests: list[Request] = []
        self.url = ""

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            request = Request(
                self.command,
                parts.path,
                {k: v[0] for k, v in parse_qs(parts.query).items()},
                json.loads(raw) if raw else None,
                self.headers.get("User-Agent", ""),
            )
            server.requests.append(request)
            reply = server.route(request)
            time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            # the client may stop reading an oversized answer
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(reply.body[: len(reply.body) // 2] if reply.cut else reply.body)
            self.close_connection = True

        do_GET = do_POST = _answer

    return Handler


@contextlib.contextmanager
def serving() -> Iterator[Server]:
    """A server on 127.0.0.1 and a free port, for as long as the block lasts."""
    state = Server()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    httpd.block_on_close = False
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with serving() as state:
        yield state


def as_json(document: Any) -> Reply:
    return Reply(body=json.dumps(document).encode(), headers={"Content-Type": "application/json"})


def boamp_record(number: int, donnees: Any = None) -> dict[str, Any]:
    return {
        "idweb": f"26-{number:05d}",
        "objet": f"Entretien des espaces verts, lot {number}",
        "nomacheteur": "Commune de Exemple",
        "dateparution": "2026-12-02",
        "datelimitereponse": "2027-01-15T12:00:00+01:00",
        "code_departement": ["69"],
        "descripteur_code": ["183"],
        "type_marche": ["SERVICES"],
        "nature": "APPEL_OFFRE",
        "nature_libelle": "Avis de marché",
        "url_avis": f"https://www.boamp.fr/pages/avis/?q=idweb:%2226-{number:05d}%22",
        "donnees": json.dumps(donnees or {"FNSimple": {"initial": {"natureMarche": "SERVICES"}}}),
    }


def boamp_pages(records: list[dict[str, Any]]) -> Route:
    """The records endpoint over ``records``, honouring ``limit`` and ``offset``."""

    def route(request: Request) -> Reply:
        start, size = int(request.query["offset"]), int(request.query["limit"])
        return as_json({"total_count": len(records), "results": records[start : start + size]})

    return route
