"""The dashboard is cached in each process of the served app (tenders/home/pages.py), and that
never shows: a change made by another process, a worker's included, is on the next page; one
person never sees another's dashboard, nor a page written for another session; a flash
message is shown once."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.support import PASSWORD, Account, as_actor
from tests.watch_support import boamp_record, sources_publishing

HOME = "/tableau-de-bord"
STADIUM = "Entretien des espaces verts du stade"
TOKEN_INPUT = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


def _login(base: str, email: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{base}/connexion", timeout=10)
    answer = browser.post(
        f"{base}/api/session",
        json={"email": email, "password": PASSWORD},
        headers={"x-csrftoken": browser.cookies.get("cordee_csrf", "")},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    return browser


def _home(browser: requests.Session, base: str) -> str:
    answer = browser.get(f"{base}{HOME}", timeout=10, allow_redirects=False)
    assert answer.status_code == 200, answer.status_code
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.text


def _cached_home(browser: requests.Session, base: str) -> str:
    """The dashboard, asked until the server has it in its cache (twice is enough)."""
    first, again = _home(browser, base), _home(browser, base)
    assert again == first  # nothing changed in between
    return again


async def test_a_change_made_by_another_process_is_on_the_next_dashboard(
    live_server: str, make_account: Any, make_organisation: Any
) -> None:
    coordinator = await make_account("coordinator")
    browser = _login(live_server, coordinator.email)
    before = _cached_home(browser, live_server)
    assert "Régie du Hainaut" not in before

    # This process is not the server's: a command or a worker would write the same way.
    await make_organisation("Régie du Hainaut")

    after = _home(browser, live_server)
    assert "Régie du Hainaut" in after  # in « Le collectif »


async def test_a_change_made_through_the_api_is_on_the_next_dashboard(
    live_server: str, make_account: Any
) -> None:
    coordinator = await make_account("coordinator")
    browser = _login(live_server, coordinator.email)
    assert "Élagage des platanes" not in _cached_home(browser, live_server)

    created = browser.post(
        f"{live_server}/api/tenders",
        json={"title": "Élagage des platanes", "offers_deadline": "2031-03-12T12:00:00+01:00"},
        headers={"x-csrftoken": browser.cookies.get("cordee_csrf", "")},
        timeout=10,
    )
    assert created.status_code == 201, created.text

    upcoming = _home(browser, live_server).split("Prochaines remises d'offres")[1]
    assert "Élagage des platanes" in upcoming.split("Toutes les consultations")[0]


@pytest.mark.worker
async def test_tenders_a_worker_found_are_on_the_next_dashboard(
    live_server: str, celery_worker: Any, public_sources: Any, make_account: Any, settings: Any
) -> None:
    from tenders.jobs import WATCH_RUN, CeleryJobQueue
    from tenders.procurement.tables import Tender
    from tenders.watch import service as watch
    from tenders.watch.schemas import WatchProfileIn

    coordinator = await make_account("coordinator")
    await watch.update_profile(as_actor(coordinator), WatchProfileIn(keywords=["espaces verts"]))
    browser = _login(live_server, coordinator.email)
    assert "Aucune consultation en cours" in _cached_home(browser, live_server)

    public_sources.route = sources_publishing([boamp_record(1, objet=STADIUM, departements=["59"])])
    try:
        await CeleryJobQueue(settings).enqueue(WATCH_RUN)  # as the beat does
        deadline = time.monotonic() + 60
        while not await Tender.exists().where(
            Tender.title == "Entretien des espaces verts du stade"
        ):
            assert time.monotonic() < deadline, "the worker never wrote the tender"
            await asyncio.sleep(0.2)
    finally:
        public_sources.route = sources_publishing([])

    after = _home(browser, live_server)
    assert "Aucune consultation en cours" not in after
    assert STADIUM in after


async def test_two_directors_never_see_each_other_s_dashboard(
    live_server: str, make_account: Any, make_organisation: Any
) -> None:
    accounts: list[Account] = []
    for name in ("Régie Nord", "Régie Sud"):
        accounts.append(await make_account("member", await make_organisation(name)))
    north, south = (_login(live_server, a.email) for a in accounts)
    for _ in range(3):  # each asked several times, in turns: from the cache after the first
        for browser, own, other in (
            (north, "Régie Nord", "Régie Sud"),
            (south, "Régie Sud", "Régie Nord"),
        ):
            page = _home(browser, live_server)
            assert f"Vous dirigez <strong>{own}</strong>" in page
            assert f"Vous dirigez <strong>{other}</strong>" not in page
            assert f"Voir la fiche de {own}" in page and f"Voir la fiche de {other}" not in page


async def test_each_session_gets_a_page_with_its_own_token(
    live_server: str, make_account: Any
) -> None:
    """The same person in two browsers: the same dashboard, each with the CSRF token of its
    own session (a token of another session is refused), and logging out works from both."""
    coordinator = await make_account("coordinator")
    first, second = _login(live_server, coordinator.email), _login(live_server, coordinator.email)
    for _ in range(2):
        for browser in (first, second):
            [token] = TOKEN_INPUT.findall(_home(browser, live_server))
            assert token == browser.cookies.get("cordee_csrf")
    for browser in (first, second):
        [token] = TOKEN_INPUT.findall(_home(browser, live_server))
        out = browser.post(
            f"{live_server}/deconnexion",
            data={"_csrf_token": token},
            timeout=10,
            allow_redirects=False,
        )
        assert out.status_code == 303, out.status_code
        assert browser.get(
            f"{live_server}{HOME}", timeout=10, allow_redirects=False
        ).status_code in (
            302,
            303,
        )


async def test_a_flash_message_is_shown_once_on_a_cached_dashboard(
    live_server: str, make_account: Any
) -> None:
    coordinator = await make_account("coordinator")
    browser = _login(live_server, coordinator.email)
    assert "Invitation envoyée à camille" not in _cached_home(browser, live_server)

    flash = quote('[{"level": "success", "text": "Invitation envoyée à camille"}]')
    browser.cookies.set("cordee_flash", flash, domain="127.0.0.1", path="/")
    assert "Invitation envoyée à camille" in _home(browser, live_server)
    assert "cordee_flash" not in browser.cookies  # the answer cleared it
    assert "Invitation envoyée à camille" not in _home(browser, live_server)
