"""Templates that would freeze or exhaust the server: refused in French, nothing stored, and
the server keeps answering while they are checked, previewed or compiled."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from io import BytesIO
from typing import Any

import httpx
import pytest
from docx import Document
from litestar.testing import AsyncTestClient

from tests.support import api, csrf, login, text
from tests.unit.test_documents_render import docx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TOO_SLOW = "Le modèle met trop de temps à produire le document"
TOO_BIG = "produit un document trop gros"
# The reviewer's loops: 400 million turns, minutes of CPU.
NESTED_LOOPS = (
    '{% for a in "x"*20000 %}{% for b in "x"*20000 %}{{ a }}{{ b }}{% endfor %}{% endfor %}'
)
# Rendered in the web process, these loops used to hold it for about ten seconds.
LOOPS_10_SECONDS = (
    "{% for a in range(2000) %}{% for b in range(2000) %}{{ b }}{% endfor %}{% endfor %}"
)
# Only time: writes nothing, so no memory limit can stop it first, however fast the machine.
SPINNING = (
    "{% for a in range(4000) %}{% for b in range(4000) %}{% if b * 3 == -1 %}x{% endif %}"
    "{% endfor %}{% endfor %}"
)
# Passes every check of the sandbox, but its document is too heavy to lay out in 160 MB.
SWELLING = "{% for i in range(45) %}{{ 'x' * 999999 }}{% endfor %}"


@pytest.fixture
async def limited(settings: Any, jobs: Any) -> AsyncIterator[Any]:
    """A client of an app whose template limits are tight, so that the tests are quick."""
    from tenders.app import create_app

    clients: list[AsyncTestClient[Any]] = []

    async def make(**limits: int) -> AsyncTestClient[Any]:
        app = create_app(dataclasses.replace(settings, **limits), jobs=jobs)
        client: AsyncTestClient[Any] = AsyncTestClient(app=app, base_url="http://testserver.local")
        await client.__aenter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.__aexit__(None, None, None)


async def _upload(client: Any, kind: str, data: bytes) -> Any:
    return await client.post(
        f"/api/document-templates/{kind}",
        files={"file": ("modele.docx", data, DOCX)},
        headers={"x-csrftoken": await csrf(client)},
    )


async def _stored() -> tuple[int, int]:
    from tenders.packages.tables import DocumentTemplate
    from tenders.storage.tables import StoredFile

    return await DocumentTemplate.count(), await StoredFile.count()


async def _as_admin(client: Any, make_account: Any) -> None:
    admin = await make_account("admin")
    await login(client, admin.email)


SIZE_BOMBS = {
    "string repetition": "{{ 'a' * 10**9 }}",
    "power": "{{ 7 ** (10 ** 9) }}",
    "join of a long range": "{{ range(10000)|join('x' * 1000) }}",
    "center filter": "{{ 'a'|center(10**9) }}",
    "range with big bounds": "{% for i in range(10**9) %}{{ i }}{% endfor %}",
    "list built in a loop": "{{ range(10000)|map('string')|map('center', 900000)|list }}",
}


@pytest.mark.parametrize("payload", SIZE_BOMBS.values(), ids=list(SIZE_BOMBS))
async def test_a_size_bomb_is_refused_at_once_and_nothing_is_stored(
    payload: str, limited: Any, make_account: Any
) -> None:
    client = await limited(template_timeout_seconds=20)
    await _as_admin(client, make_account)
    before = await _stored()

    response = await _upload(client, "dc1", docx_bytes(payload))

    assert response.status_code == 422, response.text
    assert TOO_BIG in response.json()["detail"]
    assert await _stored() == before


async def test_a_template_that_takes_too_long_is_stopped_and_refused(
    limited: Any, make_account: Any
) -> None:
    client = await limited(template_timeout_seconds=2)
    await _as_admin(client, make_account)

    response = await _upload(client, "memoire", docx_bytes(NESTED_LOOPS))

    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert TOO_SLOW in detail and "(plus de 2 secondes)" in detail
    assert await _stored() == (0, 0)


async def test_a_template_that_needs_too_much_memory_is_refused(
    limited: Any, make_account: Any
) -> None:
    client = await limited(render_memory_mb=160)
    await _as_admin(client, make_account)

    response = await client.post(
        "/modeles/dc1",
        files={"file": ("dc1.docx", docx_bytes(SWELLING), DOCX)},
        data={"_csrf_token": await csrf(client)},
    )

    assert response.status_code == 422
    page = text(response)
    assert "Le modèle n'a pas été accepté" in page
    assert f"{TOO_BIG} : le produire demande plus de 160 Mo de mémoire" in page
    assert await _stored() == (0, 0)


async def test_the_server_answers_while_a_hostile_template_is_checked(
    settings: Any, jobs: Any, make_account: Any
) -> None:
    from tenders.app import create_app

    app = create_app(dataclasses.replace(settings, template_timeout_seconds=5), jobs=jobs)
    # Requests served concurrently on this event loop, as a server serves them on its own.
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
        await _as_admin(client, make_account)
        checking = asyncio.create_task(_upload(client, "dc1", docx_bytes(LOOPS_10_SECONDS)))

        # Each answer is timed from when it was due: a blocked server delays the asking too.
        waits = []
        while not checking.done():
            due = time.monotonic() + 0.5
            await asyncio.sleep(0.5)
            health = await client.get("/healthz")
            waits.append(time.monotonic() - due)
            assert health.status_code == 200

    assert max(waits) < 1.0, f"/healthz took {max(waits):.1f} s while a template was checked"
    assert len(waits) >= 3, "the check ended before the server could be asked"
    refused = checking.result()
    assert refused.status_code == 422 and TOO_SLOW in refused.json()["detail"]


async def _kept_before_the_limits(kind: str, payload: str) -> int:
    """A version of ``kind`` stored as it was before uploads were checked under limits."""
    from tenders.clock import utcnow
    from tenders.packages.tables import DocumentTemplate
    from tenders.storage import store

    ref = await store(docx_bytes(payload), DOCX)
    await DocumentTemplate.insert(
        DocumentTemplate(
            kind=kind,
            version=1,
            file_sha256=ref.sha256,
            filename=f"{kind}.docx",
            size=ref.size,
            uploaded_at=utcnow(),
        )
    )
    return 1


async def test_the_preview_of_a_hostile_version_is_refused_without_running_it_again(
    limited: Any, make_account: Any
) -> None:
    client = await limited(template_timeout_seconds=2)
    await _as_admin(client, make_account)
    version = await _kept_before_the_limits("memoire", NESTED_LOOPS)

    for _visit in range(2):
        response = await client.get(f"/api/document-templates/memoire/{version}/preview")
        assert response.status_code == 422
        assert TOO_SLOW in response.json()["detail"]


async def test_a_preview_is_the_document_checked_at_upload(limited: Any, make_account: Any) -> None:
    from tests.integration.test_package_http import SHIPPED

    client = await limited()
    await _as_admin(client, make_account)
    uploaded = await _upload(client, "dc1", (SHIPPED / "dc1.docx").read_bytes())
    assert uploaded.status_code == 201, uploaded.text
    # With limits no rendering can meet, the preview is still there: it is not rendered again.
    strict = await limited(template_timeout_seconds=0, render_memory_mb=1)
    await _as_admin(strict, make_account)

    preview = await strict.get("/modeles/dc1/1/apercu")

    assert preview.status_code == 200
    previewed = " ".join(p.text for p in Document(BytesIO(preview.content)).paragraphs)
    assert "Poinfor" in previewed


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (NESTED_LOOPS, f"{TOO_SLOW} « 01_DC1.docx » (plus de 2 secondes)"),
        ("{{ 'a' * 10**9 }}", f"{TOO_BIG} (« 01_DC1.docx »)"),
    ],
    ids=["too slow", "too big"],
)
async def test_a_compile_with_a_hostile_template_fails_in_french_and_keeps_nothing(
    payload: str, reason: str, client: Any, jobs: Any, settings: Any, ready_bid: Any, log_in_as: Any
) -> None:
    from tenders.packages import service
    from tenders.packages.tables import BidPackage

    bid = await ready_bid(["Poinfor", "Capep"])
    await _kept_before_the_limits("dc1", payload)
    await log_in_as("coordinator")
    job = (await api(client, "POST", f"/api/consortia/{bid.consortium_id}/compile")).json()

    status = await service.run_job(
        job["id"], dataclasses.replace(settings, compile_timeout_seconds=2)
    )

    assert status == "failed"
    followed = (await client.get(f"/api/compile-jobs/{job['id']}")).json()
    assert followed["status"] == "failed" and reason in followed["error"]
    assert not await BidPackage.exists()
    page = text(await client.get(f"/groupements/{bid.consortium_id}"))
    assert "La compilation a échoué" in page and reason in page


async def test_a_rendering_process_kept_between_packages_still_stops_hostile_templates() -> None:
    from tenders.documents.errors import RenderLimitExceeded
    from tenders.documents.isolation import Limits, render_documents
    from tests.unit.test_documents_render import read_back

    # The same limits throughout: each job finds the process the previous one left, with the
    # templates it compiled, as the compiles of one worker do.
    limits = Limits(2, 160)
    good = {"dc1": docx_bytes("Groupement {{ name }}")}

    async def render(templates: dict[str, bytes], context: dict[str, Any]) -> list[str]:
        kind = next(iter(templates))
        (document,) = await render_documents(templates, [("01_DC1.docx", kind, context)], limits)
        return read_back(document)

    assert await render(good, {"name": "Poinfor"}) == ["Groupement Poinfor"]
    assert await render(good, {"name": "Capep"}) == ["Groupement Capep"]
    with pytest.raises(RenderLimitExceeded) as swollen:
        await render({"dc1": docx_bytes(SWELLING)}, {})
    assert "le produire demande plus de 160 Mo de mémoire" in swollen.value.message
    assert await render(good, {"name": "Poinfor"}) == ["Groupement Poinfor"]
    assert await render(good, {"name": "Capep"}) == ["Groupement Capep"]
    with pytest.raises(RenderLimitExceeded) as slow:
        await render({"dc1": docx_bytes(SPINNING)}, {})
    assert TOO_SLOW in slow.value.message and "(plus de 2 secondes)" in slow.value.message
    assert await render(good, {"name": "Capep"}) == ["Groupement Capep"]
