"""A consortium exists only for those its membership lets in.

Property (stateful, Hypothesis): whatever the sequence of invitations, answers, departures
and removals, a structure reads the workspace only while it has accepted; invited and not
answered yet, it sees what it needs to decide and no price; in the draft but not invited,
declined, left or removed, the consortium does not exist for it — no page, no part, no
comment, no listing, no deadline, no reminder.

Then every route of a consortium and of its parts, pages and JSON API, for each state of the
director's structure; and reminders planned before a structure declined or left are not sent."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from decimal import Decimal
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tenders.accounts.schemas import CurrentUser
from tenders.errors import DomainError, Forbidden, NotFound
from tests.builders import make_draft, make_tender
from tests.support import as_actor, csrf, login, text

NAMES = ("Alpha", "Bêta", "Gamma", "Delta")
PRICE = Decimal("123456.78")
TITLE = "Propriété"
KNOWN = {"pending", "accepted"}


class ConsortiumMachine(RuleBasedStateMachine):
    """Alpha leads; every structure is invited, answers, leaves, is removed and is given parts
    of the mémoire. ``states`` holds each structure's membership as the coordination sees it
    (absent: not in the consortium)."""

    def __init__(self) -> None:
        super().__init__()
        # One event loop and one small pool per example: a connection per query made a run
        # of this machine last minutes on PostgreSQL.
        self.loop = asyncio.new_event_loop()
        self.pool = contextlib.AsyncExitStack()

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.run(self.pool.aclose())
        self.loop.close()

    @initialize()
    def setup(self) -> None:
        from tenders.db import pooled

        self.run(self.pool.enter_async_context(pooled()))
        self.run(self._setup())

    async def _setup(self) -> None:
        from tenders.accounts.service import create_user
        from tenders.clock import utcnow
        from tenders.library import service as library
        from tenders.members.service import upsert_organisation
        from tests.fixtures import wipe_tables

        await wipe_tables()
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
        offers = utcnow() + timedelta(days=60)
        tender = await make_tender(self.staff, TITLE, status="go", offers_deadline=offers)
        self.tender = tender.id
        draft = await make_draft(self.staff, tender.id, {self.orgs["Alpha"]: ["1"]})
        self.consortium = draft.id
        self.states: dict[str, str] = {"Alpha": "none"}
        self.parts: dict[str, list[int]] = {name: [] for name in NAMES}
        passage = await library.create(
            self.staff, library.PassageIn(title="Notre charte", body="Passage commun.")
        )
        self.passage = passage.id
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
            for name in sorted(self.states)
        ]
        await workspace.set_split(self.staff, self.consortium, SplitIn(shares=shares))

    def _gone(self, name: str) -> None:
        """A structure that declined, left or was removed no longer writes any part."""
        self.parts[name] = []

    @rule(name=st.sampled_from(NAMES[1:]))
    def invite(self, name: str) -> None:
        from tenders.consortia import workspace
        from tenders.consortia.invitations import invite_members
        from tenders.consortia.schemas import CompositionIn, CompositionMemberIn
        from tenders.jobs import RecordingJobQueue
        from tenders.settings import get_settings

        members = sorted(set(self.states) | {name})

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
            await self._price()

        self.run(go())
        self.states.setdefault(name, "none")
        self.states = {n: "pending" if s == "none" else s for n, s in self.states.items()}

    @rule(name=st.sampled_from(NAMES), accept=st.booleans())
    def answer(self, name: str, accept: bool) -> None:
        from tenders.consortia.invitations import answer

        try:
            self.run(answer(self.directors[name], self.consortium, accept, "réponse"))
        except NotFound as exc:
            assert self.states.get(name) not in KNOWN
            assert TITLE not in exc.message
            return
        assert self.states.get(name) in KNOWN
        self.states[name] = "accepted" if accept else "declined"
        if not accept:
            self._gone(name)

    @rule(name=st.sampled_from(NAMES))
    def leave(self, name: str) -> None:
        from tenders.consortia.workspace import remove_member

        try:
            self.run(remove_member(self.directors[name], self.consortium, self.orgs[name]))
        except DomainError as exc:
            assert name == "Alpha" or self.states.get(name) not in KNOWN, exc.message
            return
        assert self.states.pop(name) in KNOWN
        self._gone(name)

    @rule(name=st.sampled_from(NAMES[1:]))
    def revoke(self, name: str) -> None:
        from tenders.consortia.workspace import remove_member

        try:
            self.run(remove_member(self.staff, self.consortium, self.orgs[name]))
        except DomainError:
            assert name not in self.states
            return
        del self.states[name]
        self._gone(name)

    @rule(name=st.sampled_from(NAMES))
    def give_a_part(self, name: str) -> None:
        """The coordination gives a part to a structure, comments on it, copies a passage."""
        from tenders.clock import utcnow
        from tenders.consortia import sections
        from tenders.library.copies import insert_passage

        async def go() -> int:
            part = await sections.add_section(
                self.staff,
                self.consortium,
                sections.SectionMetaIn(
                    title=f"Partie de {name}",
                    assignee_id=self.orgs[name],
                    due_at=utcnow() + timedelta(days=20),
                ),
            )
            await sections.comment(self.staff, self.consortium, part.id, "Prix à revoir : 123")
            await insert_passage(self.staff, self.consortium, part.id, self.passage, 0)
            return part.id

        try:
            part = self.run(go())
        except DomainError as exc:
            # A part goes to a structure of the consortium that has not declined.
            assert self.states.get(name) in {None, "declined"}, exc.message
            return
        assert self.states.get(name) in {"none", "pending", "accepted"}
        self.parts[name].append(part)

    @invariant()
    def each_structure_reads_what_its_membership_allows(self) -> None:
        self.run(self._check_all())

    async def _check_all(self) -> None:
        from tenders.clock import utcnow
        from tenders.reminders import planner

        planned = await planner.wanted(utcnow())
        for name, director in self.directors.items():
            await self._check(name, director, planned)

    async def _check(self, name: str, director: CurrentUser, planned: list[Any]) -> None:
        from tenders.consortia import agenda, checklist, invitations, sections, workspace
        from tenders.library import copies
        from tenders.outcomes import service as outcomes
        from tenders.reminders import deadlines

        state = self.states.get(name)
        cid = self.consortium
        all_parts = [p for parts in self.parts.values() for p in parts]
        listed = [c["id"] for c in await workspace.list_for(director)]
        # What the director's home shows: their consortia and the parts in them.
        home = await agenda.engagements(director)
        todo = {p.section_id for e in home for p in [*e.to_write, *e.in_review]}
        dates = [d for d in await deadlines.deadlines_for(director) if TITLE in d.title]
        reminded = [p for p in planned if p.recipient == director.id and p.tender == self.tender]
        if state == "accepted":
            detail = await workspace.get_detail(director, cid)
            assert {m.name for m in detail.members} == set(self.states)
            assert detail.split and detail.split[0].total is not None
            await sections.list_sections(director, cid)
            for part in all_parts:
                seen = await sections.get_section(director, cid, part)
                assert seen.comments[0].body == "Prix à revoir : 123"
                assert len(await copies.sources_of(director, cid, part)) == 1
            await checklist.checklist(director, cid)
            assert listed == [cid]
            assert todo == set(self.parts[name])
            assert {d.kind for d in dates} >= {"offers"}
            assert {r.rule for r in reminded} >= {"offers"}
            return
        if state == "pending":
            detail = await workspace.get_detail(director, cid)
            assert detail.split == []
            assert str(PRICE) not in msgspec.json.encode(detail).decode()
            mine = [m for m in detail.members if m.name == name]
            assert mine and mine[0].invitation == "pending"
            assert [(e.consortium_id, e.invitation) for e in home] == [(cid, "pending")]
            with pytest.raises(Forbidden):
                await sections.list_sections(director, cid)
            for part in all_parts:
                with pytest.raises(Forbidden):
                    await sections.get_section(director, cid, part)
                with pytest.raises(Forbidden):
                    await sections.comment(director, cid, part, "Je peux ?")
                with pytest.raises(Forbidden):
                    await copies.sources_of(director, cid, part)
            assert listed == [cid]
            assert todo == set()  # nothing to write before accepting
            # The tender's dates and the answer's, no part.
            assert "offers" in {d.kind for d in dates} and "section" not in {d.kind for d in dates}
            assert {r.rule for r in reminded} <= {"offers", "questions", "invitation"}
            return
        # In the draft but not invited, declined, left, removed: it does not exist.
        calls: list[Any] = [
            lambda: workspace.get_detail(director, cid),
            lambda: sections.list_sections(director, cid),
            lambda: checklist.checklist(director, cid),
            lambda: outcomes.get_outcome(director, cid),
            lambda: deadlines.tender_deadlines(director, self.tender),
            lambda: invitations.answer(director, cid, True),
        ]
        for part in all_parts:
            calls += [
                lambda part=part: sections.get_section(director, cid, part),
                lambda part=part: sections.comment(director, cid, part, "Toujours là ?"),
                lambda part=part: copies.sources_of(director, cid, part),
                lambda part=part: sections.save(director, cid, part, "Texte", 0),
                lambda part=part: copies.insert_passage(director, cid, part, self.passage, 0),
            ]
        for call in calls:
            with pytest.raises(NotFound) as caught:
                await call()
            assert TITLE not in caught.value.message and "123" not in caught.value.message
        assert listed == [] and todo == set() and dates == [] and reminded == []
        assert home == []


TestConsortiumConfidentiality = ConsortiumMachine.TestCase
TestConsortiumConfidentiality.settings = settings(
    max_examples=15,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --- every route, for each state of the director's structure ---------------------------

STATES = ("accepted", "pending", "none", "declined", "left", "removed")
GONE = ("none", "declined", "left", "removed")


class Route(msgspec.Struct, frozen=True):
    method: str
    path: str
    accepted: int | None  # None: not checked in this state (it would change it)
    pending: int | None
    gone: int  # not invited, declined, left, removed
    body: str  # "" sends none, "form:…" posts a form; see _call

    def expected(self, state: str) -> int | None:
        return self.gone if state in GONE else getattr(self, state)


# {c} the consortium, {s} a part given to the director's structure (a comment, a copied
# passage), {org} the director's structure, {t} the tender, {p} a library passage. Reads
# first; writes that change the membership last.
ROUTES = [
    Route("GET", "/groupements/{c}", 200, 200, 404, ""),
    Route("GET", "/groupements/{c}/parties/{s}", 200, 403, 404, ""),
    Route("GET", "/api/consortia/{c}", 200, 200, 404, ""),
    Route("GET", "/api/consortia/{c}/sections", 200, 403, 404, ""),
    Route("GET", "/api/consortia/{c}/sections/{s}", 200, 403, 404, ""),
    Route("GET", "/api/consortia/{c}/sections/{s}/sources", 200, 403, 404, ""),
    Route("GET", "/echeances/consultations/{t}/calendrier.ics", 200, 200, 404, ""),
    Route("POST", "/groupements/{c}/parties/{s}/commentaires", 303, 403, 404, "form:comment"),
    Route("POST", "/groupements/{c}/parties/{s}/statut", 303, 403, 404, "form:status"),
    Route("POST", "/groupements/{c}/parties/{s}", 303, 403, 404, "form:save"),
    Route("POST", "/groupements/{c}/parties/{s}/inserer", 303, 403, 404, "form:insert"),
    Route("POST", "/groupements/{c}/parties/{s}/plan", 403, 403, 404, "form:meta"),
    Route("POST", "/groupements/{c}/parties/nouvelle", 403, 403, 404, "form:meta"),
    Route("POST", "/groupements/{c}/plan", 403, 403, 404, "form:"),
    Route("POST", "/groupements/{c}/banque/{org}", 303, 403, 404, "form:bank"),
    Route("PUT", "/api/consortia/{c}/sections/{s}", 200, 403, 404, "save"),
    Route("POST", "/api/consortia/{c}/sections/{s}/insert", 200, 403, 404, "insert"),
    Route("PUT", "/api/consortia/{c}/sections/{s}/meta", 403, 403, 404, "meta"),
    Route("POST", "/api/consortia/{c}/sections", 403, 403, 404, "meta"),
    Route("POST", "/api/consortia/{c}/sections/default", 403, 403, 404, ""),
    Route("DELETE", "/api/consortia/{c}/sections/{s}", 403, 403, 404, ""),
    Route("PUT", "/api/consortia/{c}/members/{org}/bank", 200, 403, 404, "bank"),
    Route("PUT", "/api/consortia/{c}/outcome", 403, 403, 404, "outcome"),
    Route("POST", "/groupements/{c}/reponse", 303, None, 404, "form:answer"),
    Route("POST", "/api/consortia/{c}/answer", 200, 200, 404, "answer"),
    Route("POST", "/groupements/{c}/membres/{org}/retirer", None, None, 404, "form:"),
    Route("DELETE", "/api/consortia/{c}/members/{org}", 204, 204, 404, ""),
]


async def _world(
    state: str, make_account: Any, make_organisation: Any, suffix: str = ""
) -> dict[str, Any]:
    """Alpha leads and is priced; Bêta, the director's structure, is given a part (with a
    comment and a copied passage) and then brought to ``state``."""
    from tenders.clock import utcnow
    from tenders.consortia import invitations, sections, workspace
    from tenders.consortia.schemas import ShareIn, SplitIn
    from tenders.jobs import RecordingJobQueue
    from tenders.library import copies
    from tenders.library import service as library
    from tenders.settings import get_settings

    staff = as_actor(await make_account("coordinator"))
    alpha = await make_organisation(f"Alpha{suffix}")
    beta = await make_organisation(f"Bêta{suffix}")
    director = await make_account("member", organisation_id=beta)
    offers = utcnow() + timedelta(days=60)
    tender = await make_tender(staff, TITLE, status="go", offers_deadline=offers)
    draft = await make_draft(staff, tender.id, {alpha: ["1"], beta: ["1"]})
    cid = draft.id
    await workspace.set_split(
        staff,
        cid,
        SplitIn(
            shares=[
                ShareIn(lot_key="1", organisation_id=alpha, amount=PRICE),
                ShareIn(lot_key="1", organisation_id=beta, amount=Decimal("1000")),
            ]
        ),
    )
    part = await sections.add_section(
        staff,
        cid,
        sections.SectionMetaIn(
            title="Partie de Bêta", assignee_id=beta, due_at=utcnow() + timedelta(days=20)
        ),
    )
    await sections.comment(staff, cid, part.id, "Commentaire de la coordination")
    passage = await library.create(staff, library.PassageIn(title="Charte", body="Commun."))
    await copies.insert_passage(staff, cid, part.id, passage.id, 0)
    me = as_actor(director)
    if state != "none":
        await invitations.invite_members(staff, cid, get_settings(), RecordingJobQueue())
    if state in {"accepted", "left"}:
        await invitations.answer(me, cid, True)
    if state == "declined":
        await invitations.answer(me, cid, False, "Pas cette fois")
    if state == "left":
        await workspace.remove_member(me, cid, beta)
    if state == "removed":
        await workspace.remove_member(staff, cid, beta)
    return {
        "director": director,
        "c": cid,
        "s": part.id,
        "org": beta,
        "t": tender.id,
        "p": passage.id,
    }


def _priced(body: str) -> bool:
    """Alpha's price, as the API or a page would write it."""
    return str(PRICE) in body or "456,78" in body


