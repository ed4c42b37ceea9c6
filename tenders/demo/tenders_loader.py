"""Three demo tenders, so that a new user sees the pipeline, the matching and a consortium
ready to compile at once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.formatting import PARIS
from tenders.packages.demo import TENDER as BID_TENDER
from tenders.procurement import service
from tenders.procurement.schemas import LotIn, TenderIn
from tenders.procurement.tables import Tender


def _noon_in(days: int) -> datetime:
    day = (utcnow().astimezone(PARIS) + timedelta(days=days)).date()
    return datetime.combine(day, time(12, 0), tzinfo=PARIS)


def _lot(key: str, title: str, codes: str, value: str, reserved: str = "none") -> LotIn:
    return LotIn(
        key=key,
        title=title,
        cpv_codes=codes.split(),
        estimated_value=Decimal(value),
        reserved=reserved,
    )


def _tender(title: str, buyer: str, address: str, lots: list[LotIn], **more: Any) -> TenderIn:
    """A demo tender: services in the Nord (59), not reserved as a whole."""
    return TenderIn(
        title=title,
        buyer_name=buyer,
        buyer_address=address,
        kind="services",
        reserved="none",
        departements=["59"],
        lots=lots,
        **more,
    )


# (source key, the tender, its offer deadline in days from now)
DEMO_TENDERS = (
    (
        "demo:espaces-verts",
        _tender(
            "Entretien des espaces verts et mobilité douce (démonstration)",
            "Commune du Valenciennois (démonstration)",
            "2 place Pierre Delcourt, 59410 Anzin",
            [
                _lot("1", "Entretien des parcs et jardins", "77310000", "90000"),
                _lot("2", "Entretien des cimetières", "77310000", "45000", "insertion"),
                _lot(
                    "3",
                    "Location et entretien de vélos de service",
                    "34430000 50000000",
                    "30000",
                ),
            ],
            procedure="mapa",
            description="Consultation fictive pour découvrir Cordée : trois lots, dont un réservé "
            "aux structures d'insertion.",
            social_clause="Clause sociale d'insertion : 1 500 heures sur la durée du marché.",
            insertion_hours=1500,
            one_consortium_only=True,
        ),
        24,
    ),
    (
        "demo:nettoyage",
        _tender(
            "Nettoyage des locaux administratifs (démonstration)",
            "Communauté d'agglomération (démonstration)",
            "2 place de l'Hôpital Général, 59300 Valenciennes",
            [_lot("1", "Nettoyage des bureaux", "90910000", "120000")],
            procedure="ouvert",
        ),
        45,
    ),
    (
        # The demo consortium (Poinfor, A.C.I.A.E, Capep) is ready to compile on this one.
        "demo:velos-espaces-verts",
        _tender(
            "Espaces verts et location solidaire de vélos (démonstration)",
            BID_TENDER.buyer_name,
            BID_TENDER.buyer_address,
            [
                _lot("1", BID_TENDER.lots[0].title, "77310000", "72000"),
                _lot("2", BID_TENDER.lots[1].title, "34430000 50000000", "50000"),
            ],
            reference=BID_TENDER.reference,
            procedure="mapa",
            duration_months=36,
            description="Consultation fictive sur laquelle un groupement est prêt : ouvrez-le "
            "depuis « Groupements » et compilez son dossier de candidature.",
        ),
        30,
    ),
)


async def load_demo_tenders(actor: CurrentUser) -> None:
    for key, data, days in DEMO_TENDERS:
        if await Tender.exists().where(Tender.source_key == key):
            continue
        data.offers_deadline = _noon_in(days)
        data.questions_deadline = _noon_in(days - 7)
        await service.create_tender(actor, data, service.Provenance(source_key=key))
