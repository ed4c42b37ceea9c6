"""What the tests set up through the services, the way a coordinator would: a tender, a
consortium draft and its composition, a structure's paper."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

CPV = "90910000"  # cleaning services


async def make_tender(
    actor: Any,
    title: str = "Nettoyage",
    lots: dict[str, str] | None = None,
    *,
    cpv: str = CPV,
    status: str = "",
    **fields: Any,
) -> Any:
    """A tender of ``lots`` (key → title; one lot « Lot » by default), all of ``cpv``, moved to
    ``status`` when one is given (« go »: consortia may be formed)."""
    from tenders.procurement import service
    from tenders.procurement.schemas import LotIn, TenderIn
    from tenders.procurement.tables import Tender

    lot_list = [LotIn(key=k, title=t, cpv_codes=[cpv]) for k, t in (lots or {"1": "Lot"}).items()]
    tender = await service.create_tender(actor, TenderIn(title=title, lots=lot_list, **fields))
    if status:
        await Tender.update({Tender.status: status}).where(Tender.id == tender.id)
    return tender


async def make_draft(actor: Any, tender_id: int, lots_of: dict[int, list[str]]) -> Any:
    """A consortium draft of the structures of ``lots_of`` (the first one leads) on those lots."""
    from tenders.consortia import service
    from tenders.consortia.schemas import ConsortiumIn, MemberIn

    members = [MemberIn(organisation_id=org, lots=lots) for org, lots in lots_of.items()]
    return await service.create_draft(
        actor, tender_id, ConsortiumIn(lead_id=members[0].organisation_id, members=members)
    )


async def compose(
    actor: Any, consortium_id: int, orgs: list[int], services: dict[int, str] | None = None
) -> None:
    """A joint consortium on lot 1: the first of ``orgs`` its mandataire, the others
    co-traitants, each with the ``services`` it performs (none by default)."""
    from tenders.consortia import workspace
    from tenders.consortia.schemas import CompositionIn, CompositionMemberIn

    members = [
        CompositionMemberIn(
            organisation_id=org,
            role="co_traitant" if n else "mandataire",
            lots=["1"],
            services=(services or {}).get(org, ""),
        )
        for n, org in enumerate(orgs)
    ]
    await workspace.set_composition(
        actor,
        consortium_id,
        CompositionIn(form="conjoint", lead_id=orgs[0], members=members),
    )


async def upload_paper(actor: Any, org: int, kind: str, data: bytes, **dates: date | None) -> Any:
    """A paper of ``kind`` (« urssaf », « kbis »…) for ``org``; ``dates``: its ``issued_on``
    (yesterday unless given) and ``valid_until`` (no end unless given)."""
    from tenders.members import certificates

    dates = {"issued_on": date.today() - timedelta(days=1), "valid_until": None, **dates}
    return await certificates.upload_certificate(
        actor, org, kind=kind, title="", filename=f"{kind}.pdf", data=data, **dates
    )
