"""Who may do what: every page and API route × anonymous / member / coordinator / admin.

One table per resource; each row gives the status each role gets. Forbidden cells are written
out: 303 to the login page (anonymous, pages), 401 (anonymous, API), 403 (logged in, not
allowed). Later issues add their routes here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tenders.storage import placeholder_pdf
from tests.builders import make_draft, make_tender, upload_paper
from tests.support import api, as_actor, csrf, login

ROLES = ("anonymous", "member", "coordinator", "admin")
_emails = itertools.count(1)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    statuses: tuple[int, ...]  # in the order of ROLES
    body: str  # what the request sends: see BODIES; "form…" posts a form, "" nothing

    def expected(self, role: str) -> int:
        return self.statuses[ROLES.index(role)]


def resource(prefix: str, *cells: tuple[Any, ...]) -> list[Row]:
    """The rows of the routes under ``prefix``: method, rest of the path, the status of each
    role, and the kind of body the request sends ("" for none)."""
    return [
        Row(method, prefix + path, tuple(statuses), body) for method, path, *statuses, body in cells
    ]


# {org} the member's own organisation, {other_member} a member of another organisation,
# {other_coordinator} another coordinator.
PAGES = resource(
    "",
    ("GET", "/", 303, 303, 303, 303, ""),
    ("GET", "/connexion", 200, 303, 303, 303, ""),
    ("GET", "/mot-de-passe-oublie", 200, 200, 200, 200, ""),
    ("GET", "/tableau-de-bord", 303, 200, 200, 200, ""),
    ("GET", "/structures", 303, 200, 200, 200, ""),
    ("GET", "/structures/{org}", 303, 200, 200, 200, ""),
    ("GET", "/compte", 303, 200, 200, 200, ""),
    ("GET", "/journal", 303, 403, 200, 200, ""),
    ("GET", "/healthz", 200, 200, 200, 200, ""),
    ("GET", "/api/schema/openapi.json", 200, 200, 200, 200, ""),
    ("GET", "/api/session", 401, 200, 200, 200, ""),
    ("GET", "/api/audit-events", 401, 403, 200, 200, ""),
)
ACCOUNT_PAGES = resource(
    "/comptes",
    ("GET", "", 303, 403, 200, 200, ""),
    ("GET", "/inviter", 303, 403, 200, 200, ""),
    ("POST", "/inviter", 303, 403, 303, 303, "form-invite"),
    ("POST", "/{other_member}/desactiver", 303, 403, 303, 303, "form"),
    ("POST", "/{other_coordinator}/desactiver", 303, 403, 403, 303, "form"),
    ("POST", "/{other_member}/reactiver", 303, 403, 303, 303, "form"),
    ("POST", "/{other_coordinator}/reactiver", 303, 403, 403, 303, "form"),
    ("GET", "/{other_member}/role", 303, 403, 403, 200, ""),
    ("POST", "/{other_member}/role", 303, 403, 403, 303, "form-role"),
)
ACCOUNTS = resource(
    "/api/users",
    ("GET", "", 401, 403, 200, 200, ""),
    ("GET", "/{other_member}", 401, 403, 200, 200, ""),
    ("POST", "", 401, 403, 201, 201, "invite"),
    ("POST", "/{other_member}/deactivate", 401, 403, 200, 200, ""),
    ("POST", "/{other_coordinator}/deactivate", 401, 403, 403, 200, ""),
    ("POST", "/{other_member}/reactivate", 401, 403, 200, 200, ""),
    ("POST", "/{other_coordinator}/reactivate", 401, 403, 403, 200, ""),
    ("PATCH", "/{other_member}", 401, 403, 403, 200, "role"),
    # {pending_admin} is an administrator's invitation not accepted yet.
    ("POST", "/{pending_admin}/deactivate", 401, 403, 403, 200, ""),
    ("POST", "/{pending_admin}/reactivate", 401, 403, 403, 200, ""),
    ("PATCH", "/{pending_admin}", 401, 403, 403, 200, "role"),
)
# Inviting an address that already has an account: only a pending invitation is sent again,
# as it is, and an administrator's only by an administrator.
REINVITATIONS = resource(
    "",
    ("POST", "/api/users", 401, 403, 403, 201, "reinvite-pending-admin"),
    ("POST", "/api/users", 401, 403, 403, 409, "reinvite-pending-admin-as-member"),
    ("POST", "/comptes/inviter", 303, 403, 403, 409, "form-reinvite-pending-admin-as-member"),
    ("POST", "/api/users", 401, 403, 201, 201, "reinvite-pending-member"),
    ("POST", "/api/users", 401, 403, 409, 409, "reinvite-deactivated-member"),
    ("POST", "/api/users", 401, 403, 409, 409, "reinvite-deactivated-pending-member"),
    ("POST", "/comptes/inviter", 303, 403, 409, 409, "form-reinvite-deactivated-pending-member"),
    ("POST", "/api/users", 401, 403, 409, 409, "reinvite-active-member"),
)
# Directory. {other_org} is an organisation the member does not direct, with a capability
# {other_cap} and a certificate {other_cert}.
DIRECTORY_PAGES = resource(
    "/structures",
    ("GET", "/nouvelle", 303, 403, 200, 200, ""),
    ("POST", "/nouvelle", 303, 403, 303, 303, "form-organisation"),
    ("GET", "/{other_org}", 303, 200, 200, 200, ""),
    ("GET", "/{org}/modifier", 303, 200, 200, 200, ""),
    ("GET", "/{other_org}/modifier", 303, 403, 200, 200, ""),
    ("POST", "/{other_org}/modifier", 303, 403, 303, 303, "form-profile"),
    ("GET", "/{other_org}/savoir-faire/nouveau", 303, 403, 200, 200, ""),
    ("GET", "/{other_org}/savoir-faire/{other_cap}/modifier", 303, 403, 200, 200, ""),
    ("POST", "/{other_org}/savoir-faire/{other_cap}/supprimer", 303, 403, 303, 303, "form"),
    ("GET", "/{other_org}/references/nouvelle", 303, 403, 200, 200, ""),
    ("GET", "/{org}/attestations", 303, 200, 200, 200, ""),
    ("GET", "/{other_org}/attestations", 303, 403, 200, 200, ""),
    ("GET", "/{other_org}/attestations/{other_cert}/fichier", 303, 403, 200, 200, ""),
)
DIRECTORY = resource(
    "/api/organisations",
    ("GET", "", 401, 200, 200, 200, ""),
    ("GET", "/{org}", 401, 200, 200, 200, ""),
    ("GET", "/{other_org}", 401, 200, 200, 200, ""),
    ("POST", "", 401, 403, 201, 201, "organisation"),
    ("PATCH", "/{org}", 401, 200, 200, 200, "profile"),
    ("PATCH", "/{other_org}", 401, 403, 200, 200, "profile"),
    ("GET", "/{org}/completeness", 401, 200, 200, 200, ""),
    ("GET", "/{other_org}/completeness", 401, 403, 200, 200, ""),
    ("GET", "/{other_org}/capabilities", 401, 200, 200, 200, ""),
    ("POST", "/{other_org}/capabilities", 401, 403, 201, 201, "capability"),
    ("DELETE", "/{other_org}/capabilities/{other_cap}", 401, 403, 204, 204, ""),
    ("GET", "/{other_org}/references", 401, 200, 200, 200, ""),
    ("POST", "/{other_org}/references", 401, 403, 201, 201, "reference"),
    ("GET", "/{org}/certificates", 401, 200, 200, 200, ""),
    ("GET", "/{other_org}/certificates", 401, 403, 200, 200, ""),
    ("GET", "/{other_org}/certificates/{other_cert}/file", 401, 403, 200, 200, ""),
    ("POST", "/{other_org}/certificates", 401, 403, 201, 201, "upload"),
    ("PATCH", "/{other_org}/certificates/{other_cert}", 401, 403, 200, 200, "validity"),
)
CPV_SEARCH = resource(
    "",
    ("GET", "/cpv?q=nettoyage", 303, 200, 200, 200, ""),
    ("GET", "/api/cpv?q=nettoyage", 401, 200, 200, 200, ""),
)
# Tenders: the coordination's work; member directors meet them through their consortia.
TENDER_PAGES = resource(
    "/consultations",
    ("GET", "", 303, 403, 200, 200, ""),
    ("GET", "/nouvelle", 303, 403, 200, 200, ""),
    ("GET", "/importer", 303, 403, 200, 200, ""),
    ("POST", "/nouvelle", 303, 403, 303, 303, "form-tender"),
    ("GET", "/{tender}", 303, 403, 200, 200, ""),
    ("GET", "/{tender}/modifier", 303, 403, 200, 200, ""),
    ("GET", "/{tender}/rapprochement", 303, 403, 200, 200, ""),
    ("POST", "/{tender}/statut", 303, 403, 303, 303, "form-status"),
)
TENDERS = resource(
    "/api/tenders",
    ("GET", "", 401, 403, 200, 200, ""),
    ("POST", "", 401, 403, 201, 201, "tender"),
    ("GET", "/{tender}", 401, 403, 200, 200, ""),
    ("PUT", "/{tender}", 401, 403, 200, 200, "tender"),
    ("POST", "/{tender}/status", 401, 403, 200, 200, "status"),
    ("GET", "/{tender}/matching", 401, 403, 200, 200, ""),
    ("GET", "/{tender}/consortia", 401, 403, 200, 200, ""),
    ("GET", "/{tender}/files", 401, 403, 200, 200, ""),
    ("POST", "/{tender}/files", 401, 403, 201, 201, "upload"),
)
# Consortia: {consortium} is one the member's structure is not in: it does not exist for them
# (404), and changes are the coordination's (403 before anything is read).
CONSORTIUM_PAGES = resource(
    "/groupements",
    ("GET", "", 303, 200, 200, 200, ""),
    ("GET", "/{consortium}", 303, 404, 200, 200, ""),
    ("POST", "/{consortium}/repartition", 303, 404, 303, 303, "form"),
    ("POST", "/{consortium}/plan", 303, 404, 303, 303, "form"),
    ("POST", "/{consortium}/reponse", 303, 404, 403, 403, "form-answer"),
)
CONSORTIA = resource(
    "/api/consortia/{consortium}",
    ("GET", "", 401, 404, 200, 200, ""),
    ("PUT", "/split", 401, 403, 200, 200, "split"),
    ("PUT", "/composition", 401, 403, 200, 200, "composition"),
    ("PUT", "/members/{consortium_org}/bank", 401, 404, 200, 200, "bank"),
    ("POST", "/submit", 401, 403, 409, 409, ""),
    ("GET", "/sections", 401, 404, 200, 200, ""),
    # Removing the lead is refused to everyone allowed to try (409); others never see it.
    ("DELETE", "/members/{consortium_org}", 401, 404, 409, 409, ""),
    ("POST", "/sections/default", 401, 404, 200, 200, ""),
    ("POST", "/invitations", 401, 403, 200, 200, "{}"),
    ("POST", "/answer", 401, 404, 403, 403, "answer"),
)
# Bid packages and templates: the coordination only (the package holds every member's DC2
# figures); a member is refused before anything is read.
PACKAGES = resource(
    "",
    ("POST", "/groupements/{consortium}/compiler", 303, 403, 303, 303, "form"),
    ("POST", "/api/consortia/{consortium}/compile", 401, 403, 202, 202, "{}"),
    ("GET", "/api/consortia/{consortium}/packages", 401, 403, 200, 200, ""),
    ("GET", "/groupements/{consortium}/dossiers/1/zip", 303, 403, 404, 404, ""),
)
TEMPLATES = resource(
    "",
    ("GET", "/modeles", 303, 403, 200, 200, ""),
    ("GET", "/modeles/dc1/0/fichier", 303, 403, 200, 200, ""),
    ("GET", "/modeles/dc2_member/0/apercu", 303, 403, 200, 200, ""),
    ("POST", "/modeles/dc1/1/retirer", 303, 403, 404, 404, "form"),
    ("GET", "/api/document-templates", 401, 403, 200, 200, ""),
    ("GET", "/api/document-templates/memoire/0/preview", 401, 403, 200, 200, ""),
)
# Deadlines and reminders: everyone their own; a tender's calendar to those who follow it (a
# member whose structure is in none of its consortia: it does not exist for them).
DEADLINES = resource(
    "",
    ("GET", "/echeances", 303, 200, 200, 200, ""),
    ("GET", "/echeances/mes-echeances.ics", 303, 200, 200, 200, ""),
    ("GET", "/echeances/consultations/{tender}/calendrier.ics", 303, 404, 200, 200, ""),
    ("GET", "/compte/rappels", 303, 200, 200, 200, ""),
    ("POST", "/compte/rappels", 303, 303, 303, 303, "form"),
    ("POST", "/compte/rappels/calendrier", 303, 200, 200, 200, "form"),
    ("GET", "/rappels", 303, 200, 200, 200, ""),
    ("GET", "/api/deadlines", 401, 200, 200, 200, ""),
    ("GET", "/api/reminder-preferences", 401, 200, 200, 200, ""),
    ("PUT", "/api/reminder-preferences", 401, 200, 200, 200, "{}"),
    ("GET", "/api/reminders/sent", 401, 200, 200, 200, ""),
    ("GET", "/calendrier/adresse-inconnue.ics", 404, 404, 404, 404, ""),
)
# Library: everyone reads the collective's and shared passages and writes their own.
LIBRARY = resource(
    "",
    ("GET", "/bibliotheque", 303, 200, 200, 200, ""),
    ("GET", "/bibliotheque/nouveau", 303, 200, 200, 200, ""),
    ("GET", "/api/passages", 401, 200, 200, 200, ""),
    ("GET", "/bibliotheque/{private_passage}", 303, 404, 200, 200, ""),
    ("GET", "/api/passages/{private_passage}", 401, 404, 200, 200, ""),
    ("PUT", "/api/passages/{collective_passage}", 401, 403, 200, 200, "passage"),
    ("DELETE", "/api/passages/{private_passage}", 401, 404, 403, 403, ""),
)
# Results and figures: the coordination records; everyone sees the collective's figures
# (amounts submitted: the coordination only).
OUTCOMES = resource(
    "",
    ("POST", "/groupements/{consortium}/resultat", 303, 403, 422, 422, "form"),
    ("PUT", "/api/consortia/{consortium}/outcome", 401, 404, 409, 409, "outcome"),
    ("GET", "/api/consortia/{consortium}/outcome", 401, 404, 404, 404, ""),
    ("GET", "/collectif", 303, 200, 200, 200, ""),
    ("GET", "/collectif/export/acheteurs.csv", 303, 200, 200, 200, ""),
    ("GET", "/api/collective/figures", 401, 200, 200, 200, ""),
)
# What the collective watches: the coordination only.
WATCH = resource(
    "",
    ("GET", "/veille/profil", 303, 403, 200, 200, ""),
    ("POST", "/veille/profil", 303, 403, 303, 303, "form-watch"),
    ("POST", "/veille/profil/codes", 303, 403, 303, 303, "form-watch-code"),
    ("GET", "/api/watch/profile", 401, 403, 200, 200, ""),
    ("PUT", "/api/watch/profile", 401, 403, 200, 200, "watch"),
    ("GET", "/veille/passages", 303, 403, 200, 200, ""),
    ("GET", "/veille/passages/{watch_run}", 303, 403, 200, 200, ""),
    ("POST", "/veille/passages/lancer", 303, 403, 303, 303, "form"),
    ("GET", "/api/watch/runs", 401, 403, 200, 200, ""),
    ("GET", "/api/watch/runs/{watch_run}", 401, 403, 200, 200, ""),
    ("POST", "/api/watch/runs", 401, 403, 202, 202, ""),
)
# The watch's notices: the coordination qualifies or dismisses them; directors opt in to alerts.
WATCH_NEWS = resource(
    "",
    ("GET", "/veille", 303, 403, 200, 200, ""),
    ("POST", "/veille/{watched}/qualifier", 303, 403, 303, 303, "form"),
    ("POST", "/veille/{watched}/ecarter", 303, 403, 303, 303, "form-dismiss"),
    ("POST", "/veille/alertes", 303, 303, 403, 403, "form-alerts"),
    ("GET", "/api/watch/notices", 401, 403, 200, 200, ""),
    ("POST", "/api/watch/notices/{watched}/qualify", 401, 403, 200, 200, ""),
    ("POST", "/api/watch/notices/{watched}/dismiss", 401, 403, 200, 200, "dismiss"),
    ("GET", "/api/watch/alerts", 401, 200, 403, 403, ""),
    ("PUT", "/api/watch/alerts", 401, 200, 403, 403, "alerts"),
)
# The DUME of a tender (issue 18): the coordination's, like the tender itself. {dume_tender} is
# a tender with the buyer's ESPD Request already uploaded (the official example).
DUME_PAGES = resource(
    "/consultations/{dume_tender}/dume",
    ("GET", "", 303, 403, 200, 200, ""),
    ("POST", "", 303, 403, 303, 303, "espd-request"),
    ("POST", "/supprimer", 303, 403, 303, 303, "form"),
)
DUME = resource(
    "/api/tenders/{dume_tender}/espd-request",
    ("GET", "", 401, 403, 200, 200, ""),
    ("PUT", "", 401, 403, 200, 200, "espd-request"),
    ("DELETE", "", 401, 403, 204, 204, ""),
)

TABLE = [
    *PAGES,
    *ACCOUNT_PAGES,
    *ACCOUNTS,
    *REINVITATIONS,
    *DIRECTORY_PAGES,
    *DIRECTORY,
    *CPV_SEARCH,
    *TENDER_PAGES,
    *TENDERS,
    *CONSORTIUM_PAGES,
    *CONSORTIA,
    *PACKAGES,
    *TEMPLATES,
    *DEADLINES,
    *LIBRARY,
    *OUTCOMES,
    *WATCH,
    *WATCH_NEWS,
    *DUME_PAGES,
    *DUME,
]

PDF = placeholder_pdf("Attestation", ["Test des droits"])


async def _pending_invitation(make_account: Any, role: str, org: int | None) -> dict[str, Any]:
    """An invitation sent by an administrator and not accepted yet."""
    from tenders.accounts.service import invite
    from tenders.jobs import RecordingJobQueue
    from tenders.settings import get_settings

    admin = await make_account("admin")
    invited, _ = await invite(
        as_actor(admin),
        email=f"pending{next(_emails)}@exemple.fr",
        full_name="Invitation en attente",
        role=role,
        organisation_id=org,
        settings=get_settings(),
        jobs=RecordingJobQueue(),
    )
    return {"id": invited.id, "email": invited.email, "role": role, "organisation_id": org}


async def _existing_account(kind: str, make_account: Any) -> dict[str, Any]:
    """The address to invite for a "reinvite-…" body, with the role and structure to ask."""
    from tenders.accounts.service import deactivate

    if kind.endswith("pending-admin"):
        return await _pending_invitation(make_account, "admin", None)
    if kind.endswith("pending-admin-as-member"):
        pending = await _pending_invitation(make_account, "admin", None)
        org = (await make_account("member")).organisation_id
        return {**pending, "role": "member", "organisation_id": org}
    if kind.endswith("pending-member"):
        org = (await make_account("member")).organisation_id
        pending = await _pending_invitation(make_account, "member", org)
        if "deactivated" in kind:
            await deactivate(as_actor(await make_account("admin")), pending["id"])
        return pending
    member = await make_account("member")
    if kind.endswith("deactivated-member"):
        await deactivate(as_actor(await make_account("admin")), member.id)
    return {
        "id": member.id,
        "email": member.email,
        "role": "member",
        "organisation_id": member.organisation_id,
    }


async def _consortium(make_account: Any) -> dict[str, int]:
    admin = as_actor(await make_account("admin"))
    owner = await make_account("member")
    draft = await make_draft(admin, await _tender(make_account), {owner.organisation_id: ["1"]})
    return {"consortium": draft.id, "consortium_org": owner.organisation_id}


async def _tender(make_account: Any) -> int:
    admin = as_actor(await make_account("admin"))
    return int((await make_tender(admin, "Nettoyage", {"1": "Lot unique"})).id)


def _espd_request() -> bytes:
    from tests.espd_support import espd_file

    return espd_file("xml-examples/ESPD-Request.xml").read_bytes()


async def _dume_tender(make_account: Any) -> int:
    """A tender whose buyer's ESPD Request the coordination uploaded."""
    from tenders.dume.service import upload_request

    tender = await _tender(make_account)
    admin = as_actor(await make_account("admin"))
    await upload_request(admin, tender, "ESPD-Request.xml", _espd_request())
    return tender


