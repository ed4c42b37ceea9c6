"""Lists that grow are shown a page at a time: « Page 2 sur 3 », the counts over all pages,
the filters kept from page to page; their API lists take ``limit`` and ``offset``."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from tenders import cache
from tenders.accounts.tables import User
from tenders.audit.tables import AuditEvent
from tenders.clock import utcnow
from tenders.library.tables import Passage
from tenders.procurement.tables import Tender
from tests.support import api, text


async def _tenders(count: int, status: str, first: int = 0) -> None:
    now = utcnow()
    await Tender.insert(
        *(
            Tender(
                title=f"Consultation {status} n° {first + n:03d}",
                status=status,
                offers_deadline=now + timedelta(days=10, hours=first + n),
                created_at=now,
                updated_at=now,
            )
            for n in range(count)
        )
    )
    await cache.bump("tenders")


def _titles(page: str, status: str) -> list[str]:
    return re.findall(rf"Consultation {status} n° (\d+)", page)


async def test_the_tenders_go_page_by_page_and_keep_their_status(
    client: Any, log_in_as: Any
) -> None:
    await _tenders(60, "go")
    await _tenders(55, "no_go", first=100)
    await log_in_as("coordinator")

    first = text(await client.get("/consultations"))
    assert "Page 1 sur 2" in first and "Page suivante" in first
    assert "Page précédente" not in first
    assert "<strong>60</strong> en cours" in first and "<strong>55</strong> no go" in first
    assert _titles(first, "go") == [f"{n:03d}" for n in range(50)]  # soonest deadline first

    second = text(await client.get("/consultations?page=2"))
    assert "Page 2 sur 2" in second and "Page précédente" in second
    assert "Page suivante" not in second
    assert _titles(second, "go") == [f"{n:03d}" for n in range(50, 60)]
    assert "<strong>60</strong> en cours" in second

    filtered = text(await client.get("/consultations?statut=no_go"))
    assert "Page 1 sur 2" in filtered and not _titles(filtered, "go")
    assert 'href="/consultations?statut=no_go&page=2"' in filtered
    last = text(await client.get("/consultations?statut=no_go&page=2"))
    assert _titles(last, "no_go") == [f"{n:03d}" for n in range(150, 155)]

    beyond = text(await client.get("/consultations?page=9"))
    assert "Page 2 sur 2" in beyond  # past the last page: the last one

    listed = (await api(client, "GET", "/api/tenders?status=go&limit=20&offset=50")).json()
    assert [t["title"][-3:] for t in listed] == [f"{n:03d}" for n in range(50, 60)]
    assert len((await api(client, "GET", "/api/tenders")).json()) == 100  # the API's default
    assert (await api(client, "GET", "/api/tenders?limit=501")).status_code == 422


async def test_the_accounts_go_page_by_page_with_each_ones_structure(
    client: Any, log_in_as: Any, make_organisation: Any
) -> None:
    organisation = await make_organisation("Structure des pages")
    now = utcnow()
    await User.insert(
        *(
            User(
                email=f"personne{n:02d}@pages.example",
                full_name=f"Zoé Page {n:02d}",
                role="member",
                organisation=organisation,
                password_hash="",
                created_at=now,
            )
            for n in range(55)
        )
    )
    await log_in_as("admin", email="admin@pages.example")

    first = text(await client.get("/comptes"))
    assert "56 comptes, page 1 sur 2" in first and "Page suivante" in first
    assert "Zoé Page 48" in first and "Zoé Page 49" not in first  # by name, the admin first

    second = text(await client.get("/comptes?page=2"))
    assert "Page 2 sur 2" in second and "Page précédente" in second
    assert [f"Zoé Page {n:02d}" in second for n in range(49, 55)] == [True] * 6
    assert "Zoé Page 48" not in second
    # Each account shows its structure, and links to its own role page.
    assert second.count("<td>Structure des pages</td>") == 6

    listed = (await api(client, "GET", "/api/users?limit=10&offset=50")).json()
    assert [u["full_name"] for u in listed] == [f"Zoé Page {n:02d}" for n in range(49, 55)]
    assert all(f'href="/comptes/{u["id"]}/role"' in second for u in listed)


async def test_the_deadlines_go_page_by_page(client: Any, log_in_as: Any) -> None:
    await _tenders(70, "go")
    await log_in_as("coordinator")

    first = text(await client.get("/echeances"))
    assert "70 échéances, page 1 sur 2" in first
    assert "Consultation go n° 049" in first and "Consultation go n° 050" not in first
    second = text(await client.get("/echeances?page=2"))
    assert "Consultation go n° 050" in second and "Consultation go n° 069" in second
    assert "Page précédente" in second and "Consultation go n° 049" not in second

    listed = (await api(client, "GET", "/api/deadlines?limit=5&offset=65")).json()
    assert [d["title"][-3:] for d in listed] == ["065", "066", "067", "068", "069"]


async def test_the_library_goes_page_by_page_and_keeps_its_search(
    client: Any, log_in_as: Any
) -> None:
    now = utcnow()
    await Passage.insert(
        *(
            Passage(
                title=f"Passage {theme} {n:02d}",
                body="Notre démarche.",
                themes=[theme],
                reviewed_on=now.date(),
                created_at=now,
                updated_at=now,
            )
            for theme, count in (("insertion", 60), ("presentation", 10))
            for n in range(count)
        )
    )
    await log_in_as("coordinator")

    first = text(await client.get("/bibliotheque?theme=insertion"))
    assert "60 passages, page 1 sur 2" in first
    assert "Passage insertion 49" in first and "Passage insertion 50" not in first
    assert 'href="/bibliotheque?theme=insertion&page=2"' in first
    second = text(await client.get("/bibliotheque?theme=insertion&page=2"))
    assert "Passage insertion 50" in second and "Passage insertion 59" in second
    assert "Passage presentation" not in second

    listed = (await api(client, "GET", "/api/passages?theme=insertion&limit=3&offset=57")).json()
    assert [p["title"] for p in listed] == [f"Passage insertion {n}" for n in (57, 58, 59)]


async def test_the_journal_goes_page_by_page_back_to_the_first_action(
    client: Any, log_in_as: Any
) -> None:
    now = utcnow()
    await AuditEvent.insert(
        *(
            AuditEvent(
                occurred_at=now - timedelta(minutes=300 - n),
                action="tender.created",
                actor_label=f"Personne {n:03d}",
            )
            for n in range(250)
        )
    )
    await log_in_as("coordinator")

    first = text(await client.get("/journal"))
    total = await AuditEvent.count()
    assert f"{total} actions, page 1 sur 2" in first
    assert "Personne 249" in first and "Personne 000" not in first
    second = text(await client.get("/journal?page=2"))
    assert "Page 2 sur 2" in second and "Personne 000" in second
    assert "Personne 249" not in second


async def test_the_directory_goes_page_by_page_and_keeps_its_search(
    client: Any, log_in_as: Any
) -> None:
    from tenders.members.tables import Organisation

    await Organisation.insert(
        *(Organisation(name=f"Atelier solidaire {n:03d}", slug=f"atelier-{n}") for n in range(55)),
        Organisation(name="Jardins du Hainaut", slug="jardins"),
    )
    await log_in_as("coordinator")
    first = text(await client.get("/structures?q=atelier"))
    assert "55 structures correspondent à la recherche." in first
    assert "Page 1 sur 2" in first and "Page précédente" not in first
    assert re.search(r'href="/structures\?q=atelier&(amp;)?page_number=2"', first)
    second = text(await client.get("/structures?q=atelier&page_number=2"))
    assert "Page 2 sur 2" in second and "Page suivante" not in second
    assert re.findall(r"Atelier solidaire (\d+)", second) == ["050", "051", "052", "053", "054"]
    assert "Jardins du Hainaut" not in second


async def test_the_sent_reminders_go_page_by_page_each_seeing_their_own(
    client: Any, log_in_as: Any, make_account: Any
) -> None:
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.sweep import KIND

    other = await make_account("member", email="autre@pages.example")
    now = utcnow()
    await OutgoingMail.insert(
        *(
            OutgoingMail(
                kind=KIND,
                recipient="moi@pages.example" if n % 4 else other.email,
                subject=f"Rappel {n:03d}",
                body_text="",
                body_html="",
                message_id=f"<rappel-{n}@pages.example>",
                status="sent",
                created_at=now - timedelta(minutes=80 - n),
            )
            for n in range(80)
        )
    )
    await log_in_as("member", email="moi@pages.example")
    mine = text(await client.get("/rappels"))
    assert "60 rappels, page 1 sur 2" in mine and "Page suivante" in mine
    assert "Rappel 079" in mine and "Rappel 000" not in mine  # the latest first
    assert other.email not in mine
    last = text(await client.get("/rappels?page=2"))
    assert "Rappel 001" in last and "Page précédente" in last

    await log_in_as("coordinator", email="coordination@pages.example")
    everyone = text(await client.get("/rappels"))
    assert "80 rappels, page 1 sur 2" in everyone
    listed = (await api(client, "GET", "/api/reminders/sent?limit=30&offset=60")).json()
    assert [s["subject"] for s in listed] == [f"Rappel {n:03d}" for n in range(19, -1, -1)]
