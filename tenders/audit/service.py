"""Writing and reading the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from tenders.audit.actor import SYSTEM, Actor
from tenders.audit.tables import AuditEvent
from tenders.clock import utcnow

CHUNK = 500  # events per INSERT

ACTION_LABELS = {
    "login.succeeded": "Connexion",
    "login.failed": "Échec de connexion",
    "login.throttled": "Connexion bloquée (trop de tentatives)",
    "logout": "Déconnexion",
    "invitation.sent": "Invitation envoyée",
    "invitation.accepted": "Invitation acceptée",
    "password.changed": "Mot de passe changé",
    "password.change_failed": "Changement de mot de passe refusé (mot de passe actuel erroné)",
    "password.reset_requested": "Réinitialisation demandée",
    "password.reset": "Mot de passe réinitialisé",
    "user.deactivated": "Compte désactivé",
    "user.reactivated": "Compte réactivé",
    "password.reset_throttled": "Réinitialisation refusée (trop de demandes)",
    "user.role_changed": "Rôle modifié",
    "demo.loaded": "Données de démonstration chargées",
    "organisation.created": "Structure ajoutée",
    "organisation.updated": "Fiche de structure modifiée",
    "capability.created": "Savoir-faire ajouté",
    "capability.updated": "Savoir-faire modifié",
    "capability.deleted": "Savoir-faire supprimé",
    "reference.created": "Référence ajoutée",
    "reference.updated": "Référence modifiée",
    "reference.deleted": "Référence supprimée",
    "certificate.uploaded": "Attestation déposée",
    "certificate.validity_changed": "Validité d'une attestation corrigée",
    "tender.created": "Consultation créée",
    "tender.updated": "Consultation modifiée",
    "tender.status_changed": "Statut de consultation changé",
    "consortium.drafted": "Groupement proposé (brouillon)",
    "tender.file_attached": "Fichier joint à une consultation",
    "consortium.composition_changed": "Composition d'un groupement modifiée",
    "consortium.split_changed": "Répartition d'un groupement modifiée",
    "consortium.bank_changed": "Coordonnées bancaires d'un membre modifiées",
    "consortium.submitted": "Dossier déposé (groupement figé)",
    "consortium.invited": "Membres invités dans un groupement",
    "consortium.accepted": "Invitation à un groupement acceptée",
    "consortium.declined": "Invitation à un groupement déclinée",
    "section.saved": "Partie du mémoire enregistrée",
    "consortium.left": "Structure sortie d'un groupement",
    "consortium.member_removed": "Structure retirée d'un groupement",
    "section.status_changed": "Statut d'une partie du mémoire changé",
    "template.uploaded": "Nouvelle version d'un modèle de document déposée",
    "template.withdrawn": "Version d'un modèle de document retirée",
    "package.requested": "Compilation d'un dossier de candidature demandée",
    "package.retried": "Compilation d'un dossier relancée",
    "package.downloaded": "Dossier de candidature téléchargé",
    "outcome.recorded": "Résultat d'une candidature enregistré",
    "watch_profile.updated": "Profil de veille enregistré",
    "watch.run_requested": "Veille lancée à la main",
    "watch.dismissed": "Avis de la veille écarté",
    "watch.alerts_enabled": "Alertes de veille demandées",
    "watch.alerts_disabled": "Alertes de veille arrêtées",
    "tender.espd_request_uploaded": "DUME de l'acheteur déposé",
    "tender.espd_request_deleted": "DUME de l'acheteur retiré",
}


OBJECT_LABELS = {
    "user": "compte",
    "organisation": "structure",
    "capability": "savoir-faire",
    "reference": "référence",
    "certificate": "attestation",
    "tender": "consultation",
    "consortium": "groupement",
    "section": "partie du mémoire",
    "template": "modèle de document",
    "compile_job": "compilation",
    "bid_package": "dossier de candidature",
    "watch_profile": "profil de veille",
}


class AuditEventOut(msgspec.Struct):
    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_id: str
    ip_address: str
    detail: dict[str, Any]


async def record(
    actor: Actor | None,
    action: str,
    subject: tuple[str, object] | None = None,
    *,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one event: who (None: the platform) did ``action`` to ``subject`` (object type,
    object id), from the actor's address; call inside the transaction of the change."""
    await record_many(actor, action, [(subject or ("", ""), detail)])


async def record_many(
    actor: Actor | None,
    action: str,
    events: list[tuple[tuple[str, object], dict[str, Any] | None]],
) -> None:
    """``record`` of one ``action`` on many subjects at once (each with its detail): one
    statement for the lot; call inside the transaction of the change."""
    if not events:
        return
    who = SYSTEM if actor is None else actor
    now = utcnow()
    rows = [
        AuditEvent(
            occurred_at=now,
            actor=who.actor_id,
            actor_label=who.actor_label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            ip_address=who.ip[:64],
            detail=msgspec.json.encode(detail or {}).decode(),
        )
        for (object_type, object_id), detail in events
    ]
    for start in range(0, len(rows), CHUNK):
        await AuditEvent.insert(*rows[start : start + CHUNK])


async def recent(limit: int = 200, offset: int = 0) -> list[AuditEventOut]:
    rows = (
        await AuditEvent.select()
        .order_by(AuditEvent.id, ascending=False)
        .limit(limit)
        .offset(offset)
    )
    return [_out(row) for row in rows]


async def count() -> int:
    return await AuditEvent.count()


def _out(row: dict[str, Any]) -> AuditEventOut:
    detail = row["detail"]
    if isinstance(detail, str):
        detail = msgspec.json.decode(detail) if detail else {}
    computed = {
        "actor_id": row["actor"],
        "action_label": ACTION_LABELS.get(row["action"], row["action"]),
        "object_label": OBJECT_LABELS.get(row["object_type"], row["object_type"]),
        "detail": detail,
    }
    return msgspec.convert(row | computed, AuditEventOut)