async def _watched(make_account: Any) -> int:
    """A tender the watch brought, still « en veille »."""
    from tenders.clock import utcnow
    from tenders.watch.tables import WatchedTender

    tender = await _tender(make_account)
    await WatchedTender.insert(WatchedTender(tender=tender, found_at=utcnow()))
    return tender


async def _other_organisation(make_account: Any) -> dict[str, int]:
    """An organisation with a capability and a certificate, set up by an admin."""
    from tenders.members import capabilities
    from tenders.members.schemas import CapabilityIn

    actor = as_actor(await make_account("admin"))
    org = (await make_account("member")).organisation_id
    cap = await capabilities.add_capability(
        actor,
        org,
        CapabilityIn(
            title="Nettoyage", kind="services", cpv_codes=["90910000"], departements=["59"]
        ),
    )
    issued_on = date.today() - timedelta(days=5)
    cert = await upload_paper(actor, org, "urssaf", PDF, issued_on=issued_on)
    return {"other_org": org, "other_cap": cap.id, "other_cert": cert.id}


async def _passages(make_account: Any) -> dict[str, int]:
    """A passage private to a structure none of the roles belongs to, and the collective's."""
    from tenders.library import service

    owner = as_actor(await make_account("member"))
    coordinator = as_actor(await make_account("coordinator"))
    private = await service.create(owner, service.PassageIn(title="Privé", body="Texte."))
    collective = await service.create(coordinator, service.PassageIn(title="Commun", body="Texte."))
    return {"private_passage": private.id, "collective_passage": collective.id}


