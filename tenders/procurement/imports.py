"""Importing a public notice into a draft tender; the same notice again updates the draft."""

from __future__ import annotations

import re
from typing import Any

from tenders.accounts.schemas import CurrentUser
from tenders.members.access import ensure_staff
from tenders.notices import read_notice
from tenders.procurement import service
from tenders.procurement.schemas import LotIn, TenderIn, TenderOut
from tenders.procurement.tables import Tender

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _months(value: int | None) -> int | None:
    return value if value is not None and 0 < value <= 240 else None


async def import_notice(actor: CurrentUser, data: bytes, ip: str = "") -> tuple[TenderOut, bool]:
    """Returns the draft and whether it was created (False: an earlier import was updated).

    Nothing is written when the file cannot be read: ``read_notice`` raises first."""
    ensure_staff(actor)
    draft = read_notice(data)
    source_key = f"{draft.source}:{draft.source_id}"[:200]
    lots = [
        LotIn(
            key=lot.key,
            title=lot.title or f"Lot {lot.key}",
            description=lot.description,
            cpv_codes=list(lot.cpv_codes),
            departements=list(lot.departements),
            estimated_value=lot.estimated_value,
            reserved=lot.reserved,
            duration_months=_months(lot.duration_months),
        )
        for lot in draft.lots
    ]
    notice: dict[str, Any] = {
        "title": draft.title or "Consultation sans titre",
        "reference": draft.reference,
        "buyer_name": draft.buyer_name,
        "buyer_siret": draft.buyer_siret,
        "procedure": draft.procedure,
        "kind": draft.kind,
        "description": draft.description,
        "duration_months": _months(draft.duration_months),
        "reserved": draft.reserved,
        "social_clause": draft.social_clause,
        "documents_url": draft.url if _URL.match(draft.url or "") else "",
        "departements": list(draft.departements),
        "offers_deadline": draft.offers_deadline,
        "questions_deadline": draft.questions_deadline,
        "lots": lots,
    }
    existing = await Tender.select(Tender.id).where(Tender.source_key == source_key)
    if not existing:
        tender = await service.create_tender(
            actor,
            TenderIn(**notice),
            ip,
            source=draft.source,
            source_key=source_key,
            notice_version=draft.notice_version,
            warnings=list(draft.warnings),
        )
        return tender, True
    tender_id = int(existing[0]["id"])
    current = await service.get_tender(tender_id)
    # What the coordinator added by hand (rules on consortia, platform, hours) is kept.
    kept = TenderIn(
        title=current.title,
        insertion_hours=current.insertion_hours,
        forbid_alone_and_consortium=current.forbid_alone_and_consortium,
        one_consortium_only=current.one_consortium_only,
        platform_url=current.platform_url,
        communes=current.communes,
        visit_deadline=current.visit_deadline,
    )
    merged = TenderIn(**{**{f: getattr(kept, f) for f in kept.__struct_fields__}, **notice})
    tender = await service.update_tender(
        actor,
        tender_id,
        merged,
        ip,
        notice_version=draft.notice_version,
        warnings=list(draft.warnings),
    )
    return tender, False
