"""Consortium pages: the list a person may open, and one consortium's workspace."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from tenders.accounts.schemas import UserOut
from tenders.consortia import invitations, workspace
from tenders.consortia.schemas import (
    BankIn,
    CompositionIn,
    CompositionMemberIn,
    InviteIn,
    ShareIn,
    SplitIn,
)
from tenders.consortia.wording import invited
from tenders.consortia.workspace_page import show_again, show_consortium
from tenders.errors import NotFound
from tenders.numbers import NumberError, form_id, parse_amount, parse_percent
from tenders.web.deps import AppSettings, Jobs, LoggedIn, Req
from tenders.web.forms import (
    Form,
    Refused,
    first,
    flash_back,
    multi_form,
    read_form,
    strings,
    submit,
)
from tenders.web.rendering import page, redirect

ONE = "/{consortium_id:int}"
MEMBER = f"{ONE}/membres/{{organisation_id:int}}"
ANSWERS = {
    "accept": "Merci : votre réponse est transmise à la coordination.",
    # After declining the consortium no longer exists for this structure: to the home page.
    "decline": "Merci : la coordination sait que votre structure décline ce groupement.",
}
ON_BEHALF = "Réponse enregistrée au nom de la structure ; le journal le mentionne."


def _composition(form: Form) -> CompositionIn:
    """The composition table: a row per member (its role, lots, services), one to add."""
    members = []
    for org in strings(form, "member"):
        organisation_id = form_id(org)
        if organisation_id is None:
            continue
        members.append(
            CompositionMemberIn(
                organisation_id=organisation_id,
                role=first(form, f"role_{org}", "co_traitant"),
                lots=strings(form, f"lots_{org}"),
                subcontractor_of=form_id(first(form, f"subcontractor_of_{org}")),
                services=first(form, f"services_{org}"),
            )
        )
    added = form_id(first(form, "add_member"))
    if added is not None and added not in {m.organisation_id for m in members}:
        members.append(CompositionMemberIn(organisation_id=added))
    return CompositionIn(
        form=first(form, "form"), lead_id=form_id(first(form, "lead_id")) or 0, members=members
    )


def _split(form: Form, errors: dict[str, str]) -> SplitIn:
    """The split table: a cell per lot and member, with an amount or a percentage."""
    shares = []
    for cell in strings(form, "cell"):
        lot_key, _, org = cell.rpartition(":")
        organisation_id = form_id(org)
        if organisation_id is None:
            continue
        try:
            amount = parse_amount(first(form, f"amount_{cell}"))
            percent = parse_percent(first(form, f"percent_{cell}"))
        except NumberError as exc:
            errors[f"amount-{cell}"] = f"Lot {lot_key} : {exc.message}"
            continue
        if amount is None and percent is None:
            continue
        services = first(form, f"services_{cell}")
        shares.append(ShareIn(lot_key, organisation_id, amount, percent, services))
    return SplitIn(shares=shares)


def _director(account: UserOut) -> str:
    return (
        f"Invitation à créer son compte envoyée à {account.email}. Une fois son mot de passe "
        "choisi, cette personne verra l'invitation au groupement sur son accueil et pourra "
        "répondre pour sa structure."
    )


def _flash_unless_missing(path: str) -> Callable[[Refused], Redirect]:
    """Back to ``path`` with the service's message; a consortium or member that does not
    exist for this person is a plain 404."""

    def again(refused: Refused) -> Redirect:
        if isinstance(refused.error, NotFound):
            raise refused.error
        return redirect(path, refused.message, "error")

    return again


class ConsortiumPages(Controller):
    path = "/groupements"
    include_in_schema = False

    @get("/")
    async def index(self, request: Req, user: LoggedIn) -> Template:
        return page(request, "consortia/index.html", consortia=await workspace.list_for(user))

    @get(ONE)
    async def show(self, request: Req, consortium_id: FromPath[int], user: LoggedIn) -> Template:
        return await show_consortium(request, user, consortium_id)

    @post(f"{ONE}/composition")
    async def composition(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        data = _composition(await multi_form(request))
        return await submit(
            lambda: workspace.set_composition(user, consortium_id, data),
            lambda _: redirect(f"/groupements/{consortium_id}", "Composition enregistrée."),
            show_again(request, user, consortium_id),
            error_field="members",
        )

    @post(f"{ONE}/repartition")
    async def split(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        errors: dict[str, str] = {}
        data = _split(await multi_form(request), errors)
        return await submit(
            lambda: workspace.set_split(user, consortium_id, data),
            lambda _: redirect(
                f"/groupements/{consortium_id}#repartition", "Répartition enregistrée."
            ),
            show_again(request, user, consortium_id),
            errors=errors,
            error_field="shares",
        )

    @post(f"{ONE}/banque/{{organisation_id:int}}")
    async def bank(
        self,
        request: Req,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        user: LoggedIn,
    ) -> Template | Redirect:
        posted = await read_form(request, BankIn)
        return await posted.submit(
            lambda data: workspace.set_bank(user, consortium_id, organisation_id, data),
            lambda _: redirect(
                f"/groupements/{consortium_id}#banque", "Coordonnées bancaires enregistrées."
            ),
            show_again(request, user, consortium_id),
            error_field="iban",
        )

    @post(f"{ONE}/invitations")
    async def invite(
        self,
        request: Req,
        consortium_id: FromPath[int],
        user: LoggedIn,
        settings: AppSettings,
        jobs: Jobs,
    ) -> Template | Redirect:
        posted = await read_form(request, InviteIn)
        return await posted.submit(
            lambda data: invitations.invite_members(
                user, consortium_id, settings, jobs, data.respond_by
            ),
            lambda done: redirect(
                f"/groupements/{consortium_id}",
                invited(len(done.mailed), done.unreached),
                "info" if done.unreached else "success",
            ),
            show_again(request, user, consortium_id),
            error_field="respond_by",
        )

    @post(f"{ONE}/reponse")
    async def answer(
        self, request: Req, consortium_id: FromPath[int], user: LoggedIn
    ) -> Template | Redirect:
        """A director's answer for their structure; the coordination's « au nom de » the
        member the form names (``organisation_id``)."""
        form = await multi_form(request)
        choice = first(form, "answer")
        unknown = (
            {"answer": "Choisissez d'accepter ou de décliner."} if choice not in ANSWERS else {}
        )
        accept, behalf = choice == "accept", form_id(first(form, "organisation_id"))
        here = f"/groupements/{consortium_id}"
        return await submit(
            lambda: invitations.answer(
                user,
                consortium_id,
                accept,
                first(form, "comment"),
                behalf if user.is_staff else None,
            ),
            lambda _: (
                redirect(f"{here}#membres", ON_BEHALF)
                if user.is_staff
                else redirect(here if accept else "/tableau-de-bord", ANSWERS[choice])
            ),
            show_again(request, user, consortium_id),
            errors=unknown,
            error_field="answer",
        )

    @post(f"{MEMBER}/directeur")
    async def invite_director(
        self,
        request: Req,
        consortium_id: FromPath[int],
        organisation_id: FromPath[int],
        user: LoggedIn,
        settings: AppSettings,
        jobs: Jobs,
    ) -> Template | Redirect:
        """An account for a director of a member nobody can be reached at, from the
        composition."""
        form = await multi_form(request)
        named = {field: f"director-{field}-{organisation_id}" for field in ("full_name", "email")}
        person = {field: first(form, name) for field, name in named.items()}
        return await submit(
            lambda: invitations.invite_director(
                user, consortium_id, organisation_id, person, settings, jobs
            ),
            lambda account: redirect(f"/groupements/{consortium_id}#membres", _director(account)),
            show_again(
                request,
                user,
                consortium_id,
                director_values={named[field]: typed for field, typed in person.items()},
            ),
            rename=lambda fields: {named.get(k, named["email"]): v for k, v in fields.items()},
            error_field=named["email"],
        )

    @post(f"{MEMBER}/retirer")
    async def remove(
        self, consortium_id: FromPath[int], organisation_id: FromPath[int], user: LoggedIn
    ) -> Redirect:
        return await submit(
            lambda: workspace.remove_member(user, consortium_id, organisation_id),
            lambda _: (
                redirect(f"/groupements/{consortium_id}", "Structure retirée du groupement.")
                if user.is_staff
                else redirect("/groupements", "Votre structure a quitté le groupement.")
            ),
            _flash_unless_missing(f"/groupements/{consortium_id}"),
        )

    @post(f"{ONE}/depot")
    async def submit(self, consortium_id: FromPath[int], user: LoggedIn) -> Redirect:
        return await submit(
            lambda: workspace.submit(user, consortium_id),
            lambda _: redirect(
                f"/groupements/{consortium_id}",
                "Dépôt enregistré : la composition du groupement est figée.",
            ),
            flash_back(f"/groupements/{consortium_id}"),
        )
