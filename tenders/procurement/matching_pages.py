"""The matching page of a tender, and the consortium drafted from its proposal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.consortia import service as consortia
from tenders.consortia.matching import tender_matching
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut, MemberIn
from tenders.errors import Conflict, Invalid
from tenders.matching import Proposal
from tenders.numbers import form_id
from tenders.procurement.schemas import MatchingOut, TenderOut
from tenders.web.deps import LoggedIn, Req
from tenders.web.forms import (
    Again,
    Refused,
    first,
    flash_back,
    fresh,
    multi_form,
    show_form,
    submit,
)
from tenders.web.rendering import redirect

# A consortium to create, and the matching score of each of its organisations.
Draft = tuple[ConsortiumIn, dict[int, int]]


def proposal_as_draft(proposal: Proposal) -> Draft:
    if proposal.lead_id is None or not proposal.members:
        raise Conflict(
            "La proposition n'a pas de mandataire possible : constituez le groupement à la main."
        )
    draft = ConsortiumIn(
        lead_id=proposal.lead_id,
        members=[
            MemberIn(organisation_id=m.organisation_id, lots=list(m.lots)) for m in proposal.members
        ],
    )
    return draft, {m.organisation_id: m.score for m in proposal.members}


def adjusted_draft(
    result: MatchingOut, choices: dict[str, int | None], lead_id: int | None
) -> Draft:
    """The composition the coordinator chose lot by lot, checked against the rankings: a
    structure must be listed, and eligible, for each lot given to it."""
    errors: dict[str, str] = {}
    lots_of: dict[int, list[str]] = {}
    scores: dict[int, list[int]] = {}
    for lot in result.lots:
        chosen = choices.get(lot.key)
        if chosen is None:
            continue
        match = next((m for m in lot.matches if m.organisation_id == chosen), None)
        if match is None:
            errors[f"lot_{lot.key}"] = (
                f"Cette structure n'a pas de savoir-faire pour le lot {lot.key}."
            )
        elif not match.eligible:
            errors[f"lot_{lot.key}"] = match.exclusion or "Structure non éligible à ce lot."
        else:
            lots_of.setdefault(chosen, []).append(lot.key)
            scores.setdefault(chosen, []).append(match.score)
    if not lots_of:
        errors["lead_id"] = "Choisissez au moins une structure pour un lot."
    elif lead_id not in lots_of:
        errors["lead_id"] = "Le mandataire doit porter au moins un lot du groupement."
    if errors:
        raise Invalid(errors)
    assert lead_id is not None
    draft = ConsortiumIn(
        lead_id=lead_id,
        members=[MemberIn(organisation_id=org, lots=lots) for org, lots in lots_of.items()],
    )
    return draft, {org: round(sum(v) / len(v)) for org, v in scores.items()}


class MatchingPages(Controller):
    path = "/consultations/{tender_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/rapprochement")
    async def show(self, request: Req, tender_id: FromPath[int]) -> Template:
        tender, result = await tender_matching(tender_id)
        return await _matching_page(request, tender, result, fresh())

    @post("/groupement")
    async def accept(self, tender_id: FromPath[int], user: LoggedIn) -> Redirect:
        _, result = await tender_matching(tender_id)
        return await _create_draft(
            user,
            tender_id,
            lambda: proposal_as_draft(result.proposal),
            "Groupement créé en brouillon à partir de la proposition.",
            flash_back(_matching_path(tender_id)),
        )

    @post("/groupement-ajuste")
    async def adjust(
        self, request: Req, tender_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        form = await multi_form(request)
        tender, result = await tender_matching(tender_id)
        choices = {lot.key: form_id(first(form, f"lot_{lot.key}")) for lot in result.lots}
        return await _create_draft(
            user,
            tender_id,
            lambda: adjusted_draft(result, choices, form_id(first(form, "lead_id"))),
            "Groupement créé en brouillon avec la composition choisie.",
            lambda refused: _matching_page(request, tender, result, refused),
            error_field="lead_id",
        )


def _matching_path(tender_id: int) -> str:
    return f"/consultations/{tender_id}/rapprochement"


async def _create_draft(
    user: CurrentUser,
    tender_id: int,
    draft: Callable[[], Draft],
    done: str,
    again: Again,
    **options: Any,
) -> Any:
    """The consortium ``draft`` gives, created in draft; then on to its page with ``done``,
    or ``again`` with the refusal."""

    async def create() -> ConsortiumOut:
        data, scores = draft()
        return await consortia.create_draft(user, tender_id, data, scores)

    return await submit(
        create, lambda created: redirect(f"/groupements/{created.id}", done), again, **options
    )


async def _matching_page(
    request: Req, tender: TenderOut, result: MatchingOut, form: Refused
) -> Template:
    return show_form(
        request,
        "procurement/matching.html",
        form,
        tender=tender,
        result=result,
        consortia=await consortia.list_consortia(tender.id),
    )
