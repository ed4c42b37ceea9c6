"""Property: whatever the sequence of invitations, answers, departures and removals, nobody
outside a consortium ever reads its prices (stateful test with Hypothesis)."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tenders.accounts.schemas import CurrentUser
from tenders.errors import DomainError, NotFound

NAMES = ("Alpha", "Bêta", "Gamma", "Delta")
PRICE = Decimal("123456.78")


def run(coro: Any) -> Any:
    return asyncio.run(coro)


class ConsortiumMachine(RuleBasedStateMachine):
    """Alpha leads; Bêta, Gamma and Delta are invited, answer, leave and are removed."""

    @initialize()
    def setup(self) -> None:
        run(self._setup())

    async def _setup(self) -> None:
        from tenders.accounts.service import create_user
        from tenders.consortia import service as consortia
        from tenders.consortia.schemas import ConsortiumIn, MemberIn
        from tenders.db import engine
        from tenders.members.service import upsert_organisation
        from tenders.procurement import service as tenders
        from tenders.procurement.schemas import LotIn, TenderIn
        from tests.fixtures import TABLES

        db = engine()
        for table in TABLES:
            await db.run_ddl(f"DELETE FROM {table}")
        staff_id = await create_user(
            "coordination@propriete.example", "Coordination", "coordinator", "mot de passe long"
        )
        self.staff = CurrentUser(
            id=staff_id,
            email="c@x",
            full_name="Coordination",
            role="coordinator",
            organisation_id=None,
            organisation_name=None,
        )
        self.orgs: dict[str, int] = {}
        self.directors: dict[str, CurrentUser] = {}
        for i, name in enumerate(NAMES):
            org = await upsert_organisation(name, f"prop-{i}", "", "", "")
            user = await create_user(
                f"d{i}@propriete.example", f"Direction {name}", "member", "mot de passe long", org
            )
            self.orgs[name] = org
            self.directors[name] = CurrentUser(
                id=user,
                email=f"d{i}@x",
                full_name=name,
                role="member",
                organisation_id=org,
                organisation_name=name,
            )
        tender = await tenders.create_tender(
            self.staff,
            TenderIn(title="Propriété", lots=[LotIn(key="1", title="Lot", cpv_codes=["90910000"])]),
        )
        draft = await consortia.create_draft(
            self.staff,
            tender.id,
            ConsortiumIn(
                lead_id=self.orgs["Alpha"],
                members=[MemberIn(organisation_id=self.orgs["Alpha"], lots=["1"])],
            ),
        )
        self.consortium = draft.id
        self.members = {"Alpha"}
        await self._price()

    async def _price(self) -> None:
        from tenders.consortia import workspace
        from tenders.consortia.schemas import ShareIn, SplitIn

        shares = [
            ShareIn(
                lot_key="1",
                organisation_id=self.orgs[name],
                amount=PRICE if name == "Alpha" else Decimal("1000"),
            )
            for name in sorted(self.members)
        ]
        await workspace.set_split(self.staff, self.consortium, SplitIn(shares=shares))

    @rule(name=st.sampled_from(NAMES[1:]))
    def invite(self, name: str) -> None:
        from tenders.consortia import workspace
        from tenders.consortia.invitations import invite_members
        from tenders.consortia.schemas import CompositionIn, CompositionMemberIn
        from tenders.jobs import RecordingJobQueue
        from tenders.settings import get_settings

        members = sorted(self.members | {name})

        async def go() -> None:
            await workspace.set_composition(
                self.staff,
                self.consortium,
                CompositionIn(
                    form="conjoint",
                    lead_id=self.orgs["Alpha"],
                    members=[
                        CompositionMemberIn(
                            organisation_id=self.orgs[m],
                            lots=["1"],
                            role="mandataire" if m == "Alpha" else "co_traitant",
                        )
                        for m in members
                    ],
                ),
            )
            await invite_members(self.staff, self.consortium, get_settings(), RecordingJobQueue())
            self.members = set(members)
            await self._price()

        run(go())

    @rule(name=st.sampled_from(NAMES[1:]), accept=st.booleans())
    def answer(self, name: str, accept: bool) -> None:
        from tenders.consortia.invitations import answer

        try:
            run(answer(self.directors[name], self.consortium, accept, "réponse"))
        except DomainError:
            assert name not in self.members

    @rule(name=st.sampled_from(NAMES[1:]))
    def leave(self, name: str) -> None:
        from tenders.consortia.workspace import remove_member

        try:
            run(remove_member(self.directors[name], self.consortium, self.orgs[name]))
            self.members.discard(name)
        except DomainError:
            assert name not in self.members

    @rule(name=st.sampled_from(NAMES[1:]))
    def revoke(self, name: str) -> None:
        from tenders.consortia.workspace import remove_member

        try:
            run(remove_member(self.staff, self.consortium, self.orgs[name]))
            self.members.discard(name)
        except DomainError:
            assert name not in self.members

    @invariant()
    def only_members_read_the_prices(self) -> None:
        from tenders.consortia.workspace import get_detail

        for name, director in self.directors.items():
            if name in self.members:
                detail = run(get_detail(director, self.consortium))
                assert {m.name for m in detail.members} == self.members
            else:
                with pytest.raises(NotFound) as caught:
                    run(get_detail(director, self.consortium))
                assert "123" not in caught.value.message


TestConsortiumConfidentiality = ConsortiumMachine.TestCase
TestConsortiumConfidentiality.settings = settings(
    max_examples=15,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
