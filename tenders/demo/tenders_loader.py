"""Three demo tenders, so that a new user sees the pipeline, the matching and a consortium
ready to compile at once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.formatting import PARIS
from tenders.procurement import service
from tenders.procurement.schemas import LotIn, TenderIn
from tenders.procurement.tables import Tender


def _noon_in(days: int) -> datetime:
    day = (utcnow().astimezone(PARIS) + timedelta(days=days)).date()
    return datetime.combine(day, time(12, 0), tzinfo=PARIS)


DEMO_TENDERS = (
    (
        "demo:espaces-verts",
        TenderIn(
            title="Entretien des espaces verts et mobilité douce (démonstration)",
            buyer_name="Commune du Valenciennois (démonstration)",
            buyer_address="2 place Pierre Delcourt, 59410 Anzin",
            procedure="mapa",
            kind="services",
            reserved="none",
            departements=["59"],
            description="Consultation fictive pour découvrir Cordée : trois lots, dont un réservé "
            "aux structures d'insertion.",
            social_clause="Clause sociale d'insertion : 1 500 heures sur la durée du marché.",
            insertion_hours=1500,
            one_consortium_only=True,
            lots=[
                LotIn(
                    key="1",
                    title="Entretien des parcs et jardins",
                    cpv_codes=["77310000"],
                    estimated_value=Decimal("90000"),
                ),
                LotIn(
                    key="2",
                    title="Entretien des cimetières",
                    cpv_codes=["77310000"],
                    estimated_value=Decimal("45000"),
                    reserved="insertion",
                ),
                LotIn(
                    key="3",
                    title="Location et entretien de vélos de service",
                    cpv_codes=["34430000", "50000000"],
                    estimated_value=Decimal("30000"),
                ),
            ],
        ),
        24,
    ),
    (
        "demo:nettoyage",
        TenderIn(
            title="Nettoyage des locaux administratifs (démonstration)",
            buyer_name="Communauté d'agglomération (démonstration)",
            buyer_address="2 place de l'Hôpital Général, 59300 Valenciennes",
            procedure="ouvert",
            kind="services",
            reserved="none",
            departements=["59"],
            lots=[
                LotIn(
                    key="1",
                    title="Nettoyage des bureaux",
                    cpv_codes=["90910000"],
                    estimated_value=Decimal("120000"),
                )
            ],
        ),
        45,
    ),
    (
        # The demo consortium (Poinfor, A.C.I.A.E, Capep) is ready to compile on this one.
        "demo:velos-espaces-verts",
        TenderIn(
            title="Espaces verts et location solidaire de vélos (démonstration)",
            reference="DEMO-2027-014",
            buyer_name="Communauté d'agglomération de démonstration",
            buyer_address="1 place de l'Hôtel de Ville, 59300 Valenciennes",
            procedure="mapa",
            kind="services",
            reserved="none",
            departements=["59"],
            duration_months=36,
            description="Consultation fictive sur laquelle un groupement est prêt : ouvrez-le "
            "depuis « Groupements » et compilez son dossier de candidature.",
            lots=[
                LotIn(
                    key="1",
                    title="Entretien des espaces verts",
                    cpv_codes=["77310000"],
                    estimated_value=Decimal("72000"),
                ),
                LotIn(
                    key="2",
                    title="Location solidaire de vélos et entretien de la flotte",
                    cpv_codes=["34430000", "50000000"],
                    estimated_value=Decimal("50000"),
                ),
            ],
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
