"""The reminder rules, in one place: who is reminded of what, and when.

Change a delay here and the next planning run (every few minutes) reschedules the reminders
not sent yet. Times are Europe/Paris; a reminder « on day D » goes out at 08:00 that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tenders.formatting import PARIS, to_paris

MORNING = time(8, 0)


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    label: str  # shown in the preferences and the list of sent reminders
    legal: bool  # a legal deadline: always sent to the coordination, whatever its choices
    staff_only: bool = False  # only the coordination receives it (and chooses about it)


RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule("offers", "Date limite de remise des offres", legal=True),
        Rule("questions", "Date limite des questions à l'acheteur", legal=True),
        Rule("section_due", "Partie du mémoire à rendre", legal=False),
        Rule("section_overdue", "Partie du mémoire en retard", legal=False),
        Rule("invitation", "Invitation à un groupement sans réponse", legal=False),
        Rule("certificate", "Attestation qui arrive à échéance", legal=False),
        Rule(
            "certificate_deadline", "Attestation expirée à la date limite d'une offre", legal=False
        ),
        Rule("package", "Dossier de candidature pas encore compilé", legal=True),
        Rule("passage_review", "Passage de la bibliothèque à relire", legal=False),
        Rule("contract_papers", "Attestations à renouveler pendant un marché", legal=False),
        # What the coordination is told as it happens (not planned from a date).
        Rule(
            "invitation_answered",
            "Réponse à une invitation de groupement",
            legal=False,
            staff_only=True,
        ),
        Rule(
            "review_requested",
            "Partie du mémoire envoyée à la relecture",
            legal=False,
            staff_only=True,
        ),
    )
}

# Days before the offer deadline (0: the morning of the day).
OFFER_DAYS = (7, 3, 1, 0)
QUESTION_DAYS = (3,)
SECTION_DAYS = 2  # before a section's due date; then once when it is overdue
INVITATION_AFTER = timedelta(days=2)
CERTIFICATE_DAYS = (30, 7)  # before the end of validity; then once the day after
PACKAGE_BEFORE = timedelta(hours=48)
CONTRACT_PAPERS_MONTHS = 6  # during a won contract, the papers asked for every six months
NEWS_KEPT = timedelta(days=7)  # an answer or a review request, told until it is this old
# Statuses of a tender whose deadlines are reminded (« veille » is only a watch list).
REMINDED_STATUSES = frozenset({"a_qualifier", "go", "en_preparation"})


@dataclass(frozen=True, slots=True)
class Occurrence:
    name: str  # part of the reminder's key: "J-7", "jour-J", "retard"…
    due_at: datetime
    expires_at: datetime  # past it, the reminder is no longer useful and is not sent


def morning_of(day: date) -> datetime:
    return datetime.combine(day, MORNING, tzinfo=PARIS)


def before_deadline(deadline: datetime, days: tuple[int, ...]) -> list[Occurrence]:
    """One occurrence per number of days before ``deadline``, each useful until the next."""
    local = to_paris(deadline)
    result: list[Occurrence] = []
    for n in sorted(days, reverse=True):
        due = morning_of(local.date() - timedelta(days=n))
        if due >= deadline:
            due = deadline - timedelta(hours=2)
        result.append(Occurrence("jour-J" if n == 0 else f"J-{n}", due, deadline))
    for index in range(len(result) - 1):
        current, following = result[index], result[index + 1]
        result[index] = Occurrence(current.name, current.due_at, following.due_at)
    return result


def certificate_occurrences(valid_until: date) -> list[Occurrence]:
    """30 and 7 days before the end of validity, then the day after it has ended."""
    after = morning_of(valid_until + timedelta(days=1))
    found = before_deadline(after, CERTIFICATE_DAYS)
    expired = Occurrence("expiree", after, after + timedelta(days=30))
    return [*found, expired]


def section_occurrences(due_at: datetime) -> list[Occurrence]:
    soon = before_deadline(due_at, (SECTION_DAYS,))
    late = Occurrence("retard", due_at + timedelta(hours=1), due_at + timedelta(days=14))
    return [*soon, late]
