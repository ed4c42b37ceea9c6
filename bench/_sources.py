"""Shared by the watch's benchmark: a local server answering as BOAMP's open data and TED's
search do, over records made here in BOAMP's real shapes (MAPA notices with their ``donnees``)."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# (object, main CPV, what the notice says): what a Nord-Pas-de-Calais week brings, the
# collective's trades and others alike.
THEMES: tuple[tuple[str, str, str], ...] = (
    ("Entretien des espaces verts", "77310000", "Tonte, taille des haies et désherbage."),
    ("Nettoyage des locaux administratifs", "90910000", "Nettoyage quotidien des bureaux."),
    ("Blanchisserie du linge", "98310000", "Collecte, lavage et livraison du linge plat."),
    ("Restauration collective", "55520000", "Fourniture et livraison de repas en liaison froide."),
    (
        "Accompagnement socioprofessionnel",
        "85312320",
        "Accompagnement de personnes éloignées de l'emploi vers l'insertion professionnelle.",
    ),
    ("Formation des agents", "80530000", "Actions de formation professionnelle continue."),
    ("Collecte des encombrants", "90511000", "Collecte et tri des encombrants des ménages."),
    ("Réparation de vélos", "50000000", "Entretien et réparation de la flotte de vélos."),
    ("Travaux de voirie", "45233140", "Réfection des chaussées et des trottoirs."),
    ("Fourniture de mobilier de bureau", "39130000", "Bureaux, chaises et rangements."),
    ("Maintenance des ascenseurs", "50750000", "Maintenance préventive et corrective."),
    ("Assurance dommages aux biens", "66515000", "Contrat d'assurance des bâtiments."),
    ("Prestations informatiques", "72000000", "Infogérance du parc informatique."),
    (
        "Entretien des cimetières",
        "77313000",
        "Désherbage manuel des allées des cimetières, "
        "réservé aux structures d'insertion par l'activité économique.",
    ),
)
BUYERS = (
    ("Commune de Valenciennes", "59"),
    ("Communauté d'agglomération de la Porte du Hainaut", "59"),
    ("Département du Nord", "59"),
    ("Commune de Cambrai", "59"),
    ("Commune d'Arras", "62"),
    ("Centre hospitalier de Lens", "62"),
)


def record(number: int, published: date, rng: random.Random) -> dict[str, Any]:
    """One BOAMP record: a MAPA notice of one of the themes, its full text in ``donnees``."""
    title, cpv, text = THEMES[number % len(THEMES)]
    buyer, departement = BUYERS[number % len(BUYERS)]
    idweb = f"{published:%y}-{number:06d}"
    deadline = published + timedelta(days=rng.randint(12, 50))
    donnees = {
        "MAPA": {
            "initial": {
                "organisme": {
                    "nom": buyer,
                    "adr": {
                        "voie": "1 place de la Mairie",
                        "cp": f"{departement}000",
                        "ville": "Ville",
                    },
                },
                "description": {"objet": f"{title} ({number})", "referenceMarche": f"R-{number}"},
                "caracteristiques": {"principales": text, "dureeMois": "24"},
                "CPV": {"objetPrincipal": {"classPrincipale": cpv}},
            }
        }
    }
    return {
        "idweb": idweb,
        "id": idweb,
        "objet": f"{title} ({number})",
        "nomacheteur": buyer,
        "dateparution": published.isoformat(),
        "datelimitereponse": f"{deadline.isoformat()}T12:00:00+01:00",
        "code_departement": [departement],
        "type_marche": ["TRAVAUX" if cpv.startswith("45") else "SERVICES"],
        "type_procedure": "PROCEDURE_ADAPTE",
        "nature": "APPEL_OFFRE",
        "nature_libelle": "Avis de marché",
        "etat": "INITIAL",
        "famille": "MAPA",
        "url_avis": f"https://www.boamp.fr/pages/avis/?q=idweb:{idweb}",
        "donnees": json.dumps(donnees, ensure_ascii=False),
    }


def records(count: int, today: date) -> list[dict[str, Any]]:
    rng = random.Random(17)
    return [record(n, today - timedelta(days=n % 2), rng) for n in range(1, count + 1)]


def _handler(served: list[dict[str, Any]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, document: Any) -> None:
            body = json.dumps(document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # BOAMP's records endpoint
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            start, size = int(query.get("offset", 0)), int(query.get("limit", 100))
            self._send({"total_count": len(served), "results": served[start : start + size]})

        def do_POST(self) -> None:  # TED's search: nothing in this benchmark
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self._send({"notices": [], "totalNoticeCount": 0})

    return Handler


@contextmanager
def serving(served: list[dict[str, Any]]) -> Iterator[str]:
    """The local server's address while the block runs."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
