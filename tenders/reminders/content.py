"""What a due reminder says, and whether it is still worth sending — for many at once.

Everything a batch of reminders needs is read in a few queries (one per kind of object), so
sweeping a thousand reminders costs a handful of queries, not thousands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from piccolo.columns import Column

from tenders.accounts.tables import User
from tenders.consortia.access import JOINED, KNOWN
from tenders.consortia.tables import Consortium, ConsortiumMember, Section
from tenders.formatting import date_fr, datetime_fr, deadline_fr
from tenders.library.tables import Passage
from tenders.members.tables import Certificate, Organisation
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.outcomes.tables import BidOutcome
from tenders.packages.tables import BidPackage
from tenders.procurement.tables import Tender
from tenders.reminders.planner import stamp
from tenders.reminders.rules import REMINDED_STATUSES
from tenders.reminders.skips import EXPIRED

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    intro: str
    lines: list[str]
    action: str
    link: str  # a path; the base URL is added when the mail is written
    # "page": the link as it is; "tender": the tender for the coordination, the person's
    # consortium for a member, ``link`` when the reminder is about no tender or consortium.
    link_kind: Literal["page", "tender"] = "page"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A due reminder's fate: a message to send, or why it is not sent (a code of
    ``tenders.reminders.skips.REASONS``)."""

    message: Message | None
    skip: str = ""


def _send(
    subject: str,
    intro: str,
    action: str,
    link: str,
    lines: list[str] | None = None,
    link_kind: Literal["page", "tender"] = "page",
) -> Verdict:
    """The reminder is sent, saying this."""
    return Verdict(Message(subject, intro, lines or [], action, link, link_kind))


async def _by_id(ids: Iterable[int], *columns: Column) -> dict[int, Row]:
    """``columns`` (the first: their table's id) of the rows whose id is one of ``ids``."""
    key = columns[0]
    found = await key._meta.table.select(*columns).where(key.is_in(sorted(set(ids)) or [0]))
    return {row["id"]: row for row in found}


def _ids(rows: list[dict[str, Any]], object_type: str) -> list[int]:
    return sorted({r["object_id"] for r in rows if r["object_type"] == object_type}) or [0]


