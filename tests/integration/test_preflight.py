"""Pre-flight checks before compiling a bid package, on a real consortium."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tenders.storage import placeholder_pdf
from tests.support import as_actor

PDF = placeholder_pdf("Attestation", ["Pré-contrôle"])


async def test_preflight_lists_blocking_items_then_warnings(
    make_account: Any, make_organisation: Any
) -> None:
    from tenders.consortia import service as consortia
    from tenders.consortia import workspace
    from tenders.consortia.schemas import (
        CompositionIn,
        CompositionMemberIn,
        ConsortiumIn,
        MemberIn,
        ShareIn,
        SplitIn,
    )
    from tenders.consortia.tables import ConsortiumMember
    from tenders.documents.preflight import preflight
    from tenders.members import certificates
    from tenders.procurement import service as tenders
    from tenders.procurement.schemas import LotIn, TenderIn

    admin = await make_account("admin")
    actor = as_actor(admin)
    alpha, beta = await make_organisation("Alpha"), await make_organisation("Bêta")
    tender = await tenders.create_tender(
        actor,
        TenderIn(title="Nettoyage", lots=[LotIn(key="1", title="Lot", cpv_codes=["90910000"])]),
    )
    draft = await consortia.create_draft(
        actor,
        tender.id,
        ConsortiumIn(
            lead_id=alpha,
            members=[
                MemberIn(organisation_id=alpha, lots=["1"]),
                MemberIn(organisation_id=beta, lots=["1"]),
            ],
        ),
    )

    items = await preflight(actor, draft.id)
    blocking = [i.text for i in items if i.blocking]
    assert "Choisissez la forme du groupement (conjoint ou solidaire)." in blocking
    assert "Bêta n'a pas encore accepté l'invitation." in blocking
    assert "Lot 1 : la répartition entre les membres ne fait pas 100 %." in blocking
    assert any(t.startswith("Alpha") and "Attestation de vigilance URSSAF" in t for t in blocking)
    assert items[0].blocking and not items[-1].blocking  # blocking first

    await workspace.set_composition(
        actor,
        draft.id,
        CompositionIn(
            form="conjoint",
            lead_id=alpha,
            members=[
                CompositionMemberIn(organisation_id=alpha, role="mandataire", lots=["1"]),
                CompositionMemberIn(organisation_id=beta, role="co_traitant", lots=["1"]),
            ],
        ),
    )
    await workspace.set_split(
        actor,
        draft.id,
        SplitIn(
            shares=[
                ShareIn(lot_key="1", organisation_id=alpha, amount=Decimal("700")),
                ShareIn(lot_key="1", organisation_id=beta, amount=Decimal("300")),
            ]
        ),
    )
    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        ConsortiumMember.consortium == draft.id
    )
    for org in (alpha, beta):
        for kind in ("kbis", "urssaf", "fiscal", "rc_pro"):
            await certificates.upload_certificate(
                actor,
                org,
                kind=kind,
                title="",
                issued_on=date.today() - timedelta(days=1),
                valid_until=date.today() + timedelta(days=365),
                filename="x.pdf",
                data=PDF,
            )
    remaining = await preflight(actor, draft.id)
    assert [i.text for i in remaining if i.blocking] == []
    assert any("n'a pas encore de plan" in i.text for i in remaining)
