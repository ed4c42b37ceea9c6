"""Headless Chromium for the browser tests, and logging in as a person does."""

from __future__ import annotations

from typing import Any

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def log_in(page: Any, base: str, email: str, password: str = "") -> None:
    """Fill in and send the login form (the demo accounts' password unless told otherwise),
    and wait for the dashboard it leads to."""
    from playwright.async_api import expect

    from tenders.demo.data import DEMO_PASSWORD

    await page.goto(base + "/connexion")
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill(password or DEMO_PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await expect(page).to_have_url(base + "/tableau-de-bord")