class Facts:
    """The objects a batch of reminders is about, read once."""

    tenders: dict[int, dict[str, Any]]
    consortia: dict[int, dict[str, Any]]
    packaged: set[int]
    sections: dict[int, dict[str, Any]]
    memberships: dict[int, dict[str, Any]]
    certificates: dict[int, dict[str, Any]]
    organisations: dict[int, str]
    passages: dict[int, dict[str, Any]]
    outcomes: dict[int, dict[str, Any]]
    memberships_of: dict[tuple[int, int], int]
    states: dict[tuple[int, int], str]
    users: dict[int, dict[str, Any]]

    @classmethod
    async def load(cls, rows: list[dict[str, Any]]) -> Facts:
        facts = cls()
        await facts._load_consortia(rows)
        tender_ids = await facts._load_tenders(rows)
        await facts._load_papers(rows)
        await facts._load_passages_and_outcomes(rows)
        await facts._load_people(rows, tender_ids)
        return facts

    async def _load_consortia(self, rows: list[dict[str, Any]]) -> None:
        """The parts, invitations and consortia, and which consortia have a package."""
        self.sections = await _by_id(
            _ids(rows, "section"),
            Section.id,
            Section.consortium,
            Section.title,
            Section.status,
            Section.due_at,
            Section.assignee.name.as_alias("assignee_name"),
        )
        self.memberships = await _by_id(
            _ids(rows, "membership"),
            ConsortiumMember.id,
            ConsortiumMember.consortium,
            ConsortiumMember.organisation,
            ConsortiumMember.invitation,
            ConsortiumMember.respond_by,
            ConsortiumMember.answered_at,
            ConsortiumMember.answer_comment,
        )
        consortium_ids = set(_ids(rows, "consortium"))
        consortium_ids |= {s["consortium"] for s in self.sections.values()}
        consortium_ids |= {m["consortium"] for m in self.memberships.values()}
        self.consortia = await _by_id(
            consortium_ids, Consortium.id, Consortium.tender, Consortium.submitted_at
        )
        self.packaged = {
            p["consortium"]
            for p in await BidPackage.select(BidPackage.consortium).where(
                BidPackage.consortium.is_in(sorted(consortium_ids) or [0])
            )
        }

    async def _load_tenders(self, rows: list[dict[str, Any]]) -> set[int]:
        """The tenders the reminders are about, by themselves or through a consortium."""
        tender_ids = {r["tender"] for r in rows if r["tender"] is not None}
        tender_ids |= set(_ids(rows, "tender"))
        tender_ids |= {c["tender"] for c in self.consortia.values()}
        self.tenders = await _by_id(
            tender_ids,
            Tender.id,
            Tender.title,
            Tender.status,
            Tender.offers_deadline,
            Tender.questions_deadline,
            Tender.offers_time_unknown,
            Tender.questions_time_unknown,
        )
        return tender_ids

    async def _load_papers(self, rows: list[dict[str, Any]]) -> None:
        """The certificates, and the names of the structures they and the invitations name."""
        self.certificates = await _by_id(
            _ids(rows, "certificate"),
            Certificate.id,
            Certificate.organisation,
            Certificate.kind,
            Certificate.title,
            Certificate.valid_until,
            Certificate.replaced_at,
        )
        org_ids = {c["organisation"] for c in self.certificates.values()}
        org_ids |= {m["organisation"] for m in self.memberships.values()}
        self.organisations = {
            o["id"]: o["name"]
            for o in await Organisation.select(Organisation.id, Organisation.name).where(
                Organisation.id.is_in(sorted(org_ids) or [0])
            )
        }

    async def _load_passages_and_outcomes(self, rows: list[dict[str, Any]]) -> None:
        self.passages = await _by_id(
            _ids(rows, "passage"),
            Passage.id,
            Passage.title,
            Passage.reviewed_on,
            Passage.review_days,
        )
        self.outcomes = await _by_id(
            _ids(rows, "outcome"),
            BidOutcome.id,
            BidOutcome.consortium,
            BidOutcome.result,
            BidOutcome.contract_start,
            BidOutcome.consortium.tender.title.as_alias("tender_title"),  # type: ignore[union-attr]
        )

    async def _load_people(self, rows: list[dict[str, Any]], tender_ids: set[int]) -> None:
        """The recipients, and where each member's structure stands in the consortia these
        reminders are about: whether it still hears of them, and which one to link to."""
        self.users = await _by_id(
            {r["recipient"] for r in rows},
            User.id,
            User.email,
            User.full_name,
            User.role,
            User.is_active,
            User.organisation,
        )
        organisations = {u["organisation"] for u in self.users.values() if u["organisation"]}
        contracts = sorted({o["consortium"] for o in self.outcomes.values()}) or [0]
        memberships = await ConsortiumMember.select(
            ConsortiumMember.consortium,
            ConsortiumMember.organisation,
            ConsortiumMember.invitation,
            ConsortiumMember.consortium.tender.as_alias("tender"),
        ).where(
            ConsortiumMember.organisation.is_in(sorted(organisations) or [0])
            & (
                ConsortiumMember.consortium.tender.is_in(sorted(tender_ids) or [0])
                | ConsortiumMember.consortium.is_in(contracts)
            )
        )
        self.states = {(m["consortium"], m["organisation"]): m["invitation"] for m in memberships}
        self.memberships_of = {
            (m["tender"], m["organisation"]): m["consortium"]
            for m in memberships
            if m["invitation"] in KNOWN
        }

    def consortium_of(self, part: Row) -> tuple[Row, Row]:
        """The consortium a part or a membership of the batch belongs to, and its tender."""
        consortium = self.consortia[part["consortium"]]
        return consortium, self.tenders[consortium["tender"]]

    def concerned(self, row: dict[str, Any], user: dict[str, Any]) -> bool:
        """Whether a member director still hears of what this reminder is about: the parts
        and the contract of a consortium their structure has joined, the dates of a tender
        it is invited to or working on (tenders/consortia/access.py). Not once it declined,
        left or was removed."""
        org = user["organisation"]
        if row["rule"] in {"section_due", "section_overdue"}:
            section = self.sections.get(row["object_id"])
            return section is None or self.states.get((section["consortium"], org)) in JOINED
        if row["rule"] == "contract_papers":
            outcome = self.outcomes.get(row["object_id"])
            return outcome is None or self.states.get((outcome["consortium"], org)) in JOINED
        if row["rule"] == "invitation":
            membership = self.memberships.get(row["object_id"])
            return membership is None or membership["organisation"] == org
        if row["tender"] is not None:
            return (row["tender"], org) in self.memberships_of
        return True

    def link_for(self, user: dict[str, Any], tender_id: int | None, default: str) -> str:
        """Where a tender's reminder leads this person: the tender for the coordination, their
        structure's consortium for a member."""
        if tender_id is None:
            return default
        if user["role"] in {"admin", "coordinator"}:
            return f"/consultations/{tender_id}"
        consortium = self.memberships_of.get((tender_id, user["organisation"]))
        return f"/groupements/{consortium}" if consortium else default

    def link_of(self, user: dict[str, Any], tender_id: int | None, message: Message) -> str:
        """Where this message leads this person (see ``Message.link_kind``)."""
        if message.link_kind == "tender":
            return self.link_for(user, tender_id, message.link)
        return message.link

    def tender_open(self, tender_id: int | None, now: datetime) -> str:
        """Empty when the tender is still worked on; otherwise why reminders stop (a code of
        ``tenders.reminders.skips.REASONS``)."""
        if tender_id is None:
            return ""
        tender = self.tenders.get(tender_id)
        if tender is None:
            return "tender_deleted"
        if tender["status"] not in REMINDED_STATUSES:
            return "tender_closed"
        if tender["offers_deadline"] is None or tender["offers_deadline"] <= now:
            return "deadline_passed"
        return ""


