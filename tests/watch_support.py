"""A local HTTP server that answers as BOAMP and TED do, and records in their shapes: what the
watch's tests (and its benchmark) fetch from instead of the internet."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

import pytest

from tenders.watch.ted import TedNotice


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


BOAMP_NATURES = {
    "initial": ("APPEL_OFFRE", "Avis de marché", "INITIAL"),
    "rectificatif": ("RECTIFICATIF", "Rectificatif", "RECTIFICATIF"),
    "attribution": ("ATTRIBUTION", "Avis d'attribution", "INITIAL"),
}


def boamp_eforms_donnees(
    folder_id: str, title: str, cpv: str = "", reference: str = "", siret: str = ""
) -> dict[str, Any]:
    """A ``donnees`` in BOAMP's eForms form (since 2024), carrying the ContractFolderID."""
    project: dict[str, Any] = {
        "cbc:Name": {"#text": title, "@languageID": "FRA"},
        "cbc:ProcurementTypeCode": {"#text": "services", "@listName": "contract-nature"},
    }
    if reference:
        project["cbc:ID"] = {"#text": reference, "@schemeName": "InternalID"}
    if cpv:
        project["cac:MainCommodityClassification"] = {
            "cbc:ItemClassificationCode": {"#text": cpv, "@listName": "cpv"}
        }
    notice: dict[str, Any] = {"cbc:ContractFolderID": folder_id, "cac:ProcurementProject": project}
    if siret:
        company = {"cac:PartyLegalEntity": {"cbc:CompanyID": siret}}
        notice["ext:UBLExtensions"] = {
            "ext:UBLExtension": {
                "ext:ExtensionContent": {
                    "efext:EformsExtension": {
                        "efac:Organizations": {"efac:Organization": [{"efac:Company": company}]}
                    }
                }
            }
        }
    return {"EFORMS": {"ContractNotice": notice}}


def boamp_record(
    number: int,
    donnees: Any = None,
    *,
    objet: str | None = None,
    day: str = "2026-12-02",
    deadline: str | None = "2027-01-15T12:00:00+01:00",
    folder_id: str | None = None,
    nature: str = "initial",
    linked: list[str] | str | None = None,
    buyer: str = "Commune de Exemple",
    departements: list[str] | None = None,
    kind: str = "SERVICES",
    cpv: str = "",
    reference: str = "",
    siret: str = "",
) -> dict[str, Any]:
    """A record of BOAMP's open data, as the records endpoint gives it: idweb « 26-<number> »;
    ``nature`` "initial", "rectificatif" or "attribution"; ``linked``: the idwebs of the notice
    it corrects (``annonce_lie``); ``folder_id``: an eForms-form record (``contractfolderid``,
    and a ``donnees`` in eForms form unless one is given); ``deadline`` None: none stated;
    ``reference`` and ``siret``: the buyer's, in ``donnees``."""
    idweb = f"26-{number:05d}"
    title = objet if objet is not None else f"Entretien des espaces verts, lot {number}"
    code, label, state = BOAMP_NATURES[nature]
    if donnees is None and folder_id:
        donnees = boamp_eforms_donnees(folder_id, title, cpv, reference, siret)
    elif donnees is None:
        initial: dict[str, Any] = {"natureMarche": kind}
        if reference:
            initial["referenceMarche"] = reference
        if siret:
            initial["organisme"] = {"codeIdentNational": siret}
        donnees = {"FNSimple": {"initial": initial}}
    record: dict[str, Any] = {
        "idweb": idweb,
        "objet": title,
        "nomacheteur": buyer,
        "dateparution": day,
        "datelimitereponse": deadline,
        "code_departement": ["69"] if departements is None else departements,
        "descripteur_code": ["183"],
        "type_marche": [kind],
        "nature": code,
        "nature_libelle": label,
        "etat": state,
        "url_avis": f"https://www.boamp.fr/pages/avis/?q=idweb:%22{idweb}%22",
        "donnees": donnees if isinstance(donnees, str) else json.dumps(donnees),
    }
    if folder_id:
        record["contractfolderid"] = folder_id
    if linked is not None:
        record["annonce_lie"] = linked
    return record