async def _watch_run() -> int:
    """A run of the watch that ended on an error."""
    from tenders.clock import utcnow
    from tenders.watch.tables import WatchRun

    run = WatchRun(source="boamp", status="failed", started_at=utcnow(), error="HTTP 500")
    rows = await WatchRun.insert(run).returning(WatchRun.id)
    return int(rows[0]["id"])


async def _targets(row: Row, make_account: Any) -> dict[str, int]:
    """The objects the row's path names, made for one role: fresh for each role, so that one
    role's deactivation does not hide another's."""
    targets = {
        name: (await make_account(kind)).id
        for name, kind in (("other_member", "member"), ("other_coordinator", "coordinator"))
        if "{" + name + "}" in row.path
    }
    if "{consortium}" in row.path:
        targets.update(await _consortium(make_account))
    if "_passage}" in row.path:
        targets.update(await _passages(make_account))
    if "{tender}" in row.path:
        targets["tender"] = await _tender(make_account)
    if "{dume_tender}" in row.path:
        targets["dume_tender"] = await _dume_tender(make_account)
    if "{watched}" in row.path:
        targets["watched"] = await _watched(make_account)
    if "{other_org}" in row.path:
        targets.update(await _other_organisation(make_account))
    if "{watch_run}" in row.path:
        targets["watch_run"] = await _watch_run()
    if "{pending_admin}" in row.path:
        targets["pending_admin"] = (await _pending_invitation(make_account, "admin", None))["id"]
    return targets


