"""Why a due reminder is not sent: a code, which the sweep decides on and keeps in
``scheduled_reminder.reason_code``, and its French wording, kept beside it in ``reason``."""

from __future__ import annotations

EXPIRED = "expired"

REASONS: dict[str, str] = {
    "account_inactive": "compte désactivé",
    EXPIRED: "plus utile (échéance dépassée)",
    "not_in_consortium": "structure hors du groupement (déclinée, partie ou retirée)",
    "tender_deleted": "consultation supprimée",
    "tender_closed": "consultation déposée, abandonnée ou close",
    "deadline_passed": "date limite passée",
    "deadline_changed": "date limite modifiée",
    "consortium_closed": "groupement déposé ou supprimé",
    "package_compiled": "dossier déjà compilé",
    "section_deleted": "partie supprimée",
    "section_validated": "partie validée",
    "section_date_changed": "date de remise modifiée",
    "bid_submitted": "dossier déposé",
    "member_removed": "structure retirée du groupement",
    "invitation_answered": "invitation déjà traitée",
    "answer_changed": "réponse changée depuis",
    "review_done": "partie déjà relue ou reprise",
    "certificate_replaced": "attestation remplacée",
    "validity_changed": "validité modifiée",
    "passage_deleted": "passage supprimé",
    "passage_reviewed": "passage déjà relu",
    "contract_not_awarded": "marché non attribué",
    "contract_dates_changed": "dates du marché modifiées",
    "muted": "rappel désactivé par la personne",
}


def status(code: str) -> str:
    """A reminder not sent is « expired » when its moment has passed, « skipped » otherwise."""
    return "expired" if code == EXPIRED else "skipped"