def boamp_pages(records: list[dict[str, Any]]) -> Route:
    """The records endpoint over ``records``, honouring ``limit`` and ``offset``."""

    def route(request: Request) -> Reply:
        start, size = int(request.query["offset"]), int(request.query["limit"])
        return as_json({"total_count": len(records), "results": records[start : start + size]})

    return route


_EFORMS_NS = (
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" '
    'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" '
    'xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1" '
    'xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1" '
    'xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1"'
)


def _x(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


def eforms_notice(
    folder_id: str,
    title: str = "Entretien des espaces verts",
    deadline: datetime | None = datetime(2027, 1, 15, 11, 0, tzinfo=UTC),
    cpv: str | list[str] = "77310000",
    version: str = "01",
    *,
    notice_id: str | None = None,
    changes: bool | None = None,
    description: str = "Tonte, taille et ramassage des feuilles dans les parcs de la commune.",
    buyer: str = "Commune de Exemple",
    siret: str = "21690123100003",
    reference: str = "",
    nuts: str = "FRK26",
    kind: str = "services",
    reserved: str = "none",
    published: date = date(2026, 12, 2),
) -> bytes:
    """A small eForms contract notice (one lot) that ``tenders.notices.read_notice`` reads.

    ``version`` other than "01" is a change notice (``efac:Changes``) of the same folder,
    unless ``changes`` says otherwise; ``reserved``: BT-71's code ("res-ws", "res-pub-ser",
    "none"); ``deadline`` None: no offers deadline."""
    codes = [cpv] if isinstance(cpv, str) else cpv
    changed = version != "01" if changes is None else changes
    ident = notice_id or f"{folder_id}-notice-{version}"
    classes = "".join(
        f"<cac:{'Main' if i == 0 else 'Additional'}CommodityClassification>"
        f'<cbc:ItemClassificationCode listName="cpv">{code}</cbc:ItemClassificationCode>'
        f"</cac:{'Main' if i == 0 else 'Additional'}CommodityClassification>"
        for i, code in enumerate(codes)
    )
    project = (
        f'<cbc:Name languageID="FRA">{_x(title)}</cbc:Name>'
        f'<cbc:Description languageID="FRA">{_x(description)}</cbc:Description>'
        f'<cbc:ProcurementTypeCode listName="contract-nature">{kind}</cbc:ProcurementTypeCode>'
        f"{classes}"
        "<cac:RealizedLocation><cac:Address>"
        f'<cbc:CountrySubentityCode listName="nuts">{nuts}</cbc:CountrySubentityCode>'
        '<cac:Country><cbc:IdentificationCode listName="country">FRA</cbc:IdentificationCode>'
        "</cac:Country></cac:Address></cac:RealizedLocation>"
    )
    period = ""
    if deadline is not None:
        moment = deadline.astimezone(UTC)
        period = (
            "<cac:TenderSubmissionDeadlinePeriod>"
            f"<cbc:EndDate>{moment:%Y-%m-%d}Z</cbc:EndDate>"
            f"<cbc:EndTime>{moment:%H:%M:%S}Z</cbc:EndTime>"
            "</cac:TenderSubmissionDeadlinePeriod>"
        )
    change = (
        "<efac:Changes><efac:ChangeReason>"
        '<cbc:ReasonCode listName="change-corrig-justification">info-release</cbc:ReasonCode>'
        "</efac:ChangeReason><efac:Change>"
        f"<efbc:ChangedNoticeIdentifier>{_x(folder_id)}-notice-01</efbc:ChangedNoticeIdentifier>"
        "</efac:Change></efac:Changes>"
        if changed
        else ""
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><ContractNotice {_EFORMS_NS}>'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>"
        f"{change}"
        '<efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">16</cbc:SubTypeCode>'
        "</efac:NoticeSubType>"
        "<efac:Organizations><efac:Organization><efac:Company>"
        '<cac:PartyIdentification><cbc:ID schemeName="organization">ORG-0001</cbc:ID>'
        "</cac:PartyIdentification>"
        f'<cac:PartyName><cbc:Name languageID="FRA">{_x(buyer)}</cbc:Name></cac:PartyName>'
        "<cac:PostalAddress><cbc:StreetName>1 place de la Mairie</cbc:StreetName>"
        "<cbc:CityName>Exemple</cbc:CityName><cbc:PostalZone>69001</cbc:PostalZone>"
        '<cac:Country><cbc:IdentificationCode listName="country">FRA</cbc:IdentificationCode>'
        "</cac:Country></cac:PostalAddress>"
        f"<cac:PartyLegalEntity><cbc:CompanyID>{siret}</cbc:CompanyID></cac:PartyLegalEntity>"
        "</efac:Company></efac:Organization></efac:Organizations>"
        f"<efac:Publication><efbc:PublicationDate>{published.isoformat()}Z</efbc:PublicationDate>"
        "</efac:Publication>"
        "</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>"
        "<cbc:UBLVersionID>2.3</cbc:UBLVersionID>"
        "<cbc:CustomizationID>eforms-sdk-1.10</cbc:CustomizationID>"
        f'<cbc:ID schemeName="notice-id">{_x(ident)}</cbc:ID>'
        f"<cbc:ContractFolderID>{_x(folder_id)}</cbc:ContractFolderID>"
        f"<cbc:IssueDate>{published.isoformat()}Z</cbc:IssueDate>"
        f"<cbc:VersionID>{version}</cbc:VersionID>"
        '<cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>'
        "<cbc:NoticeLanguageCode>FRA</cbc:NoticeLanguageCode>"
        "<cac:ContractingParty><cac:Party><cac:PartyIdentification>"
        '<cbc:ID schemeName="organization">ORG-0001</cbc:ID>'
        "</cac:PartyIdentification></cac:Party></cac:ContractingParty>"
        "<cac:TenderingProcess>"
        '<cbc:ProcedureCode listName="procurement-procedure-type">open</cbc:ProcedureCode>'
        "</cac:TenderingProcess>"
        "<cac:ProcurementProject>"
        + (f'<cbc:ID schemeName="InternalID">{_x(reference)}</cbc:ID>' if reference else "")
        + f"{project}</cac:ProcurementProject>"
        '<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID>'
        "<cac:TenderingTerms><cac:TendererQualificationRequest><cac:SpecificTendererRequirement>"
        '<cbc:TendererRequirementTypeCode listName="reserved-procurement">'
        f"{reserved}</cbc:TendererRequirementTypeCode>"
        "</cac:SpecificTendererRequirement></cac:TendererQualificationRequest>"
        "</cac:TenderingTerms>"
        f"<cac:TenderingProcess>{period}</cac:TenderingProcess>"
        f"<cac:ProcurementProject>{project}</cac:ProcurementProject>"
        "</cac:ProcurementProjectLot></ContractNotice>"
    )
    return xml.encode()


def ted_notice(number: str, folder_id: str, **fields: Any) -> TedNotice:
    """A notice as ``tenders.watch.ted.fetch`` hands it over: publication number and XML."""
    return TedNotice(number, eforms_notice(folder_id, **fields))


def sources_publishing(records: list[dict[str, Any]]) -> Route:
    """BOAMP publishing ``records`` (paged as it does) while TED has nothing new."""
    boamp = boamp_pages(records)

    def route(request: Request) -> Reply:
        if request.method == "POST":  # TED's search
            return as_json({"notices": [], "totalNoticeCount": 0})
        return boamp(request)

    return route


@pytest.fixture(scope="session")
def public_sources() -> Iterator[Server]:
    """BOAMP and TED as the served app and the real worker of this run read them (they are
    started with their addresses): publishing nothing until a test says what."""
    with serving() as state:
        state.route = sources_publishing([])
        yield state