def verdict(row: dict[str, Any], facts: Facts, now: datetime) -> Verdict:
    user = facts.users.get(row["recipient"])
    if user is None or not user["is_active"]:
        return Verdict(None, "account_inactive")
    if now >= row["expires_at"]:
        return Verdict(None, EXPIRED)
    if user["role"] not in {"admin", "coordinator"} and not facts.concerned(row, user):
        return Verdict(None, "not_in_consortium")
    closed = facts.tender_open(row["tender"], now)
    if closed:
        return Verdict(None, closed)
    where, gone = _OBJECTS[row["object_type"]]
    found = getattr(facts, where).get(row["object_id"])
    if found is None:
        return Verdict(None, gone)
    about = row["occurrence"].partition("@")[2]
    return _BUILDERS[row["rule"]](row, facts, about, found)


# Where a batch's facts keep each kind of object a reminder is about, and why a reminder about
# one no longer there is not sent.
_OBJECTS = {
    "tender": ("tenders", "tender_deleted"),
    "consortium": ("consortia", "consortium_closed"),
    "section": ("sections", "section_deleted"),
    "membership": ("memberships", "member_removed"),
    "certificate": ("certificates", "certificate_replaced"),
    "passage": ("passages", "passage_deleted"),
    "outcome": ("outcomes", "contract_not_awarded"),
}


def _left(deadline: datetime, occurrence: str) -> str:
    name = occurrence.partition("@")[0]
    if name == "jour-J":
        return "aujourd'hui"
    days = name.removeprefix("J-")
    return f"dans {days} jour{'s' if days != '1' else ''}" if days.isdigit() else ""


def _tender_deadline(row: Row, facts: Facts, about: str, tender: Row) -> Verdict:
    field = "offers_deadline" if row["rule"] == "offers" else "questions_deadline"
    deadline = tender[field]
    if deadline is None or stamp(deadline) != about:
        return Verdict(None, "deadline_changed")
    what = "Remise des offres" if row["rule"] == "offers" else "Questions à l'acheteur"
    when = _left(deadline, row["occurrence"])
    return _send(
        subject=f"{what} {when} : « {tender['title']} »",
        intro=f"{what} pour « {tender['title']} » : au plus tard le "
        f"{deadline_fr(deadline, tender[field.replace('deadline', 'time_unknown')])}.",
        action="Voir la consultation et le groupement",
        link="/echeances",
        link_kind="tender",
    )


