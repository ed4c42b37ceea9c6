"""Writing a part of the mémoire without markup: the preview of the toolbar's text, sending
the part for review in one click, a Word document brought in and the part taken out in Word."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document

from tests.builders import make_draft, make_tender
from tests.support import Account, api, as_actor, csrf, login, post_form, text
from tests.unit.test_documents_render import REFUSALS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
WRITTEN_IN_WORD = (
    "# Notre équipe\n\nUne équipe **engagée** et *locale*.\n\n- Espaces verts\n- Vélos"
)

ELSEWHERE = (
    "Cette partie a été enregistrée ailleurs (par une autre personne ou dans un autre onglet)"
)


@dataclass
class World:
    coordinator: Account
    director: Account  # writes the part
    consortium_id: int
    section_id: int
    other_part: int  # given to the partner structure

    @property
    def page(self) -> str:
        return f"/groupements/{self.consortium_id}/parties/{self.section_id}"

    @property
    def api(self) -> str:
        return f"/api/consortia/{self.consortium_id}/sections/{self.section_id}"


async def _consortium(actor: Any, orgs: list[int]) -> int:
    """A consortium of ``orgs`` on a tender « go », every structure having accepted."""
    from tenders.consortia.tables import ConsortiumMember

    tender = await make_tender(actor, "Entretien des parcs", status="go")
    draft = await make_draft(actor, tender.id, {org: ["1"] for org in orgs})
    await ConsortiumMember.update({ConsortiumMember.invitation: "accepted"}).where(
        ConsortiumMember.consortium == draft.id
    )
    return int(draft.id)


async def build_world(make_account: Any, make_organisation: Any) -> World:
    """A coordinator; the director of a structure who writes « Moyens humains » in a
    consortium with a partner, which writes « Planning »."""
    from tenders.consortia import sections

    coordinator = await make_account("coordinator")
    director = await make_account("member")
    actor = as_actor(coordinator)
    assert director.organisation_id is not None
    partner = await make_organisation("Régie Partenaire")
    cid = await _consortium(actor, [director.organisation_id, partner])

    async def part(title: str, org: int) -> int:
        meta = sections.SectionMetaIn(title=title, assignee_id=org)
        return int((await sections.add_section(actor, cid, meta)).id)

    mine = await part("Moyens humains", director.organisation_id)
    return World(coordinator, director, cid, mine, await part("Planning", partner))


@pytest.fixture
async def world(client: Any, other_client: Any, make_account: Any, make_organisation: Any) -> World:
    """``build_world``, the director logged in on ``client``, the coordination on
    ``other_client``."""
    built = await build_world(make_account, make_organisation)
    await login(client, built.director.email)
    await login(other_client, built.coordinator.email)
    return built


def word_document() -> bytes:
    """A document as a director writes it in Word: a heading, bold and italic words, a
    bulleted list."""
    document = Document()
    document.add_heading("Notre équipe", level=1)
    paragraph = document.add_paragraph("Une équipe ")
    paragraph.add_run("engagée").bold = True
    paragraph.add_run(" et ")
    paragraph.add_run("locale").italic = True
    paragraph.add_run(".")
    document.add_paragraph("Espaces verts", style="List Bullet")
    document.add_paragraph("Vélos", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def _import(
    client: Any, world: World, data: bytes, mode: str = "append", base: int = 0, name: str = ""
) -> Any:
    return await client.post(
        f"{world.page}/word",
        data={"_csrf_token": await csrf(client), "base_version": str(base), "mode": mode},
        files={"document": (name or "moyens-humains.docx", data, DOCX)},
    )


async def _section(world: World) -> dict[str, Any]:
    from tenders.consortia import sections

    detail = await sections.get_section(
        as_actor(world.coordinator), world.consortium_id, world.section_id
    )
    return {"body": detail.section.body, "versions": [v.version for v in detail.versions]}


async def _told_to_review() -> list[int]:
    """Who is to be told (mail or digest) that a part waits for review."""
    from tenders.reminders.tables import ScheduledReminder

    rows = await ScheduledReminder.select(ScheduledReminder.recipient).where(
        ScheduledReminder.rule == "review_requested"
    )
    return [r["recipient"] for r in rows]


async def test_the_preview_shows_the_text_as_the_documents_will_and_escapes_it(
    client: Any, other_client: Any, world: World
) -> None:
    body = "# Moyens\n\n- deux **encadrants**\n- un *atelier*\n\n<script>alert(1)</script> & co"
    shown = await api(client, "POST", f"{world.api}/preview", {"body": body})
    assert shown.status_code == 200, shown.text
    assert shown.json() == {
        "html": "<h3>Moyens</h3><ul><li>deux <strong>encadrants</strong></li><li>un "
        "<em>atelier</em></li></ul><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>"
    }
    # Anyone who reads the part sees the preview: the coordination, and a structure that
    # does not write it.
    assert (await api(other_client, "POST", f"{world.api}/preview", {"body": "x"})).json() == {
        "html": "<p>x</p>"
    }
    partner_part = f"/api/consortia/{world.consortium_id}/sections/{world.other_part}/preview"
    assert (await api(client, "POST", partner_part, {"body": "x"})).status_code == 200
    # Nothing is saved by a preview.
    assert (await _section(world))["versions"] == []
    too_long = await api(client, "POST", f"{world.api}/preview", {"body": "x" * 200_001})
    assert too_long.status_code == 422
    assert "Le texte dépasse 200 000 caractères" in too_long.json()["detail"]


async def test_the_part_is_not_for_the_director_of_another_consortium(
    client: Any, world: World, log_in_as: Any, make_organisation: Any
) -> None:
    outsider = await log_in_as("member")
    assert outsider.organisation_id is not None
    await _consortium(
        as_actor(world.coordinator), [outsider.organisation_id, await make_organisation()]
    )
    refused = await api(client, "POST", f"{world.api}/preview", {"body": "**secret**"})
    assert refused.status_code == 404
    assert "secret" not in refused.text
    assert "<strong>" not in refused.text
    # Nor is the part in Word, nor may a document be brought into it.
    assert (await client.get(f"{world.page}/word")).status_code == 404
    assert (await _import(client, world, word_document())).status_code == 404
    assert (await _section(world))["versions"] == []


async def test_the_preview_is_documented_in_the_api(client: Any) -> None:
    schema = (await client.get("/api/schema/openapi.json")).json()
    operation = schema["paths"]["/api/consortia/{consortium_id}/sections/{section_id}/preview"]
    assert operation["post"]["operationId"] == "previewSection"
    assert operation["post"]["summary"].startswith("Aperçu")


async def test_a_part_is_sent_for_review_in_one_click_and_the_coordination_answers(
    client: Any, other_client: Any, world: World
) -> None:
    page = text(await client.get(world.page))
    assert "Envoyer à la relecture" in page
    assert "Changer le statut" not in page
    assert f'action="{world.page}/statut"' in page and 'value="a_relire"' in page
    # Only the coordination validates.
    assert ">Valider<" not in page
    # The writing hint speaks in words, and the toolbar's script and preview are wired.
    assert "« # »" not in page and "*mot*" not in page
    assert "une ligne vide entre deux paragraphes" in page
    assert f'data-preview="{world.api}/preview"' in page
    assert '<script src="/static/editor.js" defer></script>' in page

    sent = await post_form(client, f"{world.page}/statut", {"status": "a_relire"})
    assert "Statut : À relire." in text(sent)
    assert await _told_to_review() == [world.coordinator.id]
    assert "Cette partie est envoyée à la relecture" in text(sent)
    assert "Envoyer à la relecture</button>" not in text(sent)

    reviewing = text(await other_client.get(world.page))
    assert ">Valider</button>" in reviewing and ">Renvoyer pour reprise</button>" in reviewing
    back = await post_form(other_client, f"{world.page}/statut", {"status": "en_cours"})
    assert "Statut : En cours." in text(back)
    assert "Envoyer à la relecture</button>" in text(await client.get(world.page))
    validated = await post_form(other_client, f"{world.page}/statut", {"status": "validee"})
    assert "Statut : Validée." in text(validated)
    assert ">Rouvrir la partie</button>" in text(validated)
    assert "Envoyer à la relecture</button>" not in text(await client.get(world.page))

    # The partner's part: read, not sent for review by this structure.
    partner = text(
        await client.get(f"/groupements/{world.consortium_id}/parties/{world.other_part}")
    )
    assert "Envoyer à la relecture</button>" not in partner
    assert "Importer un document Word" not in partner


async def test_deleting_a_part_stands_apart_and_asks_first(other_client: Any, world: World) -> None:
    page = text(await other_client.get(world.page))
    danger = page[page.index('class="card danger-zone') :]
    assert f'action="{world.page}/supprimer"' in danger
    assert 'data-confirm="Supprimer cette partie vide du plan du mémoire ?"' in danger
    plan = page[page.index(f'action="{world.page}/plan"') :]
    assert "Supprimer" not in plan[: plan.index("</form>")]
    removed = await post_form(other_client, f"{world.page}/supprimer", {})
    assert "Partie supprimée." in text(removed)
    assert (await other_client.get(world.page)).status_code == 404


async def test_a_word_document_becomes_the_text_and_the_text_before_stays_a_version(
    client: Any, world: World
) -> None:
    page = text(await client.get(world.page))
    assert "Importer un document Word" in page and "Télécharger ma partie (Word)" in page
    imported = await _import(client, world, word_document())
    assert "Document Word importé à la fin du texte." in text(imported)
    assert await _section(world) == {"body": WRITTEN_IN_WORD, "versions": [1]}

    # Appended after what is there; then in its place, the text before kept as a version.
    await _import(client, world, word_document(), base=1)
    assert (await _section(world))["body"] == f"{WRITTEN_IN_WORD}\n\n{WRITTEN_IN_WORD}"
    page = text(await client.get(world.page))
    assert "Remplacer le texte par le document" in page and "data-confirm=" in page
    replaced = await _import(client, world, word_document(), mode="replace", base=2)
    assert "l'ancien texte reste dans l'historique" in text(replaced)
    assert await _section(world) == {"body": WRITTEN_IN_WORD, "versions": [3, 2, 1]}

    from tenders.consortia.tables import SectionVersion
    from tenders.documents.word import docx_to_text

    kept = await SectionVersion.select(SectionVersion.body).where(SectionVersion.version == 2)
    assert kept[0]["body"] == f"{WRITTEN_IN_WORD}\n\n{WRITTEN_IN_WORD}"
    # The text before can be taken out in Word from the history.
    history = text(await client.get(world.page))
    assert f'href="{world.page}/word?version=2"' in history
    assert f'href="{world.page}/word?version=3"' not in history
    earlier = await client.get(f"{world.page}/word?version=2")
    assert 'filename="Moyens_humains_version_2.docx"' in earlier.headers["content-disposition"]
    assert docx_to_text(earlier.content) == f"{WRITTEN_IN_WORD}\n\n{WRITTEN_IN_WORD}"
    assert (await client.get(f"{world.page}/word?version=9")).status_code == 404


async def test_a_word_document_on_an_old_version_is_a_conflict_like_a_save(
    client: Any, world: World
) -> None:
    await post_form(client, world.page, {"body": "Écrit dans un autre onglet", "base_version": "0"})
    stale = await _import(client, world, word_document(), base=0)
    assert stale.status_code == 409
    page = text(stale)
    assert ELSEWHERE in page
    assert "quelqu'un d'autre" not in page
    # Both texts on the page: the one saved, and the document's (added after it) to save.
    assert "Écrit dans un autre onglet" in page and "Une équipe **engagée**" in page
    assert await _section(world) == {"body": "Écrit dans un autre onglet", "versions": [1]}


async def test_a_refused_document_says_why_in_french_and_stores_nothing(
    client: Any, world: World
) -> None:
    """Not a Word document, a zip bomb, a document with macros, no file: the page again with
    the reason, and no new version."""
    for build, reason in (
        (REFUSALS["not a docx"][0], "n'est pas un document Word (DOCX)"),
        (REFUSALS["uncompressed size bomb"][0], "anormalement volumineux"),
        (REFUSALS["docm content type"][0], "contient des macros"),
        (lambda: b"", "Choisissez le document Word (.docx) à importer."),
    ):
        refused = await _import(client, world, build(), name="piege.docm")
        assert refused.status_code == 422, reason
        page = text(refused)
        said = page[page.index("Action impossible") :].split("</ul>")[0]
        assert reason in said and "modèle" not in said, said
        assert 'class="error" id="document-error"' in page
        assert await _section(world) == {"body": "", "versions": []}


async def test_a_part_goes_out_to_word_with_its_headings_lists_and_emphasis(
    client: Any, world: World
) -> None:
    from tenders.consortia import sections

    body = "# Encadrement\n\nDeux **encadrants** *diplômés*.\n\n- Tonte\n- Taille"
    await sections.save(as_actor(world.director), world.consortium_id, world.section_id, body, 0)
    response = await client.get(f"{world.page}/word")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(DOCX)
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="Moyens_humains.docx"'
    )
    document = Document(io.BytesIO(response.content))
    shown = [(p.style.name, p.text) for p in document.paragraphs]
    assert shown == [
        ("Title", "Moyens humains"),
        ("Heading 1", "Encadrement"),
        ("Normal", "Deux encadrants diplômés."),
        ("List Bullet", "Tonte"),
        ("List Bullet", "Taille"),
    ]
    runs = {r.text: (bool(r.bold), bool(r.italic)) for r in document.paragraphs[2].runs}
    assert runs["encadrants"] == (True, False) and runs["diplômés"] == (False, True)
