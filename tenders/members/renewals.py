"""Papers to renew: those of the structures given that have expired, expire within the month,
or end before the date a bid needs them until. Read only, for the home pages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import msgspec

from tenders.members.access import Person, ensure_manages
from tenders.members.certificates import STATUS_LABELS, status_at
from tenders.members.tables import Certificate
from tenders.members.vocabulary import CERTIFICATE_KINDS


class PaperDue(msgspec.Struct):
    organisation_id: int
    organisation_name: str
    kind_label: str
    title: str
    valid_until: date
    status: str  # expiree | expire_bientot | valide (but ending before it is needed)
    status_label: str
    needed_until: date | None


async def papers_to_renew(
    viewer: Person, needed: Mapping[int, date | None], at: date
) -> list[PaperDue]:
    """The current papers of the structures ``needed`` names (each with the date a bid needs
    its papers until, or None) that are not valid at ``at``, or for long, or until then;
    the first to end first. Only structures the viewer manages."""
    for organisation_id in needed:
        ensure_manages(viewer, organisation_id)
    rows = await Certificate.select(
        *Certificate.all_columns(), Certificate.organisation.name.as_alias("organisation_name")
    ).where(
        Certificate.organisation.is_in(list(needed) or [0])
        & Certificate.replaced_at.is_null()
        & Certificate.valid_until.is_not_null()
    )
    due = []
    for row in sorted(rows, key=lambda r: r["valid_until"]):
        status = status_at(row["valid_until"], at)
        until = needed[row["organisation"]]
        if status == "valide" and not (until and row["valid_until"] < until):
            continue
        kind = CERTIFICATE_KINDS.get(row["kind"])
        due.append(
            PaperDue(
                organisation_id=row["organisation"],
                organisation_name=row["organisation_name"],
                kind_label=kind.label if kind else "Attestation",
                title=row["title"],
                valid_until=row["valid_until"],
                status=status,
                status_label=STATUS_LABELS[status],
                needed_until=until,
            )
        )
    return due
