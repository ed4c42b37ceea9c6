"""Who may do what: every page and API route × anonymous / member / coordinator / admin.

Each row gives the status each role gets. Forbidden cells are written out: 303 to the login
page (anonymous, pages), 401 (anonymous, API), 403 (logged in, not allowed). Later issues add
their routes here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tenders.storage import placeholder_pdf
from tests.support import api, as_actor, csrf, login

ROLES = ("anonymous", "member", "coordinator", "admin")
_emails = itertools.count(1)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    anonymous: int
    member: int
    coordinator: int
    admin: int
    body: str | None = None  # "invite", "role" or "form"

    def expected(self, role: str) -> int:
        return int(getattr(self, role))


# {org} the member's own organisation, {other_member} a member of another organisation,
# {other_coordinator} another coordinator.
TABLE = [
    # pages
    Row("GET", "/", 303, 303, 303, 303),
    Row("GET", "/connexion", 200, 303, 303, 303),
    Row("GET", "/mot-de-passe-oublie", 200, 200, 200, 200),
    Row("GET", "/tableau-de-bord", 303, 200, 200, 200),
    Row("GET", "/structures", 303, 200, 200, 200),
    Row("GET", "/structures/{org}", 303, 200, 200, 200),
    Row("GET", "/compte", 303, 200, 200, 200),
    Row("GET", "/comptes", 303, 403, 200, 200),
    Row("GET", "/comptes/inviter", 303, 403, 200, 200),
    Row("POST", "/comptes/inviter", 303, 403, 303, 303, body="form-invite"),
    Row("POST", "/comptes/{other_member}/desactiver", 303, 403, 303, 303, body="form"),
    Row("POST", "/comptes/{other_coordinator}/desactiver", 303, 403, 403, 303, body="form"),
    Row("POST", "/comptes/{other_member}/reactiver", 303, 403, 303, 303, body="form"),
    Row("POST", "/comptes/{other_coordinator}/reactiver", 303, 403, 403, 303, body="form"),
    Row("POST", "/comptes/{other_member}/role", 303, 403, 403, 303, body="form-role"),
    Row("GET", "/journal", 303, 403, 200, 200),
    # API
    Row("GET", "/healthz", 200, 200, 200, 200),
    Row("GET", "/api/schema/openapi.json", 200, 200, 200, 200),
    Row("GET", "/api/session", 401, 200, 200, 200),
    Row("GET", "/api/organisations", 401, 200, 200, 200),
    Row("GET", "/api/organisations/{org}", 401, 200, 200, 200),
    Row("GET", "/api/users", 401, 403, 200, 200),
    Row("GET", "/api/users/{other_member}", 401, 403, 200, 200),
    Row("POST", "/api/users", 401, 403, 201, 201, body="invite"),
    Row("POST", "/api/users/{other_member}/deactivate", 401, 403, 200, 200),
    Row("POST", "/api/users/{other_coordinator}/deactivate", 401, 403, 403, 200),
    Row("POST", "/api/users/{other_member}/reactivate", 401, 403, 200, 200),
    Row("POST", "/api/users/{other_coordinator}/reactivate", 401, 403, 403, 200),
    Row("PATCH", "/api/users/{other_member}", 401, 403, 403, 200, body="role"),
    Row("GET", "/api/audit-events", 401, 403, 200, 200),
    # Inviting an address that already has an account: only a pending invitation is sent
    # again, as it is, and an administrator's only by an administrator. {pending_admin} is an
    # administrator's invitation not accepted yet.
    Row("POST", "/api/users", 401, 403, 403, 201, body="reinvite-pending-admin"),
    Row("POST", "/api/users", 401, 403, 403, 409, body="reinvite-pending-admin-as-member"),
    Row(
        "POST", "/comptes/inviter", 303, 403, 403, 409, body="form-reinvite-pending-admin-as-member"
    ),
    Row("POST", "/api/users", 401, 403, 201, 201, body="reinvite-pending-member"),
    Row("POST", "/api/users", 401, 403, 409, 409, body="reinvite-deactivated-member"),
    Row("POST", "/api/users", 401, 403, 409, 409, body="reinvite-deactivated-pending-member"),
    Row(
        "POST",
        "/comptes/inviter",
        303,
        403,
        409,
        409,
        body="form-reinvite-deactivated-pending-member",
    ),
    Row("POST", "/api/users", 401, 403, 409, 409, body="reinvite-active-member"),
    Row("POST", "/api/users/{pending_admin}/deactivate", 401, 403, 403, 200),
    Row("POST", "/api/users/{pending_admin}/reactivate", 401, 403, 403, 200),
    Row("PATCH", "/api/users/{pending_admin}", 401, 403, 403, 200, body="role"),
    # Directory. {other_org} is an organisation the member does not direct, with a
    # capability {other_cap} and a certificate {other_cert}.
    Row("GET", "/structures/nouvelle", 303, 403, 200, 200),
    Row("POST", "/structures/nouvelle", 303, 403, 303, 303, body="form-organisation"),
    Row("GET", "/structures/{other_org}", 303, 200, 200, 200),
    Row("GET", "/structures/{org}/modifier", 303, 200, 200, 200),
    Row("GET", "/structures/{other_org}/modifier", 303, 403, 200, 200),
    Row("POST", "/structures/{other_org}/modifier", 303, 403, 303, 303, body="form-profile"),
    Row("GET", "/structures/{other_org}/savoir-faire/nouveau", 303, 403, 200, 200),
    Row("GET", "/structures/{other_org}/savoir-faire/{other_cap}/modifier", 303, 403, 200, 200),
    Row(
        "POST",
        "/structures/{other_org}/savoir-faire/{other_cap}/supprimer",
        303,
        403,
        303,
        303,
        body="form",
    ),
    Row("GET", "/structures/{other_org}/references/nouvelle", 303, 403, 200, 200),
    Row("GET", "/structures/{org}/attestations", 303, 200, 200, 200),
    Row("GET", "/structures/{other_org}/attestations", 303, 403, 200, 200),
    Row("GET", "/structures/{other_org}/attestations/{other_cert}/fichier", 303, 403, 200, 200),
    Row("GET", "/cpv?q=nettoyage", 303, 200, 200, 200),
    Row("GET", "/api/cpv?q=nettoyage", 401, 200, 200, 200),
    Row("GET", "/api/organisations/{other_org}", 401, 200, 200, 200),
    # Tenders: the coordination's work; member directors meet them through their consortia.
    Row("GET", "/consultations", 303, 403, 200, 200),
    Row("GET", "/consultations/nouvelle", 303, 403, 200, 200),
    Row("GET", "/consultations/importer", 303, 403, 200, 200),
    Row("POST", "/consultations/nouvelle", 303, 403, 303, 303, body="form-tender"),
    Row("GET", "/consultations/{tender}", 303, 403, 200, 200),
    Row("GET", "/consultations/{tender}/modifier", 303, 403, 200, 200),
    Row("GET", "/consultations/{tender}/rapprochement", 303, 403, 200, 200),
    Row("POST", "/consultations/{tender}/statut", 303, 403, 303, 303, body="form-status"),
    Row("GET", "/api/tenders", 401, 403, 200, 200),
    Row("POST", "/api/tenders", 401, 403, 201, 201, body="tender"),
    Row("GET", "/api/tenders/{tender}", 401, 403, 200, 200),
    Row("PUT", "/api/tenders/{tender}", 401, 403, 200, 200, body="tender"),
    Row("POST", "/api/tenders/{tender}/status", 401, 403, 200, 200, body="status"),
    Row("GET", "/api/tenders/{tender}/matching", 401, 403, 200, 200),
    Row("GET", "/api/tenders/{tender}/consortia", 401, 403, 200, 200),
    Row("GET", "/api/tenders/{tender}/files", 401, 403, 200, 200),
    # Consortia: {consortium} is one the member's structure is not in: it does not exist
    # for them (404), and changes are the coordination's (403 before anything is read).
    Row("GET", "/groupements", 303, 200, 200, 200),
    Row("GET", "/groupements/{consortium}", 303, 404, 200, 200),
    Row("POST", "/groupements/{consortium}/repartition", 303, 404, 303, 303, body="form"),
    Row("GET", "/api/consortia/{consortium}", 401, 404, 200, 200),
    Row("PUT", "/api/consortia/{consortium}/split", 401, 403, 200, 200, body="split"),
    Row("PUT", "/api/consortia/{consortium}/composition", 401, 403, 200, 200, body="composition"),
    Row(
        "PUT",
        "/api/consortia/{consortium}/members/{consortium_org}/bank",
        401,
        404,
        200,
        200,
        body="bank",
    ),
    Row("POST", "/api/consortia/{consortium}/submit", 401, 403, 409, 409),
    Row("GET", "/api/consortia/{consortium}/sections", 401, 404, 200, 200),
    # Removing the lead is refused to everyone allowed to try (409); others never see it.
    Row("DELETE", "/api/consortia/{consortium}/members/{consortium_org}", 401, 404, 409, 409),
    Row("POST", "/api/consortia/{consortium}/sections/default", 401, 404, 200, 200),
    Row("POST", "/groupements/{consortium}/plan", 303, 404, 303, 303, body="form"),
    Row("POST", "/api/consortia/{consortium}/invitations", 401, 403, 200, 200, body="empty"),
    Row("POST", "/api/consortia/{consortium}/answer", 401, 404, 403, 403, body="answer"),
    Row("POST", "/groupements/{consortium}/reponse", 303, 404, 403, 403, body="form-answer"),
    # Bid packages and templates: the coordination only (the package holds every member's
    # DC2 figures); a member is refused before anything is read.
    Row("POST", "/groupements/{consortium}/compiler", 303, 403, 303, 303, body="form"),
    Row("POST", "/api/consortia/{consortium}/compile", 401, 403, 202, 202, body="empty"),
    Row("GET", "/api/consortia/{consortium}/packages", 401, 403, 200, 200),
    Row("GET", "/groupements/{consortium}/dossiers/1/zip", 303, 403, 404, 404),
    Row("GET", "/modeles", 303, 403, 200, 200),
    Row("GET", "/modeles/dc1/0/fichier", 303, 403, 200, 200),
    Row("GET", "/modeles/dc2_member/0/apercu", 303, 403, 200, 200),
    Row("POST", "/modeles/dc1/1/retirer", 303, 403, 404, 404, body="form"),
    Row("GET", "/api/document-templates", 401, 403, 200, 200),
    Row("GET", "/api/document-templates/memoire/0/preview", 401, 403, 200, 200),
    # Deadlines and reminders: everyone their own; a tender's calendar to those who follow it
    # (a member whose structure is in none of its consortia: it does not exist for them).
    Row("GET", "/echeances", 303, 200, 200, 200),
    Row("GET", "/echeances/mes-echeances.ics", 303, 200, 200, 200),
    Row("GET", "/echeances/consultations/{tender}/calendrier.ics", 303, 404, 200, 200),
    Row("GET", "/compte/rappels", 303, 200, 200, 200),
    Row("POST", "/compte/rappels", 303, 303, 303, 303, body="form"),
    Row("POST", "/compte/rappels/calendrier", 303, 200, 200, 200, body="form"),
    Row("GET", "/rappels", 303, 200, 200, 200),
    Row("GET", "/api/deadlines", 401, 200, 200, 200),
    Row("GET", "/api/reminder-preferences", 401, 200, 200, 200),
    Row("PUT", "/api/reminder-preferences", 401, 200, 200, 200, body="empty"),
    Row("GET", "/api/reminders/sent", 401, 200, 200, 200),
    Row("GET", "/calendrier/adresse-inconnue.ics", 404, 404, 404, 404),
    # Library: everyone reads the collective's and shared passages and writes their own.
    Row("GET", "/bibliotheque", 303, 200, 200, 200),
    Row("GET", "/bibliotheque/nouveau", 303, 200, 200, 200),
    Row("GET", "/api/passages", 401, 200, 200, 200),
    Row("GET", "/bibliotheque/{private_passage}", 303, 404, 200, 200),
    Row("GET", "/api/passages/{private_passage}", 401, 404, 200, 200),
    Row("PUT", "/api/passages/{collective_passage}", 401, 403, 200, 200, body="passage"),
    Row("DELETE", "/api/passages/{private_passage}", 401, 404, 403, 403),
    # Results and figures: the coordination records; everyone sees the collective's figures
    # (amounts submitted: the coordination only).
    Row("POST", "/groupements/{consortium}/resultat", 303, 403, 422, 422, body="form"),
    Row("PUT", "/api/consortia/{consortium}/outcome", 401, 404, 409, 409, body="outcome"),
    Row("GET", "/api/consortia/{consortium}/outcome", 401, 404, 404, 404),
    Row("GET", "/collectif", 303, 200, 200, 200),
    Row("GET", "/collectif/export/acheteurs.csv", 303, 200, 200, 200),
    Row("GET", "/api/collective/figures", 401, 200, 200, 200),
    Row("POST", "/api/tenders/{tender}/files", 401, 403, 201, 201, body="upload"),
    Row("POST", "/api/organisations", 401, 403, 201, 201, body="organisation"),
    Row("PATCH", "/api/organisations/{org}", 401, 200, 200, 200, body="profile"),
    Row("PATCH", "/api/organisations/{other_org}", 401, 403, 200, 200, body="profile"),
    Row("GET", "/api/organisations/{org}/completeness", 401, 200, 200, 200),
    Row("GET", "/api/organisations/{other_org}/completeness", 401, 403, 200, 200),
    Row("GET", "/api/organisations/{other_org}/capabilities", 401, 200, 200, 200),
    Row(
        "POST", "/api/organisations/{other_org}/capabilities", 401, 403, 201, 201, body="capability"
    ),
    Row("DELETE", "/api/organisations/{other_org}/capabilities/{other_cap}", 401, 403, 204, 204),
    Row("GET", "/api/organisations/{other_org}/references", 401, 200, 200, 200),
    Row("POST", "/api/organisations/{other_org}/references", 401, 403, 201, 201, body="reference"),
    Row("GET", "/api/organisations/{org}/certificates", 401, 200, 200, 200),
    Row("GET", "/api/organisations/{other_org}/certificates", 401, 403, 200, 200),
    Row("GET", "/api/organisations/{other_org}/certificates/{other_cert}/file", 401, 403, 200, 200),
    Row("POST", "/api/organisations/{other_org}/certificates", 401, 403, 201, 201, body="upload"),
    Row(
        "PATCH",
        "/api/organisations/{other_org}/certificates/{other_cert}",
        401,
        403,
        200,
        200,
        body="validity",
    ),
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
    from tenders.consortia import service as consortia
    from tenders.consortia.schemas import ConsortiumIn, MemberIn

    admin = await make_account("admin")
    actor = as_actor(admin)
    tender = await _tender(make_account)
    owner = await make_account("member")
    draft = await consortia.create_draft(
        actor,
        tender,
        ConsortiumIn(
            lead_id=owner.organisation_id,
            members=[MemberIn(organisation_id=owner.organisation_id, lots=["1"])],
        ),
    )
    return {"consortium": draft.id, "consortium_org": owner.organisation_id}


async def _tender(make_account: Any) -> int:
    from tenders.procurement import service
    from tenders.procurement.schemas import LotIn, TenderIn

    admin = await make_account("admin")
    actor = as_actor(admin)
    tender = await service.create_tender(
        actor, TenderIn(title="Nettoyage", lots=[LotIn(title="Lot unique", cpv_codes=["90910000"])])
    )
    return tender.id


async def _other_organisation(make_account: Any) -> dict[str, int]:
    """An organisation with a capability and a certificate, set up by an admin."""
    from tenders.members import capabilities, certificates
    from tenders.members.schemas import CapabilityIn

    admin = await make_account("admin")
    actor = as_actor(admin)
    owner = await make_account("member")
    org = owner.organisation_id
    cap = await capabilities.add_capability(
        actor,
        org,
        CapabilityIn(
            title="Nettoyage", kind="services", cpv_codes=["90910000"], departements=["59"]
        ),
    )
    cert = await certificates.upload_certificate(
        actor,
        org,
        kind="urssaf",
        title="",
        issued_on=date.today() - timedelta(days=5),
        valid_until=None,
        filename="urssaf.pdf",
        data=PDF,
    )
    return {"other_org": org, "other_cap": cap.id, "other_cert": cert.id}


async def _passages(make_account: Any) -> dict[str, int]:
    """A passage private to a structure none of the roles belongs to, and the collective's."""
    from tenders.library import service

    owner = as_actor(await make_account("member"))
    coordinator = as_actor(await make_account("coordinator"))
    private = await service.create(owner, service.PassageIn(title="Privé", body="Texte."))
    collective = await service.create(coordinator, service.PassageIn(title="Commun", body="Texte."))
    return {"private_passage": private.id, "collective_passage": collective.id}