def _invitation(org: int) -> dict[str, Any]:
    email = f"invite{next(_emails)}@exemple.fr"
    return {"email": email, "full_name": "Invitée", "role": "member", "organisation_id": org}


def _profile(org: int) -> dict[str, Any]:
    name = f"Structure renommée {next(_emails)}"
    return {"name": name, "kind": "association", "description": "Fiche mise à jour"}


def _api_tender(org: int) -> dict[str, Any]:
    lots = [{"title": "Lot unique", "cpv_codes": ["90910000"]}]
    return {"title": f"Consultation {next(_emails)}", "lots": lots}


def _form_tender(org: int) -> dict[str, Any]:
    return {"title": f"Consultation {next(_emails)}", "reserved": "none", "lot_reserved": "none"}


def _validity(org: int) -> dict[str, Any]:
    return {"valid_until": (date.today() + timedelta(days=90)).isoformat()}


# What each kind of body sends, made for the role's organisation. A "form-…" kind sends the
# body of the kind without the prefix unless it has its own.
BODIES: dict[str, Any] = {
    "invite": _invitation,
    "role": lambda org: {"role": "coordinator"},
    "form": lambda org: {},
    "{}": lambda org: {},
    "organisation": lambda org: {
        "name": f"Nouvelle structure {next(_emails)}",
        "kind": "association",
    },
    "profile": _profile,
    "capability": lambda org: {
        "title": "Espaces verts",
        "kind": "services",
        "cpv_codes": ["77310000-6"],
        "departements": ["59"],
    },
    "reference": lambda org: {"buyer": "Ville de Valenciennes", "title": "Entretien", "year": 2025},
    "tender": _api_tender,
    "form-tender": _form_tender,
    "status": lambda org: {"status": "a_qualifier"},
    "answer": lambda org: {"accept": True},
    "form-answer": lambda org: {"answer": "accept"},
    "split": lambda org: {"shares": []},
    "bank": lambda org: {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"},
    "passage": lambda org: {"title": "Le collectif", "body": "Dix-sept structures."},
    "outcome": lambda org: {"result": "perdue", "decided_on": "2027-05-02"},
    "validity": _validity,
    "watch": lambda org: {"cpv_codes": ["77310000-6"], "departements": ["59"]},
    "form-watch": lambda org: {"cpv_codes": "77310000-6", "departements": "59"},
    "form-watch-code": lambda org: {"code": "77310000-6"},
    "dismiss": lambda org: {"reason": "Hors de nos métiers"},
    "alerts": lambda org: {"enabled": True},
    "form-alerts": lambda org: {"enabled": "1"},
}


def _body(kind: str, org: int, targets: dict[str, int], existing: dict[str, Any] | None) -> Any:
    if existing:  # an invitation to an address that already has an account
        structure = existing["organisation_id"]
        return {
            "email": existing["email"],
            "full_name": "Invitation en attente",
            "role": existing["role"],
            **({"organisation_id": structure} if structure else {}),
        }
    if kind == "composition":  # the target consortium's own lead, alone
        lead = targets["consortium_org"]
        member = {"organisation_id": lead, "role": "mandataire", "lots": ["1"]}
        return {"form": "conjoint", "lead_id": lead, "members": [member]}
    make = BODIES.get(kind) or BODIES.get(kind.removeprefix("form-"))  # "" and "upload": none
    return make(org) if make else None


async def _send(client: Any, row: Row, path: str, body: Any) -> Any:
    if row.body == "espd-request":  # the page's form and the API take the same file field
        return await client.request(
            row.method,
            path,
            data={"_csrf_token": await csrf(client)},
            files={"file": ("ESPD-Request.xml", _espd_request(), "application/xml")},
            headers={"x-csrftoken": await csrf(client)},
            follow_redirects=False,
        )
    if row.body.startswith("form"):
        data = {k: str(v) for k, v in (body or {}).items()}
        form = {**data, "_csrf_token": await csrf(client)}
        return await client.request(row.method, path, data=form, follow_redirects=False)
    if row.body == "upload":
        return await client.post(
            path,
            data={"kind": "urssaf", "issued_on": date.today().isoformat()},
            files={"file": ("urssaf.pdf", PDF, "application/pdf")},
            headers={"x-csrftoken": await csrf(client)},
        )
    if row.method == "GET":
        return await client.get(path, follow_redirects=False)
    return await api(client, row.method, path, body)


@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"{r.method} {r.path}")
async def test_permission_table(
    row: Row, app: Any, make_account: Any, make_organisation: Any
) -> None:
    from litestar.testing import AsyncTestClient

    outcomes: dict[str, int] = {}
    for role in ROLES:
        targets = await _targets(row, make_account)
        reinvite = "reinvite" in row.body
        existing = await _existing_account(row.body, make_account) if reinvite else None
        me = None if role == "anonymous" else await make_account(role)
        org = me.organisation_id if me and me.organisation_id else await make_organisation()
        path = row.path.format(org=org, **targets)
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
            if me:
                await login(client, me.email)
            body = _body(row.body, org, targets, existing)
            response = await _send(client, row, path, body)
        outcomes[role] = response.status_code
        if response.status_code == 303 and row.expected(role) == 303 and role == "anonymous":
            assert response.headers["location"].startswith("/connexion"), path

    expected = {role: row.expected(role) for role in ROLES}
    assert outcomes == expected
