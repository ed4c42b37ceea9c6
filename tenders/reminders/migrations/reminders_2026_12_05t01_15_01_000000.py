"""The reminders skipped before reason_code existed get the code of their French reason.

The wordings are copied here as they were written until then: a migration keeps its own
copy, whatever tenders/reminders/skips.py becomes."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-05T01:15:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "reason codes of the reminders already skipped"

CODES = {
    "compte désactivé": "account_inactive",
    "plus utile (échéance dépassée)": "expired",
    "structure hors du groupement (déclinée, partie ou retirée)": "not_in_consortium",
    "consultation supprimée": "tender_deleted",
    "consultation déposée, abandonnée ou close": "tender_closed",
    "date limite passée": "deadline_passed",
    "date limite modifiée": "deadline_changed",
    "groupement déposé ou supprimé": "consortium_closed",
    "dossier déjà compilé": "package_compiled",
    "partie supprimée": "section_deleted",
    "partie validée": "section_validated",
    "date de remise modifiée": "section_date_changed",
    "dossier déposé": "bid_submitted",
    "structure retirée du groupement": "member_removed",
    "invitation déjà traitée": "invitation_answered",
    "attestation remplacée": "certificate_replaced",
    "validité modifiée": "validity_changed",
    "passage supprimé": "passage_deleted",
    "passage déjà relu": "passage_reviewed",
    "marché non attribué": "contract_not_awarded",
    "dates du marché modifiées": "contract_dates_changed",
    "rappel désactivé par la personne": "muted",
}


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reminders", description=DESCRIPTION)

    async def fill_codes():
        for reason, code in CODES.items():
            await RawTable.raw(
                "UPDATE scheduled_reminder SET reason_code = {} "
                "WHERE reason = {} AND status IN ('skipped', 'expired')",
                code,
                reason,
            )

    async def clear_codes():
        await RawTable.raw("UPDATE scheduled_reminder SET reason_code = ''")

    manager.add_raw(fill_codes)
    manager.add_raw_backwards(clear_codes)
    return manager