def _body(kind: str | None, org: int) -> Any:
    if kind in {"invite", "form-invite"}:
        return {
            "email": f"invite{next(_emails)}@exemple.fr",
            "full_name": "Invitée",
            "role": "member",
            "organisation_id": org,
        }
    if kind in {"role", "form-role"}:
        return {"role": "coordinator"}
    if kind == "form":
        return {}
    if kind in {"organisation", "form-organisation"}:
        return {"name": f"Nouvelle structure {next(_emails)}", "kind": "association"}
    if kind in {"profile", "form-profile"}:
        return {
            "name": f"Structure renommée {next(_emails)}",
            "kind": "association",
            "description": "Fiche mise à jour",
        }
    if kind == "capability":
        return {
            "title": "Espaces verts",
            "kind": "services",
            "cpv_codes": ["77310000-6"],
            "departements": ["59"],
        }
    if kind == "reference":
        return {"buyer": "Ville de Valenciennes", "title": "Entretien", "year": 2025}
    if kind in {"tender", "form-tender"}:
        return (
            {"title": f"Consultation {next(_emails)}", "reserved": "none", "lot_reserved": "none"}
            if kind == "form-tender"
            else {
                "title": f"Consultation {next(_emails)}",
                "lots": [{"title": "Lot unique", "cpv_codes": ["90910000"]}],
            }
        )
    if kind in {"status", "form-status"}:
        return {"status": "a_qualifier"}
    if kind == "empty":
        return {}
    if kind in {"answer", "form-answer"}:
        return {"accept": True} if kind == "answer" else {"answer": "accept"}
    if kind == "split":
        return {"shares": []}
    if kind == "composition":
        return "composition"  # filled in with the target's ids below
    if kind == "bank":
        return {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"}
    if kind == "passage":
        return {"title": "Le collectif", "body": "Dix-sept structures."}
    if kind == "outcome":
        return {"result": "perdue", "decided_on": "2027-05-02"}
    if kind == "validity":
        return {"valid_until": (date.today() + timedelta(days=90)).isoformat()}
    return None


@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"{r.method} {r.path}")
async def test_permission_table(
    row: Row, app: Any, make_account: Any, make_organisation: Any
) -> None:
    from litestar.testing import AsyncTestClient

    outcomes: dict[str, int] = {}
    for role in ROLES:
        # Fresh targets for each role, so one role's deactivation does not hide another's.
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
        if "{other_org}" in row.path:
            targets.update(await _other_organisation(make_account))
        if "{pending_admin}" in row.path:
            targets["pending_admin"] = (await _pending_invitation(make_account, "admin", None))[
                "id"
            ]
        existing = (
            await _existing_account(row.body, make_account)
            if row.body and "reinvite" in row.body
            else None
        )
        me = None if role == "anonymous" else await make_account(role)
        org = me.organisation_id if me and me.organisation_id else await make_organisation()
        path = row.path.format(org=org, **targets)
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
            if me:
                await login(client, me.email)
            body = _body(row.body, org)
            if existing:
                body = {
                    "email": existing["email"],
                    "full_name": "Invitation en attente",
                    "role": existing["role"],
                    **(
                        {"organisation_id": existing["organisation_id"]}
                        if existing["organisation_id"]
                        else {}
                    ),
                }
            if body == "composition":
                body = {
                    "form": "conjoint",
                    "lead_id": targets["consortium_org"],
                    "members": [
                        {
                            "organisation_id": targets["consortium_org"],
                            "role": "mandataire",
                            "lots": ["1"],
                        }
                    ],
                }
            if row.body and row.body.startswith("form"):
                data = {k: str(v) for k, v in (body or {}).items()}
                response = await client.request(
                    row.method,
                    path,
                    data={**data, "_csrf_token": await csrf(client)},
                    follow_redirects=False,
                )
            elif row.body == "upload":
                response = await client.post(
                    path,
                    data={"kind": "urssaf", "issued_on": date.today().isoformat()},
                    files={"file": ("urssaf.pdf", PDF, "application/pdf")},
                    headers={"x-csrftoken": await csrf(client)},
                )
            elif row.method == "GET":
                response = await client.get(path, follow_redirects=False)
            else:
                response = await api(client, row.method, path, body)
        outcomes[role] = response.status_code
        if response.status_code == 303 and row.expected(role) == 303 and role == "anonymous":
            assert response.headers["location"].startswith("/connexion"), path

    expected = {role: row.expected(role) for role in ROLES}
    assert outcomes == expected
