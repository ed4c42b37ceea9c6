"""« Veille »: the new notices since the person's last visit, ranked, to qualify or dismiss;
and a director's « une consultation correspond à votre structure » alerts, on or off."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from tenders.accounts.roles import STAFF, Role
from tenders.accounts.schemas import CurrentUser
from tenders.clock import utcnow
from tenders.watch import alerts, news
from tenders.web.deps import MAX_PAGE, LoggedIn, Req
from tenders.web.forms import Refused, first, flash_back, multi_form, submit
from tenders.web.rendering import page, redirect

NEWS = "/veille"
DIRECTORS = frozenset({Role.MEMBER})  # the coordination has nothing to opt in: it gets the digest
ALL_NEW = "tout"  # ``depuis`` of a first visit: everything is new
PREFERENCES = "/compte/rappels"
QUALIFIED = "Avis passé « À qualifier » : il est dans les consultations."


def _since(raw: str) -> datetime | None:
    """The visit the links of one page keep (pages and filters mark the same notices new)."""
    try:
        since = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return since if since.tzinfo is not None and since <= utcnow() else None


def _filters(query: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    """« Seulement les nouveaux », « Score minimum » and the page, as typed in the address."""
    minimum = None
    typed = query.get("score_min", "").strip()
    if typed.isdigit() and int(typed) <= 100:
        minimum = int(typed)
    elif typed:
        errors["score_min"] = "Indiquez un score minimum entre 0 et 100."
    number = query.get("page_number", "")
    page_number = min(int(number), MAX_PAGE) if number.isdigit() and int(number) > 0 else 1
    return {"only_new": bool(query.get("nouveaux")), "min_score": minimum, "page": page_number}


async def _news_page(
    request: Req,
    user: CurrentUser,
    query: dict[str, str],
    refused: Refused | None = None,
    refused_for: int | None = None,
) -> Template:
    """The list; then the visit is recorded (what it showed is no longer new next time)."""
    depuis = query.get("depuis", "")
    since = None if depuis in ("", ALL_NEW) else _since(depuis)
    errors: dict[str, str] = {}
    filters = _filters(query, errors)
    listing = await news.list_news(user, **filters, since=since, use_last_visit=depuis != ALL_NEW)
    await news.record_visit(user)
    status = refused.status_code if refused else (422 if errors else 200)
    errors |= refused.errors if refused else {}
    # The summary's links lead to the field of the notice that was refused.
    summary = {f"reason-{refused_for}" if k == "reason" else k: v for k, v in errors.items()}
    return page(
        request,
        "watch/news.html",
        status_code=status,
        news=listing,
        query=query,
        depuis=listing.since.isoformat() if listing.since else ALL_NEW,
        errors=errors,
        summary_errors=summary,
        values=refused.values if refused else {},
        message=refused.message if refused and not refused.errors else "",
        refused_for=refused_for,
    )


class WatchNewsPages(Controller):
    path = NEWS
    include_in_schema = False

    @get("/", opt={"roles": STAFF})
    async def index(
        self,
        request: Req,
        user: LoggedIn,
        nouveaux: FromQuery[str] = "",
        score_min: FromQuery[str] = "",
        page_number: FromQuery[str] = "1",
        depuis: FromQuery[str] = "",
    ) -> Template:
        query = {
            "nouveaux": nouveaux,
            "score_min": score_min,
            "page_number": page_number,
            "depuis": depuis,
        }
        return await _news_page(request, user, query)

    @post("/{tender_id:int}/qualifier", opt={"roles": STAFF})
    async def qualify(self, request: Req, user: LoggedIn, tender_id: FromPath[int]) -> Any:
        form = await multi_form(request)
        back = _back(form)
        return await submit(
            lambda: news.qualify(user, tender_id),
            lambda done: redirect(
                back, "Avis passé « À qualifier ». Il est dans les consultations."
            ),
            lambda refused: _news_page(request, user, _query(form), refused, tender_id),
        )

    @post("/{tender_id:int}/ecarter", opt={"roles": STAFF})
    async def dismiss(self, request: Req, user: LoggedIn, tender_id: FromPath[int]) -> Any:
        form = await multi_form(request)
        back = _back(form)
        reason = first(form, "reason")
        return await submit(
            lambda: news.dismiss(user, tender_id, reason),
            lambda done: redirect(back, "Avis écarté : il ne reviendra plus dans la veille."),
            lambda refused: _news_page(request, user, _query(form), refused, tender_id),
            values={"reason": reason},
        )

    @post("/alertes", opt={"roles": DIRECTORS})
    async def alerts(self, request: Req, user: LoggedIn) -> Redirect:
        enabled = first(await multi_form(request), "enabled") == "1"
        said = (
            "Vous serez prévenu·e par e-mail quand une consultation correspond à votre structure."
            if enabled
            else "Vous ne recevrez plus d'alertes de la veille."
        )
        return await submit(
            lambda: alerts.set_alerts(user, enabled),
            lambda done: redirect(PREFERENCES, said),
            flash_back(PREFERENCES),
        )


QUERY = ("nouveaux", "score_min", "page_number", "depuis")


def _query(form: dict[str, list[Any]]) -> dict[str, str]:
    """The list's filters and visit the form sent back, to show the same page again."""
    return {name: first(form, name) for name in QUERY}


def _back(form: dict[str, list[Any]]) -> str:
    """The same list again: its filters, and the same notices marked new."""
    kept = {name: value for name, value in _query(form).items() if value}
    return f"{NEWS}?{urlencode(kept)}" if kept else NEWS
