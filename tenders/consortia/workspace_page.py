"""The consortium's workspace page, shown by its own route and re-shown with their errors by
the forms it holds: composition, split and bank details (consortia/pages.py), the mémoire
(consortia/section_pages.py), the result and insertion hours (outcomes/pages.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar.response import Template

from tenders.accounts.schemas import CurrentUser
from tenders.consortia import sections, workspace
from tenders.consortia.checklist import checklist
from tenders.consortia.service import ROLES, directorless
from tenders.members import service as organisations
from tenders.outcomes import service as outcomes
from tenders.packages import service as packages
from tenders.packages.preflight import preflight
from tenders.procurement.service import get_tender
from tenders.web.deps import Req
from tenders.web.forms import Refused
from tenders.web.rendering import page


async def show_consortium(
    request: Req,
    user: CurrentUser,
    consortium_id: int,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    **shown: dict[str, str],
) -> Template:
    """The consortium's page; ``errors`` and ``shown`` (what a form showed: ``result_values``,
    ``director_values``) bring back a form to correct."""
    detail = await workspace.get_detail(user, consortium_id)
    members = [m.organisation_id for m in detail.members]
    tender = await get_tender(detail.tender_id)
    # Invited, not answered yet: the invitation only (no mémoire, checklist or result).
    joined = detail.access != "invited"
    parts = await sections.list_sections(user, consortium_id) if joined else []
    response = page(
        request,
        "consortia/show.html",
        status_code=status_code,
        consortium=detail,
        tender=tender,
        forms=workspace.FORMS,
        roles=ROLES,
        errors=errors or {},
        organisations=await organisations.organisation_names() if user.is_staff else [],
        shares={(s.lot_key, s.organisation_id): s for lot in detail.split for s in lot.shares},
        sections=parts,
        checklists=await checklist(user, consortium_id, detail, parts) if joined else [],
        preflight=await preflight(user, consortium_id) if user.is_staff else [],
        packages=await packages.list_packages(user, consortium_id) if user.is_staff else [],
        job=await packages.latest_job(user, consortium_id) if user.is_staff else None,
        outcome=await outcomes.get_outcome(user, consortium_id) if joined else None,
        results=outcomes.RESULTS,
        # Members nobody can be reached at: the coordination invites a director or answers.
        no_director=await directorless(members) if user.is_staff else set(),
        **({"result_values": {}, "director_values": {}} | shown),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def show_again(
    request: Req, user: CurrentUser, consortium_id: int, **shown: Any
) -> Callable[[Refused], Awaitable[Template]]:
    """For a form of the consortium's page: the page again, with the refusal next to its
    field (``shown``: what the form showed, to fill it again)."""
    return lambda refused: show_consortium(
        request, user, consortium_id, refused.errors, refused.status_code, **shown
    )
