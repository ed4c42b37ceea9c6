"""Reminders on a fixed clock: planned once per key, mailed once when due, never when useless."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.builders import make_draft, make_tender, upload_paper
from tests.support import Account, as_actor

PARIS = ZoneInfo("Europe/Paris")
# Around the change of time of 28 March 2027 (CET → CEST).
OFFERS = datetime(2027, 3, 30, 12, 0, tzinfo=PARIS)
QUESTIONS = datetime(2027, 3, 26, 12, 0, tzinfo=PARIS)
SECTION_DUE = datetime(2027, 3, 20, 18, 0, tzinfo=PARIS)
INVITED = datetime(2027, 3, 1, 10, 0, tzinfo=PARIS)
PAPER_UNTIL = date(2027, 3, 25)
START = datetime(2027, 2, 1, 9, 0, tzinfo=PARIS)


@dataclass
class World:
    coordinator: Account
    lead: Account  # director of the mandataire
    other: Account  # director of the invited co-traitant
    tender_id: int
    consortium_id: int
    section_id: int
    certificate_id: int
    membership_id: int


async def make_world(make_account: Any, make_organisation: Any) -> World:
    from tenders.consortia import sections
    from tenders.consortia.tables import ConsortiumMember
    from tenders.storage import placeholder_pdf

    coordinator = await make_account("coordinator")
    actor = as_actor(coordinator)
    lead_org, other_org = await make_organisation("Poinfor"), await make_organisation("Capep")
    lead = await make_account("member", organisation_id=lead_org)
    other = await make_account("member", organisation_id=other_org)
    tender = await make_tender(
        actor,
        "Nettoyage des écoles",
        {"1": "Écoles"},
        status="go",
        offers_deadline=OFFERS,
        questions_deadline=QUESTIONS,
    )
    draft = await make_draft(actor, tender.id, {lead_org: ["1"], other_org: ["1"]})
    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        ConsortiumMember.organisation == lead_org
    )
    await ConsortiumMember.update(
        {ConsortiumMember.invitation: "pending", ConsortiumMember.invited_at: INVITED}
    ).where(ConsortiumMember.organisation == other_org)
    membership = await ConsortiumMember.select(ConsortiumMember.id).where(
        ConsortiumMember.organisation == other_org
    )
    part = await sections.add_section(
        actor,
        draft.id,
        sections.SectionMetaIn(title="Moyens humains", assignee_id=lead_org, due_at=SECTION_DUE),
    )
    pdf = placeholder_pdf("URSSAF", ["Capep"])
    issued_on = date(2026, 9, 26)
    paper = await upload_paper(
        actor, other_org, "urssaf", pdf, issued_on=issued_on, valid_until=PAPER_UNTIL
    )
    return World(
        coordinator,
        lead,
        other,
        tender.id,
        draft.id,
        part.id,
        paper.id,
        membership[0]["id"],
    )


@pytest.fixture
async def world(make_account: Any, make_organisation: Any) -> World:
    return await make_world(make_account, make_organisation)


async def planned() -> dict[tuple[str, str, int], datetime]:
    from tenders.reminders.tables import ScheduledReminder

    rows = await ScheduledReminder.select()
    return {
        (r["rule"], r["occurrence"].partition("@")[0], r["recipient"]): r["due_at"].astimezone(
            PARIS
        )
        for r in rows
    }


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


async def test_every_rule_is_planned_at_its_time(world: World) -> None:
    from tenders.reminders.planner import plan

    await plan(START)
    due = await planned()
    c, lead, other = world.coordinator.id, world.lead.id, world.other.id

    for who in (c, lead, other):  # the coordination and every member's director
        assert due[("offers", "J-7", who)] == paris(2027, 3, 23, 8, 0)
        assert due[("offers", "J-3", who)] == paris(2027, 3, 27, 8, 0)
        assert due[("offers", "J-1", who)] == paris(2027, 3, 29, 8, 0)
        assert due[("offers", "jour-J", who)] == paris(2027, 3, 30, 8, 0)
        assert due[("questions", "J-3", who)] == paris(2027, 3, 23, 8, 0)
    assert due[("section_due", "J-2", lead)] == paris(2027, 3, 18, 8, 0)
    assert due[("section_overdue", "retard", lead)] == paris(2027, 3, 20, 19, 0)
    assert due[("section_overdue", "retard", c)] == paris(2027, 3, 20, 19, 0)  # the copy
    assert ("section_due", "J-2", other) not in due
    assert due[("invitation", "relance", other)] == paris(2027, 3, 3, 10, 0)
    assert due[("certificate", "J-30", other)] == paris(2027, 2, 24, 8, 0)
    assert due[("certificate", "J-7", other)] == paris(2027, 3, 19, 8, 0)
    assert due[("certificate", "expiree", other)] == paris(2027, 3, 26, 8, 0)
    assert due[("certificate_deadline", f"consultation-{world.tender_id}", other)] == paris(
        2027, 2, 28, 8, 0
    )
    assert due[("package", "48h", c)] == paris(2027, 3, 28, 12, 0)
    assert ("package", "48h", lead) not in due
    # offers and questions 15, parts 3, invitation 1, paper 3 + 1, package 1: nothing else
    assert len(due) == 24


async def test_due_reminders_become_one_mail_each_in_french(world: World, settings: Any) -> None:
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep
    from tenders.reminders.tables import ScheduledReminder

    await plan(START)
    # Nothing is due at the start but the certificate that will be expired at the deadline.
    first = await sweep(settings, paris(2027, 2, 28, 9, 0))
    assert len(first) == 2  # J-30 of the paper and « expired at the deadline », to Capep
    subjects = {m["subject"] for m in await OutgoingMail.select(OutgoingMail.subject)}
    assert "Attestation de vigilance URSSAF : fin de validité le 25 mars 2027 (Capep)" in subjects
    assert (
        "Attestation de vigilance URSSAF expirée à la date limite de « Nettoyage des écoles »"
        in subjects
    )

    # The system was down from 22 to 27 March: back at 09:00 on the 27th, the useful ones go.
    await sweep(settings, paris(2027, 3, 27, 9, 0))
    mails = await OutgoingMail.select().where(OutgoingMail.recipient == world.lead.email)
    subjects = sorted(m["subject"] for m in mails)
    assert "Remise des offres dans 3 jours : « Nettoyage des écoles »" in subjects
    assert "Remise des offres dans 7 jours : « Nettoyage des écoles »" not in subjects  # stale
    stale = await ScheduledReminder.select().where(
        (ScheduledReminder.rule == "offers")
        & ScheduledReminder.occurrence.like("J-7@%")
        & (ScheduledReminder.recipient == world.lead.id)
    )
    assert [(r["status"], r["reason_code"], r["reason"]) for r in stale] == [
        ("expired", "expired", "plus utile (échéance dépassée)")
    ]
    assert "En retard : « Moyens humains » (Nettoyage des écoles)" in subjects
    assert not any(s.startswith("Questions") for s in subjects)  # passed on the 26th
    offers = next(m for m in mails if m["subject"].startswith("Remise des offres dans 3"))
    assert "au plus tard le 30 mars 2027 à 12 h 00" in offers["body_text"]
    # Straight to the consortium the director's structure is in.
    assert f"{settings.base_url}/groupements/{world.consortium_id}" in offers["body_text"]
    assert "Remise des offres" in offers["body_html"]


async def test_nothing_once_submitted_nor_to_a_deactivated_account(
    world: World, settings: Any
) -> None:
    from tenders.accounts.tables import User
    from tenders.mail.tables import OutgoingMail
    from tenders.procurement.tables import Tender
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep
    from tenders.reminders.tables import ScheduledReminder

    await plan(START)
    await User.update({User.is_active: False}).where(User.id == world.other.id)
    await sweep(settings, paris(2027, 3, 3, 11, 0))  # Capep's invitation reminder
    assert await OutgoingMail.count().where(OutgoingMail.recipient == world.other.email) == 0
    skipped = await ScheduledReminder.select().where(ScheduledReminder.rule == "invitation")
    assert skipped[0]["status"] == "skipped" and skipped[0]["reason"] == "compte désactivé"
    assert skipped[0]["reason_code"] == "account_inactive"

    await Tender.update({Tender.status: "deposee"}).where(Tender.id == world.tender_id)
    assert await sweep(settings, paris(2027, 3, 29, 9, 0)) == []
    reasons = {r["reason"] for r in await ScheduledReminder.select(ScheduledReminder.reason)}
    assert "consultation déposée, abandonnée ou close" in reasons
    # Nor is anything planned again for it.
    await ScheduledReminder.delete().where(ScheduledReminder.status == "scheduled")
    await plan(paris(2027, 3, 29, 9, 0))
    assert not await ScheduledReminder.exists().where(
        (ScheduledReminder.status == "scheduled") & (ScheduledReminder.tender == world.tender_id)
    )


async def test_a_validated_part_and_a_renewed_paper_are_not_reminded(
    world: World, settings: Any
) -> None:
    from tenders.consortia.tables import Section
    from tenders.mail.tables import OutgoingMail
    from tenders.members.tables import Certificate
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    await plan(START)
    await Section.update({Section.status: "validee"}).where(Section.id == world.section_id)
    await Certificate.update({Certificate.replaced_at: START}).where(
        Certificate.id == world.certificate_id
    )
    await sweep(settings, paris(2027, 3, 26, 9, 0))
    subjects = [m["subject"] for m in await OutgoingMail.select(OutgoingMail.subject)]
    assert not any("Moyens humains" in s for s in subjects)
    assert not any("URSSAF" in s for s in subjects)


async def test_a_postponed_deadline_is_reminded_at_its_new_date(
    world: World, settings: Any
) -> None:
    from tenders.mail.tables import OutgoingMail
    from tenders.procurement.tables import Tender
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    await plan(START)
    later = OFFERS + timedelta(days=14)
    await Tender.update({Tender.offers_deadline: later}).where(Tender.id == world.tender_id)
    await plan(paris(2027, 3, 20, 9, 0))
    await sweep(settings, paris(2027, 3, 27, 9, 0))  # the old J-3: nothing about the offers
    lead = await OutgoingMail.select().where(OutgoingMail.recipient == world.lead.email)
    assert not any(m["subject"].startswith("Remise des offres") for m in lead)
    await sweep(settings, paris(2027, 4, 10, 9, 0))  # the new J-3
    lead = await OutgoingMail.select().where(OutgoingMail.recipient == world.lead.email)
    assert [m["subject"] for m in lead if m["subject"].startswith("Remise des offres")] == [
        "Remise des offres dans 3 jours : « Nettoyage des écoles »"
    ]


async def test_planning_and_sweeping_twice_at_once_send_each_reminder_once(
    world: World, settings: Any, mailbox: Any
) -> None:
    from tenders.mail import service as mail
    from tenders.mail.mailers import SMTPMailer
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep
    from tenders.reminders.tables import ScheduledReminder

    await asyncio.gather(plan(START), plan(START))
    await plan(START)
    assert await ScheduledReminder.count() == 24
    at = paris(2027, 3, 27, 9, 0)
    written = await asyncio.gather(sweep(settings, at), sweep(settings, at), sweep(settings, at))
    await sweep(settings, at)
    ids = [i for batch in written for i in batch]
    assert len(ids) == len(set(ids)) == await OutgoingMail.count()
    for mail_id in ids + ids:  # every delivery job delivered twice
        await mail.deliver(mail_id, SMTPMailer(settings), settings)
    assert len(mailbox.messages) == len(ids)
    assert len({m["Message-ID"] for m in mailbox.messages}) == len(ids)


async def test_muted_kinds_and_the_daily_digest(world: World, settings: Any) -> None:
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders import service
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import digest, sweep

    await service.set_preferences(
        as_actor(world.coordinator), service.PreferencesIn(muted=["offers", "section_overdue"])
    )
    await service.set_preferences(as_actor(world.lead), service.PreferencesIn(digest=True))
    await service.set_preferences(
        as_actor(world.other), service.PreferencesIn(muted=["offers", "questions"])
    )
    await plan(START)
    at = paris(2027, 3, 27, 9, 0)
    await sweep(settings, at)

    def subjects(rows: list[dict[str, Any]], email: str) -> list[str]:
        return [r["subject"] for r in rows if r["recipient"] == email]

    rows = await OutgoingMail.select()
    coordinator = subjects(rows, world.coordinator.email)
    # A legal deadline stays on for the coordination; the section copy was turned off.
    assert "Remise des offres dans 3 jours : « Nettoyage des écoles »" in coordinator
    assert not any(s.startswith("En retard") for s in coordinator)
    assert not any(s.startswith("Remise des offres") for s in subjects(rows, world.other.email))
    assert subjects(rows, world.lead.email) == []  # waiting for the digest

    written = await digest(settings, paris(2027, 3, 28, 7, 30))
    again = await digest(settings, paris(2027, 3, 28, 7, 31))
    assert len(written) == 1 and again == []
    (summary,) = await OutgoingMail.select().where(OutgoingMail.id == written[0])
    assert summary["subject"].startswith("Vos échéances Cordée du 28 mars 2027 (")
    assert "Remise des offres dans 3 jours" in summary["body_text"]
    assert "En retard : « Moyens humains »" in summary["body_text"]
