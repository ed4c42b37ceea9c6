"""What stands between a consortium and its bid package, checked before compiling.

Each item is blocking (the package would be wrong or inadmissible) or a warning (it can be
compiled, but somebody should look). One rule for papers, here and on a structure's page: a
paper blocks only if it is not valid at the offer deadline. One rule for the documents:
whatever an official rubric would print empty blocks, naming the member and the field."""

from __future__ import annotations

import msgspec

from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.consortia.checklist import checklist
from tenders.consortia.sections import list_sections
from tenders.consortia.workspace import get_detail
from tenders.formatting import date_fr, to_paris
from tenders.packages.build import PackageModel
from tenders.packages.context import load_model


class PreflightItem(msgspec.Struct):
    blocking: bool
    text: str
    link: str


async def preflight(
    viewer: CurrentUser, consortium_id: int, model: PackageModel | None = None
) -> list[PreflightItem]:
    """``model``, when the caller has built it already, is this consortium's package."""
    detail = await get_detail(viewer, consortium_id)
    base = f"/groupements/{consortium_id}"
    items: list[PreflightItem] = []

    def add(blocking: bool, text: str, link: str = base) -> None:
        items.append(PreflightItem(blocking=blocking, text=text, link=link))

    if not detail.form:
        add(True, "Choisissez la forme du groupement (conjoint ou solidaire).")
    if detail.lead_id is None:
        add(True, "Désignez le mandataire du groupement.")
    for member in detail.members:
        if member.role == "mandataire":
            continue
        if member.invitation == "declined":
            add(
                True,
                f"{member.name} a décliné l'invitation : retirez-la ou revoyez la composition.",
            )
        elif member.invitation != "accepted":
            add(True, f"{member.name} n'a pas encore accepté l'invitation.")
    covered = sorted({key for m in detail.members for key in m.lots})
    complete = {lot.lot_key for lot in detail.split if lot.complete}
    for key in covered:
        if key not in complete:
            add(
                True,
                f"Lot {key} : la répartition entre les membres ne fait pas 100 %.",
                f"{base}#repartition",
            )
    when = f" au {date_fr(to_paris(detail.offers_deadline))}" if detail.offers_deadline else ""
    sections = await list_sections(viewer, consortium_id)
    for report in await checklist(viewer, consortium_id, detail, sections):
        for item in report.items:
            if item.topic != "certificate":
                continue  # the figures and identity: the documents' own check, below
            if not item.ok:
                add(True, f"{report.name}{when} — {item.text}", item.link)
            elif item.warning:
                add(False, f"{report.name} — {item.text}", item.link)
    if viewer.is_staff or viewer.organisation_id is not None:
        # What the documents would print empty: all of it for the coordination, its own
        # structure's for a member director.
        if model is None:
            model, _, _ = await load_model(consortium_id, utcnow())
        for gap in model.gaps:
            if viewer.is_staff or gap.organisation_id == viewer.organisation_id:
                add(True, gap.message, gap.link)
        for warning in model.warnings:
            if viewer.is_staff or warning.organisation_id == viewer.organisation_id:
                add(False, warning.message, warning.link)
    if not sections:
        add(False, "Le mémoire technique n'a pas encore de plan.", f"{base}#memoire")
    for section in sections:
        if section.status != "validee":
            add(
                False,
                f"La partie « {section.title} » n'est pas validée "
                f"({section.status_label.lower()}) : elle ne figurera pas dans le mémoire.",
                f"{base}/parties/{section.id}",
            )
    return sorted(items, key=lambda i: not i.blocking)
