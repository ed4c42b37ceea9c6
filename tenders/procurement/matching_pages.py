"""The matching page of a tender, the consortium proposal, and their API."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF
from tenders.accounts.schemas import CurrentUser
from tenders.consortia import service as consortia
from tenders.consortia.schemas import ConsortiumIn, ConsortiumOut, MemberIn
from tenders.errors import Conflict, DomainError, Invalid
from tenders.matching import LotMatch, Proposal
from tenders.numbers import form_id
from tenders.procurement.matching import match_tender
from tenders.web.auth import client_ip
from tenders.web.forms import first, multi_form
from tenders.web.rendering import page, redirect


class LotRanking(msgspec.Struct):
    key: str
    title: str
    matches: list[LotMatch]


class MatchingOut(msgspec.Struct):
    tender_id: int
    candidates: int
    lots: list[LotRanking]
    proposal: Proposal


def proposal_as_draft(proposal: Proposal) -> tuple[ConsortiumIn, dict[int, int]]:
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
) -> tuple[ConsortiumIn, dict[int, int]]:
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


async def matching(tender_id: int) -> tuple[Any, MatchingOut]:
    tender, rankings, proposal, count = await match_tender(tender_id)
    lots = [
        LotRanking(key=lot.key, title=lot.title, matches=rankings.get(lot.key, []))
        for lot in tender.lots
    ]
    return tender, MatchingOut(tender_id=tender_id, candidates=count, lots=lots, proposal=proposal)


class MatchingPages(Controller):
    path = "/consultations/{tender_id:int}"
    include_in_schema = False
    opt = {"roles": STAFF}

    @get("/rapprochement")
    async def show(self, request: Request[Any, Any, Any], tender_id: FromPath[int]) -> Template:
        tender, result = await matching(tender_id)
        return page(
            request,
            "procurement/matching.html",
            tender=tender,
            result=result,
            errors={},
            consortia=await consortia.list_consortia(tender_id),
        )

    @post("/groupement")
    async def accept(
        self,
        request: Request[Any, Any, Any],
        tender_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Redirect:
        _, result = await matching(tender_id)
        try:
            draft, scores = proposal_as_draft(result.proposal)
            await consortia.create_draft(user, tender_id, draft, scores, client_ip(request))
        except DomainError as exc:
            return redirect(f"/consultations/{tender_id}/rapprochement", exc.message, "error")
        return redirect(
            f"/consultations/{tender_id}/rapprochement",
            "Groupement créé en brouillon à partir de la proposition.",
        )

    @post("/groupement-ajuste")
    async def adjust(
        self,
        request: Request[Any, Any, Any],
        tender_id: FromPath[int],
        user: NamedDependency[CurrentUser],
    ) -> Template | Redirect:
        form = await multi_form(request)
        tender, result = await matching(tender_id)

        def as_id(text: str) -> int | None:
            return form_id(text)

        choices = {lot.key: as_id(first(form, f"lot_{lot.key}")) for lot in result.lots}
        try:
            draft, scores = adjusted_draft(result, choices, as_id(first(form, "lead_id")))
            await consortia.create_draft(user, tender_id, draft, scores, client_ip(request))
        except DomainError as exc:
            return page(
                request,
                "procurement/matching.html",
                status_code=exc.status_code,
                tender=tender,
                result=result,
                errors=exc.fields or {"lead_id": exc.message},
                consortia=await consortia.list_consortia(tender_id),
            )
        return redirect(
            f"/consultations/{tender_id}/rapprochement",
            "Groupement créé en brouillon avec la composition choisie.",
        )


class MatchingApi(Controller):
    path = "/api/tenders/{tender_id:int}"
    tags = ["Consultations"]
    opt = {"roles": STAFF}

    @get(
        "/matching",
        operation_id="matchTender",
        summary="Classement des structures par lot, avec les raisons, et groupement proposé",
    )
    async def show(self, tender_id: FromPath[int]) -> MatchingOut:
        _, result = await matching(tender_id)
        return result

    @get("/consortia", operation_id="listConsortia", summary="Groupements de la consultation")
    async def consortia(self, tender_id: FromPath[int]) -> list[ConsortiumOut]:
        return await consortia.list_consortia(tender_id)

    @post(
        "/consortia",
        operation_id="createConsortium",
        summary="Créer un groupement en brouillon (la proposition, éventuellement ajustée)",
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        tender_id: FromPath[int],
        data: JSONBody[ConsortiumIn],
        user: NamedDependency[CurrentUser],
    ) -> ConsortiumOut:
        return await consortia.create_draft(user, tender_id, data, None, client_ip(request))
