"""What the coordination is told as it happens rather than planned from a date: a reminder
row due at once, which the sweep mails (or puts in the person's digest, or skips when the
person muted the rule) like any other. Its key holds the moment of the event: calling again
for the same event writes nothing more.

An invitation answered is planned from the membership's answer (``planner._answers``), on
whatever path it came; a part sent for review leaves no date behind, so its page tells."""

from __future__ import annotations

from tenders.audit.actor import Actor
from tenders.clock import utcnow
from tenders.consortia.tables import Section
from tenders.reminders.planner import Planned, active_people, schedule, stamp
from tenders.reminders.rules import NEWS_KEPT


async def notify_review_requested(actor: Actor, consortium_id: int, section_id: int) -> None:
    """A part of this consortium was just sent for review: the coordination (but ``actor``)
    is told, by mail or in its digest."""
    rows = await Section.select(Section.consortium.tender.as_alias("tender")).where(
        (Section.id == section_id) & (Section.consortium == consortium_id)
    )
    if not rows:
        return
    now = utcnow()
    people = await active_people()
    await schedule(
        [
            Planned(
                "review_requested",
                "section",
                section_id,
                user,
                f"relecture@{stamp(now)}",
                now,
                now + NEWS_KEPT,
                rows[0]["tender"],
            )
            for user in people.coordination
            if user != actor.actor_id
        ]
    )