async def _version(part: int) -> int:
    from tenders.consortia.tables import Section

    return int((await Section.select(Section.version).where(Section.id == part))[0]["version"])


async def _call(client: Any, route: Route, ids: dict[str, Any]) -> Any:
    path = route.path.format(**{k: v for k, v in ids.items() if k != "director"})
    kind = route.body
    version = await _version(ids["s"])
    if kind.startswith("form:"):
        fields = {
            "form:": {},
            "form:comment": {"comment": "Je lis encore ?"},
            "form:status": {"status": "a_relire"},
            "form:save": {"body": "Texte de Bêta", "base_version": str(version)},
            "form:insert": {"passage_id": str(ids["p"]), "base_version": str(version)},
            "form:meta": {"title": "Partie renommée"},
            "form:bank": {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"},
            "form:answer": {"answer": "accept"},
        }[kind]
        return await client.post(
            path, data={**fields, "_csrf_token": await csrf(client)}, follow_redirects=False
        )
    if route.method == "GET":
        return await client.get(path, follow_redirects=False)
    body = {
        "": None,
        "save": {"body": "Texte de Bêta"},
        "insert": {"passage_id": ids["p"], "base_version": version},
        "meta": {"title": "Partie renommée"},
        "bank": {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP"},
        "outcome": {"result": "perdue", "decided_on": "2027-05-02"},
        "answer": {"accept": True},
    }[kind]
    headers = {"x-csrftoken": await csrf(client)}
    if kind == "save":
        headers["if-match"] = f'"v{version}"'
    return await client.request(route.method, path, json=body, headers=headers)


@pytest.mark.parametrize("state", STATES)
async def test_every_route_follows_the_membership(
    state: str, client: Any, make_account: Any, make_organisation: Any
) -> None:
    ids = await _world(state, make_account, make_organisation)
    await login(client, ids["director"].email)

    # What the director's own pages list.
    home = text(await client.get("/tableau-de-bord"))
    listing = text(await client.get("/groupements"))
    dates = text(await client.get("/echeances"))
    feed = (await client.get("/echeances/mes-echeances.ics")).text
    api_dates = (await client.get("/api/deadlines")).text
    if state in GONE:
        for seen in (home, listing, dates, feed, api_dates):
            assert TITLE not in seen and "Partie de Bêta" not in seen
    else:
        assert TITLE in listing and TITLE in dates
        assert ("Partie de Bêta" in home) == (state == "accepted")
        assert ("Partie de Bêta" in dates) == (state == "accepted")
    if state == "pending":
        page = await client.get(f"/groupements/{ids['c']}")
        seen = (await client.get(f"/api/consortia/{ids['c']}")).json()
        assert "Votre réponse" in text(page) and "Rôle proposé : co-traitant" in text(page)
        assert not _priced(page.text) and "Commentaire de la coordination" not in text(page)
        assert seen["split"] == [] and seen["access"] == "invited"
        assert str(PRICE) not in str(seen)

    outcomes = {}
    for route in ROUTES:
        if route.expected(state) is None:
            continue
        response = await _call(client, route, ids)
        outcomes[f"{route.method} {route.path}"] = response.status_code
        if state != "accepted" and response.status_code in {403, 404}:
            assert TITLE not in text(response) or response.status_code == 403
            assert not _priced(response.text)
            assert "Commentaire de la coordination" not in text(response)
    expected = {
        f"{r.method} {r.path}": r.expected(state) for r in ROUTES if r.expected(state) is not None
    }
    assert outcomes == expected


async def test_reminders_planned_before_a_structure_declines_or_leaves_are_not_sent(
    make_account: Any, make_organisation: Any, settings: Any
) -> None:
    """Planned while invited or a member; sent after it declined or left: never sent."""
    from tenders.clock import utcnow
    from tenders.consortia import invitations, workspace
    from tenders.mail.tables import OutgoingMail
    from tenders.reminders.planner import plan
    from tenders.reminders.sweep import sweep

    mails: dict[str, set[str]] = {}
    for state in ("declined", "left", "accepted"):
        ids = await _world("accepted", make_account, make_organisation, f" ({state})")
        me = as_actor(ids["director"])
        start = utcnow()
        await plan(start)
        if state == "declined":
            await invitations.answer(me, ids["c"], False)
        if state == "left":
            await workspace.remove_member(me, ids["c"], ids["org"])
        for hours in range(0, 61 * 24, 12):  # every reminder when it falls due
            await sweep(settings, start + timedelta(hours=hours))
        mails[state] = {
            m["subject"]
            for m in await OutgoingMail.select(OutgoingMail.subject).where(
                (OutgoingMail.recipient == ids["director"].email)
                & (OutgoingMail.kind == "reminder")
            )
        }
    assert any(TITLE in s for s in mails["accepted"])  # the rule does send to a member
    assert any("Partie de Bêta" in s for s in mails["accepted"])
    for state in ("declined", "left"):
        assert not any(TITLE in s or "Partie de Bêta" in s for s in mails[state]), mails[state]
