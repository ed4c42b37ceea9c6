"""The coordination is told when an invitation is answered or a part waits for its review: a
mail, or an entry of the daily digest, as each person chose; once, whatever the planning or
sweeping runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tests.builders import make_draft, make_tender
from tests.support import Account, as_actor, login, post_form, text, text_part


@dataclass
class Bid:
    coordinator: Account  # mails
    digest: Account  # a coordinator who reads the daily digest
    director: Account  # Bêta's
    consortium_id: int
    ids: dict[str, int]


async def _bid(make_account: Any, make_organisation: Any, settings: Any) -> Bid:
    """Alpha and Bêta invited to a consortium on a tender under way; two coordinators."""
    from tenders.clock import utcnow
    from tenders.consortia import invitations
    from tenders.jobs import RecordingJobQueue
    from tenders.reminders import service

    coordinator = await make_account("coordinator", email="coordination@phare.example")
    digest = await make_account("coordinator", email="resume@phare.example")
    await service.set_preferences(as_actor(digest), service.PreferencesIn(digest=True))
    ids = {name: await make_organisation(name) for name in ("Alpha", "Bêta")}
    director = await make_account("member", organisation_id=ids["Bêta"])
    actor = as_actor(coordinator)
    deadline = utcnow() + timedelta(days=30)
    tender = await make_tender(actor, "Entretien des parcs", status="go", offers_deadline=deadline)
    draft = await make_draft(actor, tender.id, {ids["Alpha"]: ["1"], ids["Bêta"]: ["1"]})
    await invitations.invite_members(actor, draft.id, settings, RecordingJobQueue())
    return Bid(coordinator, digest, director, draft.id, ids)


async def _plan_and_sweep(settings: Any) -> list[int]:
    """Planning and the sweep, as the beat runs them; the mails they wrote, delivered."""
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    await plan()
    written = await sweep(settings)
    for mail_id in written:
        await mail.deliver(mail_id, SMTPMailer(settings), settings)
    return written


async def _status(rule: str) -> dict[int, str]:
    from tenders.reminders.tables import ScheduledReminder

    rows = await ScheduledReminder.select().where(ScheduledReminder.rule == rule)
    return {r["recipient"]: r["status"] for r in rows}


async def test_a_declined_invitation_reaches_the_coordination_by_mail_or_digest(
    client: Any, make_account: Any, make_organisation: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer
    from tenders.reminders.sweep import digest

    bid = await _bid(make_account, make_organisation, settings)
    await login(client, bid.director.email)
    await post_form(
        client,
        f"/groupements/{bid.consortium_id}/reponse",
        {"answer": "decline", "comment": "Pas d'équipe disponible en juin."},
    )
    assert len(await _plan_and_sweep(settings)) == 1
    [told] = mailbox.wait_for("coordination@phare.example")
    assert told["Subject"] == "Bêta décline le groupement « Entretien des parcs »"
    body = text_part(told)
    assert "avec ce commentaire : « Pas d'équipe disponible en juin. »" in body
    assert "Ses parties du mémoire reviennent à la coordination." in body
    assert f"/groupements/{bid.consortium_id}#membres" in body
    assert mailbox.to("resume@phare.example") == []
    assert await _status("invitation_answered") == {
        bid.coordinator.id: "sent",
        bid.digest.id: "digest",
    }

    # Planned and swept again: nothing is told twice.
    assert await _plan_and_sweep(settings) == []
    [summary_id] = await digest(settings)
    await mail.deliver(summary_id, SMTPMailer(settings), settings)
    [summary] = mailbox.wait_for("resume@phare.example")
    assert "Bêta décline le groupement « Entretien des parcs »" in text_part(summary)
    assert "Pas d'équipe disponible en juin." in text_part(summary)
    assert len(mailbox.messages) == 2


async def test_an_answer_given_for_a_structure_tells_the_rest_of_the_coordination(
    client: Any, make_account: Any, make_organisation: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.reminders import service

    bid = await _bid(make_account, make_organisation, settings)
    muted = await make_account("coordinator", email="silence@phare.example")
    await service.set_preferences(
        as_actor(muted), service.PreferencesIn(muted=["invitation_answered"])
    )
    await login(client, bid.coordinator.email)
    await post_form(
        client,
        f"/groupements/{bid.consortium_id}/reponse",
        {"organisation_id": str(bid.ids["Alpha"]), "answer": "accept", "comment": ""},
    )
    await _plan_and_sweep(settings)
    # Who answered is not told of it; who muted the rule is not either.
    assert await _status("invitation_answered") == {bid.digest.id: "digest", muted.id: "skipped"}
    assert mailbox.messages == []


async def test_a_part_sent_for_review_is_told_once_while_it_waits(
    make_account: Any, make_organisation: Any, settings: Any, mailbox: Any
) -> None:
    from tenders.consortia import sections
    from tenders.reminders.events import notify_review_requested
    from tenders.reminders.tables import ScheduledReminder

    bid = await _bid(make_account, make_organisation, settings)
    staff = as_actor(bid.coordinator)
    meta = sections.SectionMetaIn(title="Moyens humains", assignee_id=bid.ids["Alpha"])
    part = await sections.add_section(staff, bid.consortium_id, meta)
    await sections.set_status(staff, bid.consortium_id, part.id, "a_relire")
    writer = as_actor(bid.director)
    await notify_review_requested(writer, bid.consortium_id, part.id)
    await notify_review_requested(writer, bid.consortium_id, part.id)  # a second click
    assert await _plan_and_sweep(settings) != []
    [mail] = mailbox.wait_for("coordination@phare.example")
    assert mail["Subject"] == "À relire : « Moyens humains » (Entretien des parcs)"
    assert "Alpha a envoyé la partie « Moyens humains »" in text_part(mail)
    assert f"/groupements/{bid.consortium_id}/parties/{part.id}" in text_part(mail)
    assert await _status("review_requested") == {
        bid.coordinator.id: "sent",
        bid.digest.id: "digest",
    }

    # Reviewed before the sweep: not told any more. A part of another consortium: nothing.
    await ScheduledReminder.delete().where(ScheduledReminder.rule == "review_requested")
    await notify_review_requested(writer, bid.consortium_id, part.id)
    await sections.set_status(staff, bid.consortium_id, part.id, "validee")
    await notify_review_requested(writer, bid.consortium_id + 1, part.id)
    await _plan_and_sweep(settings)
    assert await _status("review_requested") == {
        bid.coordinator.id: "skipped",
        bid.digest.id: "skipped",
    }
    assert len(mailbox.messages) == 1


async def test_only_the_coordination_chooses_about_what_only_it_is_told(
    client: Any, make_account: Any, make_organisation: Any
) -> None:
    """A director's « Mes rappels » does not offer to mute mails they never receive."""
    coordinator = await make_account("coordinator")
    director = await make_account("member", organisation_id=await make_organisation("Alpha"))
    told_as_it_happens = ("Réponse à une invitation de groupement", "envoyée à la relecture")
    for account, offered in ((coordinator, True), (director, False)):
        await login(client, account.email)
        page = text(await client.get("/compte/rappels"))
        assert "Partie du mémoire à rendre" in page
        assert all((label in page) is offered for label in told_as_it_happens), account.email
