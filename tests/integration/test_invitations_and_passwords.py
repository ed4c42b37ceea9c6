"""Invitations, password resets and changes, deactivation: links, mails and sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tenders.accounts.tables import AccountToken
from tenders.audit.tables import AuditEvent
from tenders.clock import utcnow
from tenders.mail.tables import OutgoingMail
from tests.fixtures import deliver_recorded
from tests.support import (
    api,
    change_password,
    choose_password,
    html_part,
    invitation,
    link_in,
    login,
    post_form,
    text,
    text_part,
)


async def _invite(client: Any, email: str, role: str = "member", org: int | None = None) -> Any:
    return await post_form(
        client,
        "/comptes/inviter",
        {
            "full_name": "Nadia Lefèvre",
            "email": email,
            "role": role,
            "organisation_id": str(org) if org else "",
        },
    )


async def _deliver_with_reset_links(jobs: Any, settings: Any) -> list[str]:
    """Run the reset-link jobs the requests asked for, as a worker would, then deliver."""
    from tenders.accounts.service import send_reset_link
    from tenders.jobs import DELIVER_MAIL, SEND_RESET_LINK

    for name, args in list(jobs.jobs):
        if name == SEND_RESET_LINK:
            jobs.jobs.remove((name, args))
            if (mail_id := await send_reset_link(*args, settings)) is not None:
                await jobs.enqueue(DELIVER_MAIL, mail_id)
    return await deliver_recorded(jobs, settings)


async def test_invitation_link_works_once(
    client: Any,
    other_client: Any,
    log_in_as: Any,
    make_organisation: Any,
    deliver_mail: Any,
    mailbox: Any,
) -> None:
    await log_in_as("coordinator")
    org = await make_organisation("Poinfor")
    response = await _invite(client, "nadia@poinfor.example", org=org)
    assert response.url.path == "/comptes"
    assert "Invitation envoyée à nadia@poinfor.example" in text(response)
    assert "Invitation en attente" in text(response)

    assert await deliver_mail() == ["sent"]
    [mail] = mailbox.wait_for("nadia@poinfor.example")
    assert (
        mail["Subject"] == "Personne coordinator 1 vous invite sur Cordée"
        or "vous invite sur Cordée" in mail["Subject"]
    )
    assert "Poinfor" in text_part(mail)
    assert "Choisir mon mot de passe" in html_part(mail)
    link = link_in(mail, "/invitation/")

    page = await other_client.get(link)
    assert page.status_code == 200
    assert "nadia@poinfor.example" in text(page)

    too_short = await choose_password(other_client, link, "court")
    assert too_short.status_code == 422
    assert "au moins 10 caractères" in text(too_short)

    accepted = await choose_password(other_client, link, "une phrase de passe")
    assert accepted.url.path == "/tableau-de-bord"
    assert "Bienvenue sur Cordée" in text(accepted)
    assert "Vous dirigez" in text(accepted) and "Poinfor" in text(accepted)

    again = await other_client.get(link)
    assert again.status_code == 404
    assert "Ce lien n'est plus valable" in text(again)
    reused = await choose_password(other_client, link, "une autre phrase")
    assert reused.status_code == 404

    # The new member logs in with the password chosen through the link.
    await post_form(other_client, "/deconnexion", {})
    assert (
        await login(other_client, "nadia@poinfor.example", "une phrase de passe")
    ).url.path == "/tableau-de-bord"


async def test_invitation_link_expires(
    client: Any, other_client: Any, log_in_as: Any, deliver_mail: Any, mailbox: Any
) -> None:
    await log_in_as("coordinator")
    await _invite(client, "late@exemple.fr", role="coordinator")
    await deliver_mail()
    link = link_in(mailbox.wait_for("late@exemple.fr")[0], "/invitation/")
    await AccountToken.update({AccountToken.expires_at: utcnow() - timedelta(minutes=1)}).where(
        AccountToken.purpose == "invitation"
    )
    response = await other_client.get(link)
    assert response.status_code == 404
    assert "expiré" in text(response)
    post = await choose_password(other_client, link, "une phrase de passe")
    assert post.status_code == 404


async def test_invitation_errors_are_tied_to_their_fields(
    client: Any, make_account: Any, log_in_as: Any
) -> None:
    await log_in_as("coordinator")
    response = await _invite(client, "pas-une-adresse", role="member")
    assert response.status_code == 422
    assert 'id="email-error"' in text(response)
    assert 'aria-describedby="email-error"' in text(response)
    assert "Choisissez la structure" in text(response)

    existing = await make_account()
    again = invitation(existing.email, "member", "X", organisation_id=existing.organisation_id)
    conflict = await api(client, "POST", "/api/users", again)
    assert conflict.status_code == 409
    assert conflict.json()["detail"].startswith("Un compte existe déjà pour cette adresse e-mail")
    assert "Mot de passe oublié" in conflict.json()["detail"]


async def test_coordinator_cannot_invite_an_admin(client: Any, log_in_as: Any) -> None:
    await log_in_as("coordinator")
    response = await api(
        client, "POST", "/api/users", invitation("boss@exemple.fr", "admin", "Boss")
    )
    assert response.status_code == 403


async def test_password_reset_by_mail_ends_other_sessions(
    client: Any, other_client: Any, log_in_as: Any, jobs: Any, settings: Any, mailbox: Any
) -> None:
    account = await log_in_as(on=other_client)
    response = await post_form(client, "/mot-de-passe-oublie", {"email": account.email})
    assert "Si un compte existe" in text(response)
    unknown = await post_form(client, "/mot-de-passe-oublie", {"email": "nobody@exemple.fr"})
    assert unknown.status_code == response.status_code == 200
    assert "Si un compte existe" in text(unknown)

    assert await _deliver_with_reset_links(jobs, settings) == ["sent"]
    assert mailbox.to("nobody@exemple.fr") == []
    link = link_in(mailbox.wait_for(account.email)[0], "/reinitialisation/")
    done = await choose_password(client, link, "nouvelle phrase secrète")
    assert done.url.path == "/tableau-de-bord"
    assert (await other_client.get("/api/session")).status_code == 401
    assert (await choose_password(client, link, "encore une autre")).status_code == 404


async def test_password_change_ends_every_other_session(
    client: Any, other_client: Any, log_in_as: Any
) -> None:
    account = await log_in_as()
    await login(other_client, account.email)
    before = client.cookies.get("cordee_session")

    wrong = await change_password(client, "pas le bon mot")
    assert wrong.status_code == 422
    assert "Le mot de passe actuel est incorrect." in text(wrong)

    done = await change_password(client, account.password)
    assert "Votre mot de passe a été changé" in text(done)
    assert client.cookies.get("cordee_session") != before
    assert (await client.get("/api/session")).status_code == 200
    assert (await other_client.get("/api/session")).status_code == 401
    client.cookies.set("cordee_session", before, domain="testserver.local")
    assert (await client.get("/api/session")).status_code == 401


async def test_deactivated_account_is_logged_out_and_cannot_log_in(
    client: Any, other_client: Any, make_account: Any, log_in_as: Any
) -> None:
    admin = await make_account("admin")
    member = await log_in_as(on=other_client)
    await login(client, admin.email)
    response = await post_form(client, f"/comptes/{member.id}/desactiver", {})
    assert "est désactivé" in text(response)
    assert (await other_client.get("/api/session")).status_code == 401
    again = await login(other_client, member.email)
    assert again.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in text(again)


async def test_admin_changes_a_role(client: Any, make_account: Any) -> None:
    admin = await make_account("admin")
    member = await make_account()
    await login(client, admin.email)
    response = await api(client, "PATCH", f"/api/users/{member.id}", {"role": "coordinator"})
    assert response.status_code == 200
    assert response.json()["role"] == "coordinator"
    assert response.json()["organisation_id"] is None
    bad = await api(client, "PATCH", f"/api/users/{member.id}", {"role": "chef"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "role"


async def test_admin_changes_a_role_on_the_accounts_own_page(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    """The list of accounts links to each one's role page (it no longer carries the choice of
    every structure once per account); a refused change keeps what was chosen and says why."""
    admin = await make_account("admin")
    org = await make_organisation("Atelier Zinnia")
    member = await make_account("coordinator")
    await login(client, admin.email)
    listed = (await client.get("/comptes")).text
    assert f'href="/comptes/{member.id}/role"' in listed
    assert "Atelier Zinnia" not in listed

    form = await client.get(f"/comptes/{member.id}/role")
    assert 'value="coordinator" selected' in form.text and "Atelier Zinnia" in form.text
    refused = await post_form(client, f"/comptes/{member.id}/role", {"role": "member"})
    assert refused.status_code == 422
    assert 'value="member" selected' in refused.text
    assert "structure" in text(refused).split("Structure dirigée")[1].lower()
    done = await post_form(
        client, f"/comptes/{member.id}/role", {"role": "member", "organisation_id": str(org)}
    )
    assert done.url.path == "/comptes"
    assert "Directeur" in text(done) or "directeur" in text(done)
    again = await client.get(f"/comptes/{member.id}/role")
    assert f'value="{org}" selected' in again.text


async def test_audit_log_records_who_did_what(client: Any, make_account: Any) -> None:
    admin = await make_account("admin")
    member = await make_account()
    await login(client, admin.email, "wrong password!")
    await login(client, admin.email)
    await api(client, "POST", "/api/users", invitation("new@exemple.fr", "coordinator", "Nouvelle"))
    await api(client, "PATCH", f"/api/users/{member.id}", {"role": "coordinator"})
    await api(client, "POST", f"/api/users/{member.id}/deactivate")
    events = (await client.get("/api/audit-events")).json()
    actions = [e["action"] for e in events]
    assert actions[:5] == [
        "user.deactivated",
        "user.role_changed",
        "invitation.sent",
        "login.succeeded",
        "login.failed",
    ]
    assert all(e["actor_label"] == admin.email for e in events[:5])
    page = await client.get("/journal")
    assert "Échec de connexion" in text(page) and "Compte désactivé" in text(page)


async def test_a_deactivated_account_can_be_reactivated(
    client: Any, other_client: Any, make_account: Any
) -> None:
    coordinator = await make_account("coordinator")
    member = await make_account()
    await login(client, coordinator.email)
    await post_form(client, f"/comptes/{member.id}/desactiver", {})
    page = await client.get("/comptes")
    assert "Désactivé" in text(page) and "Réactiver" in text(page)
    response = await post_form(client, f"/comptes/{member.id}/reactiver", {})
    assert "est réactivé" in text(response)
    assert (await login(other_client, member.email)).url.path == "/tableau-de-bord"
    self_service = await api(client, "POST", f"/api/users/{coordinator.id}/deactivate")
    assert self_service.status_code == 409


async def test_reset_requests_are_limited_without_telling(
    client: Any, make_account: Any, jobs: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.accounts.service import RESETS_PER_HOUR

    account = await make_account()
    for _ in range(RESETS_PER_HOUR + 2):
        response = await post_form(client, "/mot-de-passe-oublie", {"email": account.email})
        assert "Si un compte existe" in text(response)
    await _deliver_with_reset_links(jobs, settings)
    assert len(mailbox.to(account.email)) == RESETS_PER_HOUR


async def test_a_pending_invitation_can_be_sent_again(
    client: Any, log_in_as: Any, deliver_mail: Any, mailbox: Any
) -> None:
    await log_in_as("coordinator")
    await _invite(client, "again@exemple.fr", role="coordinator")
    page = await client.get("/comptes")
    assert "Renvoyer l'invitation" in text(page)
    await _invite(client, "again@exemple.fr", role="coordinator")
    await deliver_mail()
    first, second = mailbox.wait_for("again@exemple.fr", count=2)
    # Only the newest link still works.
    assert (await client.get(link_in(first, "/invitation/"))).status_code == 404
    assert (await client.get(link_in(second, "/invitation/"))).status_code == 200


async def test_purge_forgets_ended_sessions_and_old_attempts(make_account: Any) -> None:
    from tenders.accounts.service import open_session, purge_expired, session_user
    from tenders.accounts.tables import LoginAttempt, UserSession
    from tenders.settings import get_settings

    account = await make_account()
    old = await open_session(account.id, get_settings())
    live = await open_session(account.id, get_settings())
    await UserSession.update({UserSession.expires_at: utcnow() - timedelta(seconds=1)}).where(
        UserSession.id
        == (await UserSession.select(UserSession.id).order_by(UserSession.id).first())["id"]
    )
    await LoginAttempt.insert(
        LoginAttempt(
            email="x@exemple.fr",
            ip_address="1.2.3.4",
            succeeded=False,
            attempted_at=utcnow() - timedelta(days=40),
        )
    )
    counts = await purge_expired()
    assert counts == {"sessions": 1, "tokens": 0, "login_attempts": 1}
    assert await session_user(old) is None
    assert await session_user(live) is not None


async def test_reset_request_does_the_same_work_whether_the_address_is_known_or_not(
    client: Any, make_account: Any, jobs: Any, settings: Any, mailbox: Any
) -> None:
    """The answer must not tell, not even by its delay, whether an address has an account:
    both requests write nothing and ask for the same background job, which does the rest."""
    from tenders.jobs import SEND_RESET_LINK

    account = await make_account()

    async def written() -> list[int]:
        return [
            await AccountToken.count(),
            await OutgoingMail.count(),
            await AuditEvent.count(),
        ]

    before = await written()
    answers, asked = [], []
    for email in (account.email, "nobody@exemple.fr"):
        answers.append(await post_form(client, "/mot-de-passe-oublie", {"email": email}))
        asked.append([(name, args[0]) for name, args in jobs.jobs])
        jobs.jobs.clear()
        assert await written() == before
        api_answer = await api(client, "POST", "/api/password/reset-request", {"email": email})
        assert api_answer.status_code == 202
        asked.append([(name, args[0]) for name, args in jobs.jobs])
        assert await written() == before
        jobs.jobs.clear()
    known, unknown = answers
    assert known.status_code == unknown.status_code == 200
    assert "Si un compte existe" in text(known) and "Si un compte existe" in text(unknown)
    assert asked == [
        [(SEND_RESET_LINK, account.email)],
        [(SEND_RESET_LINK, account.email)],
        [(SEND_RESET_LINK, "nobody@exemple.fr")],
        [(SEND_RESET_LINK, "nobody@exemple.fr")],
    ]

    # The job mails the one address that has an account.
    await post_form(client, "/mot-de-passe-oublie", {"email": account.email})
    await post_form(client, "/mot-de-passe-oublie", {"email": "nobody@exemple.fr"})
    assert await _deliver_with_reset_links(jobs, settings) == ["sent"]
    assert link_in(mailbox.wait_for(account.email)[0], "/reinitialisation/")
    assert mailbox.to("nobody@exemple.fr") == []


async def test_wrong_current_passwords_count_as_failed_logins(
    client: Any, other_client: Any, log_in_as: Any, settings: Any
) -> None:
    account = await log_in_as()
    for n in range(settings.login_max_failures_account):
        wrong = await change_password(client, f"essai {n} raté")
        assert wrong.status_code == 422
        assert "Le mot de passe actuel est incorrect." in text(wrong)

    # Now even the right one is refused, with the login's message, on the page and the API…
    right = await change_password(client, account.password)
    assert right.status_code == 429
    assert "Trop de tentatives" in text(right)
    assert 'id="current_password-error"' in text(right)
    api_right = await api(
        client,
        "POST",
        "/api/password/change",
        {"current_password": account.password, "new_password": "nouvelle phrase secrète"},
    )
    assert api_right.status_code == 429
    assert "Trop de tentatives" in api_right.json()["detail"]
    # …and logging in to the account is paused too: they are the same failures.
    again = await login(other_client, account.email)
    assert again.status_code == 429
    assert (await login(other_client, account.email, "nouvelle phrase secrète")).status_code == 429


# --- sending an invitation again ---------------------------------------------------------


async def _pending(inviter: Any, email: str, role: str, org: int | None = None) -> int:
    from tenders.accounts.service import invite
    from tenders.jobs import RecordingJobQueue
    from tenders.settings import get_settings
    from tests.support import as_actor

    invited, _ = await invite(
        as_actor(inviter),
        email=email,
        full_name="Invitation en attente",
        role=role,
        organisation_id=org,
        settings=get_settings(),
        jobs=RecordingJobQueue(),
    )
    return invited.id


async def _account(user_id: int) -> dict[str, Any]:
    from tenders.accounts.tables import User

    row = await User.select(User.role, User.organisation, User.is_active).where(User.id == user_id)
    return dict(row[0])


async def test_a_coordinator_cannot_turn_a_pending_admin_into_a_member(
    client: Any, make_account: Any, make_organisation: Any, jobs: Any, settings: Any, mailbox: Any
) -> None:
    admin = await make_account("admin")
    coordinator = await make_account("coordinator")
    pending = await _pending(admin, "future-admin@exemple.fr", "admin")
    org = await make_organisation()
    await login(client, coordinator.email)
    for role, organisation in (("member", org), ("coordinator", None), ("admin", None)):
        response = await _invite(client, "future-admin@exemple.fr", role=role, org=organisation)
        assert response.status_code == 403, role
        assert "administrateur·rice" in text(response)
    assert await _account(pending) == {"role": "admin", "organisation": None, "is_active": True}
    assert jobs.jobs == []


async def test_a_new_invitation_changes_neither_role_nor_structure(
    client: Any, make_account: Any, make_organisation: Any, deliver_mail: Any, mailbox: Any
) -> None:
    admin = await make_account("admin")
    org = await make_organisation()
    pending = await _pending(admin, "soon@exemple.fr", "member", org)
    await login(client, admin.email)
    other_org = await make_organisation()
    for role, organisation in (("admin", None), ("coordinator", None), ("member", other_org)):
        again = invitation(
            "soon@exemple.fr", role, "Invitation en attente", organisation_id=organisation
        )
        response = await api(client, "POST", "/api/users", again)
        assert response.status_code == 409, role
        assert "déjà en attente" in response.json()["detail"]
        assert "un·e administrateur·rice peut y changer le rôle" in response.json()["detail"]
    assert await _account(pending) == {"role": "member", "organisation": org, "is_active": True}

    # The same invitation, sent again as it is, goes out with a fresh link.
    response = await _invite(client, "soon@exemple.fr", role="member", org=org)
    assert "Invitation envoyée à soon@exemple.fr" in text(response)
    assert await deliver_mail() == ["sent"]
    assert link_in(mailbox.wait_for("soon@exemple.fr")[0], "/invitation/")
    assert await _account(pending) == {"role": "member", "organisation": org, "is_active": True}


async def test_inviting_a_deactivated_account_does_not_reopen_it(
    client: Any, make_account: Any, make_organisation: Any, jobs: Any
) -> None:
    admin = await make_account("admin")
    coordinator = await make_account("coordinator")
    org = await make_organisation()
    closed_member = await make_account("member", org)
    pending_member = await _pending(admin, "pending@exemple.fr", "member", org)
    closed_coordinator = await make_account("coordinator")
    await login(client, admin.email)
    for user_id in (closed_member.id, pending_member, closed_coordinator.id):
        await post_form(client, f"/comptes/{user_id}/desactiver", {})
    await post_form(client, "/deconnexion", {})

    await login(client, coordinator.email)
    for email, role, organisation, hint in (
        (closed_member.email, "member", org, "réactivez-le depuis la liste des comptes"),
        ("pending@exemple.fr", "member", org, "réactivez-le depuis la liste des comptes"),
        (closed_coordinator.email, "coordinator", None, "demandez à un·e administrateur·rice"),
    ):
        response = await _invite(client, email, role=role, org=organisation)
        assert response.status_code == 409, email
        assert "Le compte de cette adresse est désactivé" in text(response)
        assert hint in text(response)
    for user_id in (closed_member.id, pending_member, closed_coordinator.id):
        assert (await _account(user_id))["is_active"] is False
    assert jobs.jobs == []
    # The deactivated member still cannot log in.
    await post_form(client, "/deconnexion", {})
    assert (await login(client, closed_member.email)).status_code == 422


@pytest.mark.worker
async def test_a_real_worker_mails_the_reset_link(
    settings: Any, make_account: Any, mailbox: Any
) -> None:
    """The whole way, through a real worker of its own (the folder queue, so that no other
    test run sharing Redis can take the job)."""
    import dataclasses
    import os

    from litestar.testing import AsyncTestClient

    from tenders.app import create_app
    from tenders.jobs import CeleryJobQueue
    from tests.conftest import TMP
    from tests.fixtures import start_worker, stop_process

    account = await make_account()
    data_dir = TMP / "reset-worker"
    local = dataclasses.replace(settings, redis_url="", data_dir=data_dir)
    worker = start_worker(
        {**os.environ, "TENDERS_REDIS_URL": "", "TENDERS_DATA_DIR": str(data_dir)},
        TMP / "reset-worker.log",
    )
    try:
        app = create_app(local, jobs=CeleryJobQueue(local))
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
            response = await post_form(client, "/mot-de-passe-oublie", {"email": account.email})
            assert "Si un compte existe" in text(response)
            [message] = await mailbox.await_for(account.email, timeout=30)
            page = await client.get(link_in(message, "/reinitialisation/"))
    finally:
        stop_process(worker)
    assert page.status_code == 200
    assert account.email in text(page)
