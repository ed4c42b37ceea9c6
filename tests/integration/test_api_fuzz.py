"""Schemathesis against the app's own OpenAPI schema, logged in as an administrator, on the
real server: no server error, every answer documented and matching its schema.

A bounded number of examples per operation keeps it to a minute or so. Operations that would
end the fuzzing session itself (logging out, changing one's password, deactivating or
demoting accounts — possibly one's own) are left out."""

from __future__ import annotations

from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tenders.app import create_app
from tests.support import PASSWORD

SCHEMA = (
    schemathesis.openapi.from_dict(create_app().openapi_schema.to_schema())
    .exclude(path_regex=r"^/api/schema")
    .exclude(path="/api/session", method=["POST", "DELETE"])
    .exclude(path_regex=r"^/api/password/")
    .exclude(path_regex=r"^/api/users/\{user_id\}(/deactivate)?$", method=["PATCH", "POST"])
)


# What the project asks of its API: no server error, and every answer — errors included —
# documented with its status, media type and body schema.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
async def fuzz_session(live_server: str, make_account: Any) -> tuple[requests.Session, str]:
    admin = await make_account("admin")
    session = requests.Session()
    session.get(f"{live_server}/connexion", timeout=10)
    token = session.cookies.get("cordee_csrf", "")
    answer = session.post(
        f"{live_server}/api/session",
        json={"email": admin.email, "password": PASSWORD},
        headers={"x-csrftoken": token},
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    # The login answer set a CSRF token of the new session; the one from before is void.
    return session, session.cookies.get("cordee_csrf", "")


@pytest.mark.fuzz
@SCHEMA.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_its_schema(
    case: Any, live_server: str, fuzz_session: tuple[requests.Session, str]
) -> None:
    session, token = fuzz_session
    case.call_and_validate(
        base_url=live_server,
        session=session,
        headers={"x-csrftoken": token},
        timeout=15,
        checks=CHECKS,
    )