def _offers(tender: dict[str, Any]) -> str:
    """The offer deadline as the reminders write it: its date alone when the notice gave no
    hour (« 14 mai 2031 (heure à vérifier) »)."""
    return deadline_fr(tender["offers_deadline"], tender["offers_time_unknown"])


def _package(row: Row, facts: Facts, about: str, consortium: Row) -> Verdict:
    if consortium["submitted_at"] is not None:
        return Verdict(None, "consortium_closed")
    if row["object_id"] in facts.packaged:
        return Verdict(None, "package_compiled")
    tender = facts.tenders[consortium["tender"]]
    if tender["offers_deadline"] is None or stamp(tender["offers_deadline"]) != about:
        return Verdict(None, "deadline_changed")
    return _send(
        subject=f"Dossier pas encore compilé : « {tender['title']} »",
        intro="Le dossier de candidature n'a pas encore été compilé, et les offres sont "
        f"à remettre le {_offers(tender)}.",
        action="Compiler le dossier",
        link=f"/groupements/{row['object_id']}#dossier",
    )


def _section(row: Row, facts: Facts, about: str, section: Row) -> Verdict:
    if section["status"] == "validee":
        return Verdict(None, "section_validated")
    if section["due_at"] is None or stamp(section["due_at"]) != about:
        return Verdict(None, "section_date_changed")
    consortium, tender = facts.consortium_of(section)
    if consortium["submitted_at"] is not None:
        return Verdict(None, "bid_submitted")
    late = row["rule"] == "section_overdue"
    due = datetime_fr(section["due_at"])
    return _send(
        subject=(
            f"En retard : « {section['title']} » ({tender['title']})"
            if late
            else f"À rendre le {due} : « {section['title']} »"
        ),
        intro=(
            f"La partie « {section['title']} » du mémoire technique était à rendre le "
            f"{due} et n'est pas encore validée."
            if late
            else f"La partie « {section['title']} » du mémoire technique est à rendre le {due}."
        ),
        lines=[f"Consultation : {tender['title']}"],
        action="Écrire la partie",
        link=f"/groupements/{section['consortium']}/parties/{section['id']}",
    )


def _invitation(row: Row, facts: Facts, about: str, membership: Row) -> Verdict:
    if membership["invitation"] != "pending":
        return Verdict(None, "invitation_answered")
    consortium, tender = facts.consortium_of(membership)
    lines = [f"Structure invitée : {facts.organisations.get(membership['organisation'], '')}"]
    if membership["respond_by"]:
        lines.append(f"Réponse attendue avant le {date_fr(membership['respond_by'])}")
    return _send(
        subject=f"Invitation sans réponse : groupement « {tender['title']} »",
        intro="Votre structure est invitée à rejoindre un groupement et n'a pas encore répondu.",
        lines=lines,
        action="Répondre à l'invitation",
        link=f"/groupements/{consortium['id']}",
    )


def _certificate_name(paper: dict[str, Any]) -> str:
    kind = CERTIFICATE_KINDS.get(paper["kind"])
    label = kind.label if kind else "Attestation"
    return f"{label} — {paper['title']}" if paper["title"] else label


def _certificate(row: Row, facts: Facts, about: str, paper: Row) -> Verdict:
    if paper["replaced_at"] is not None:
        return Verdict(None, "certificate_replaced")
    until = paper["valid_until"]
    if until is None or not about.startswith(until.isoformat()):
        return Verdict(None, "validity_changed")
    org = facts.organisations.get(paper["organisation"], "")
    name = _certificate_name(paper)
    link = f"/structures/{paper['organisation']}/attestations"
    if row["rule"] == "certificate_deadline":
        tender_id = row["tender"]
        tender = facts.tenders[tender_id]
        return _send(
            subject=f"{name} expirée à la date limite de « {tender['title']} »",
            intro=f"{org} : « {name} » est valable jusqu'au {date_fr(until)}, avant la "
            f"remise des offres du {_offers(tender)}. Déposez-en "
            "une nouvelle version.",
            action="Déposer la nouvelle attestation",
            link=link,
        )
    expired = row["occurrence"].startswith("expiree")
    return _send(
        subject=(
            f"{name} expirée ({org})"
            if expired
            else f"{name} : fin de validité le {date_fr(until)} ({org})"
        ),
        intro=(
            f"« {name} » de {org} n'est plus valable depuis le {date_fr(until)}."
            if expired
            else f"« {name} » de {org} arrive à échéance le {date_fr(until)}."
        )
        + " Déposez-en une nouvelle version dans le coffre-fort.",
        action="Déposer la nouvelle attestation",
        link=link,
    )


