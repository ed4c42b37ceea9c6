"""Helpers the tests share: forms with CSRF, API calls, mail reading, account creation."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from litestar.testing import AsyncTestClient

PASSWORD = "correct horse battery"


@dataclass
class Account:
    id: int
    email: str
    role: str
    organisation_id: int | None
    password: str = PASSWORD


async def csrf(client: AsyncTestClient[Any]) -> str:
    """The CSRF token of this client (fetched from a page if it has none yet)."""
    token = client.cookies.get("cordee_csrf")
    if not token:
        await client.get("/connexion")
        token = client.cookies.get("cordee_csrf")
    assert token, "no CSRF cookie was set"
    return str(token)


async def post_form(client: AsyncTestClient[Any], path: str, data: dict[str, Any]) -> Any:
    return await client.post(path, data={**data, "_csrf_token": await csrf(client)})


async def choose_password(client: AsyncTestClient[Any], link: str, password: str) -> Any:
    """Post ``password`` and its confirmation to an invitation or password-reset link."""
    return await post_form(client, link, {"password": password, "password_confirm": password})


async def change_password(
    client: AsyncTestClient[Any], current: str, new: str = "nouvelle phrase secrète"
) -> Any:
    """The « Changer mon mot de passe » form, sent with ``current`` as the present password."""
    body = {"current_password": current, "new_password": new, "password_confirm": new}
    return await post_form(client, "/compte/mot-de-passe", body)


async def api(client: AsyncTestClient[Any], method: str, path: str, json: Any = None) -> Any:
    headers = {"x-csrftoken": await csrf(client)}
    return await client.request(method, path, json=json, headers=headers)


async def login(client: AsyncTestClient[Any], email: str, password: str = PASSWORD) -> Any:
    response = await post_form(client, "/connexion", {"email": email, "password": password})
    return response


def invitation(email: str, role: str, full_name: str, **fields: Any) -> dict[str, Any]:
    """The body of POST /api/users, which invites ``email``."""
    return {"email": email, "full_name": full_name, "role": role, **fields}


async def propose_consortium(
    client: AsyncTestClient[Any], tender_id: int, lots_of: dict[int, list[str]]
) -> Any:
    """POST /api/tenders/{id}/consortia: the structures of ``lots_of`` on those lots, the
    first one leading."""
    members = [{"organisation_id": org, "lots": lots} for org, lots in lots_of.items()]
    body = {"lead_id": members[0]["organisation_id"], "members": members}
    return await api(client, "POST", f"/api/tenders/{tender_id}/consortia", body)


class Mailbox:
    """What the aiosmtpd server received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    def clear(self) -> None:
        self.messages.clear()
        self.envelopes.clear()

    def add(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> None:
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.envelopes.append((mail_from, list(rcpt_tos)))
        self.messages.append(parsed)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no mail for {address} within {timeout} s (got {self.messages!r})")

    async def await_for(
        self, address: str, count: int = 1, timeout: float = 20.0
    ) -> list[EmailMessage]:
        import asyncio

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"no mail for {address} within {timeout} s")


def text_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_part(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def link_in(message: EmailMessage, prefix: str) -> str:
    """The path of the first link in the text part that starts with ``prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]+)", text_part(message))
    assert match, f"no link {prefix}… in {text_part(message)!r}"
    return match.group(1)


def text(response: Any) -> str:
    """The page as a reader sees its characters (entities such as &#39; decoded)."""
    import html

    return html.unescape(response.text)


def as_actor(account: Account) -> Any:
    """The logged-in user a service sees for this test account."""
    from tenders.accounts.schemas import CurrentUser

    return CurrentUser(
        id=account.id,
        email=account.email,
        full_name=f"Personne {account.role}",
        role=account.role,
        organisation_id=account.organisation_id,
        organisation_name=None,
    )
