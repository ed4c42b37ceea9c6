"""In Chromium: one director declines an invitation with a comment, another sends a part for
review; the coordination finds both on its home's to-do list, and in its mailbox."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.chromium import log_in
from tests.integration.test_coordination_told import _bid, _plan_and_sweep

PART = "Moyens humains"


@pytest.mark.browser
async def test_the_coordination_is_told_of_a_refusal_and_a_review_request(
    live_server: str,
    browser: Any,
    make_account: Any,
    make_organisation: Any,
    settings: Any,
    mailbox: Any,
) -> None:
    from playwright.async_api import expect

    from tenders.consortia import sections
    from tests.support import as_actor

    bid = await _bid(make_account, make_organisation, settings)
    alpha = await make_account("member", organisation_id=bid.ids["Alpha"])
    part = await sections.add_section(
        as_actor(bid.coordinator),
        bid.consortium_id,
        sections.SectionMetaIn(title=PART, assignee_id=bid.ids["Alpha"]),
    )
    consortium = f"{live_server}/groupements/{bid.consortium_id}"

    # Bêta's director declines, saying why.
    beta = await (await browser.new_context(locale="fr-FR")).new_page()
    await log_in(beta, live_server, bid.director.email, bid.director.password)
    await beta.goto(consortium)
    await beta.get_by_label("Non, nous déclinons").check()
    await beta.get_by_label("Commentaire pour la coordination").fill("Pas d'équipe en juin.")
    await beta.get_by_role("button", name="Envoyer ma réponse").click()
    await expect(beta.get_by_role("status").first).to_contain_text("décline ce groupement")

    # Alpha's director accepts and sends its part for review in one click.
    writer = await (await browser.new_context(locale="fr-FR")).new_page()
    await log_in(writer, live_server, alpha.email, alpha.password)
    await writer.goto(consortium)
    await writer.get_by_label("Oui, nous acceptons").check()
    await writer.get_by_role("button", name="Envoyer ma réponse").click()
    await writer.goto(f"{consortium}/parties/{part.id}")
    await writer.get_by_role("button", name="Envoyer à la relecture").click()
    await expect(writer.locator(".flash")).to_contain_text("À relire")

    # The coordination's home: both, each a link to where to act.
    home = await (await browser.new_context(locale="fr-FR")).new_page()
    await log_in(home, live_server, bid.coordinator.email, bid.coordinator.password)
    todo = home.get_by_role("region", name="À faire")
    review = todo.locator(".card", has=home.get_by_role("heading", name="Parties à relire"))
    await expect(review.get_by_role("link", name=PART)).to_be_visible()
    answers = todo.locator(
        ".card", has=home.get_by_role("heading", name="Réponses aux invitations")
    )
    await expect(answers).to_contain_text("Bêta")
    await expect(answers).to_contain_text("« Pas d'équipe en juin. »")
    await review.get_by_role("link", name=PART).click()
    await expect(home).to_have_url(f"{consortium}/parties/{part.id}")

    # And by mail (this coordinator did not choose the daily digest): one of each.
    await _plan_and_sweep(settings)
    told = await mailbox.await_for(bid.coordinator.email, count=2)
    bodies = " ".join(message.get_body(preferencelist=("plain",)).get_content() for message in told)
    assert "Pas d'équipe en juin." in bodies
    assert PART in bodies