def _passage(row: Row, facts: Facts, about: str, passage: Row) -> Verdict:
    if passage["reviewed_on"].isoformat() != about:
        return Verdict(None, "passage_reviewed")
    return _send(
        subject=f"À relire : « {passage['title']} » (bibliothèque)",
        intro=f"Le passage « {passage['title']} » n'a pas été relu depuis le "
        f"{date_fr(passage['reviewed_on'])} : relisez-le avant qu'il ne serve dans un "
        "mémoire, puis marquez-le comme relu.",
        action="Relire le passage",
        link=f"/bibliotheque/{passage['id']}",
    )


def _contract(row: Row, facts: Facts, about: str, outcome: Row) -> Verdict:
    if outcome["result"] != "gagnee":
        return Verdict(None, "contract_not_awarded")
    if outcome["contract_start"] is None or outcome["contract_start"].isoformat() != about:
        return Verdict(None, "contract_dates_changed")
    return _send(
        subject=f"Attestations à renouveler : marché « {outcome['tender_title']} »",
        intro="Pendant l'exécution du marché, l'acheteur demande tous les six mois les "
        "attestations à jour (URSSAF, régularité fiscale). Déposez les nouvelles versions "
        "dans le coffre-fort de votre structure.",
        action="Mettre à jour les attestations",
        link="/echeances",
        link_kind="tender",
    )


def _answered(row: Row, facts: Facts, about: str, membership: Row) -> Verdict:
    state = row["occurrence"].partition("@")[0]
    answered = membership["answered_at"]
    if membership["invitation"] != state or answered is None or stamp(answered) != about:
        return Verdict(None, "answer_changed")
    consortium, tender = facts.consortium_of(membership)
    org = facts.organisations.get(membership["organisation"], "Une structure")
    verb = "accepte" if state == "accepted" else "décline"
    comment = membership["answer_comment"]
    said = f", avec ce commentaire : « {comment} »" if comment else ", sans commentaire"
    return _send(
        subject=f"{org} {verb} le groupement « {tender['title']} »",
        intro=f"{org} a {'accepté' if state == 'accepted' else 'décliné'} l'invitation au "
        f"groupement pour « {tender['title']} »{said}.",
        lines=[]
        if state == "accepted"
        else ["Ses parties du mémoire reviennent à la coordination."],
        action="Voir le groupement",
        link=f"/groupements/{consortium['id']}#membres",
    )


def _review(row: Row, facts: Facts, about: str, section: Row) -> Verdict:
    if section["status"] != "a_relire":
        return Verdict(None, "review_done")
    # Once the bid is submitted its tender is closed, and the reminder skipped before here.
    tender = facts.consortium_of(section)[1]
    who = section["assignee_name"] or "La personne qui l'écrit"
    return _send(
        subject=f"À relire : « {section['title']} » ({tender['title']})",
        intro=f"{who} a envoyé la partie « {section['title']} » du mémoire technique à la "
        f"relecture, pour « {tender['title']} ».",
        action="Relire la partie",
        link=f"/groupements/{section['consortium']}/parties/{section['id']}",
    )


_BUILDERS = {
    "offers": _tender_deadline,
    "questions": _tender_deadline,
    "package": _package,
    "section_due": _section,
    "section_overdue": _section,
    "invitation": _invitation,
    "certificate": _certificate,
    "certificate_deadline": _certificate,
    "passage_review": _passage,
    "contract_papers": _contract,
    "invitation_answered": _answered,
    "review_requested": _review,
}
