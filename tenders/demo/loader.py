"""Loading the demo collective; safe to run again (organisations updated, accounts kept)."""

from __future__ import annotations

from tenders import db
from tenders.accounts import service as accounts
from tenders.accounts.schemas import CurrentUser
from tenders.accounts.tables import User
from tenders.audit import service as audit
from tenders.audit.actor import Someone
from tenders.demo.bid_loader import load_demo_consortium
from tenders.demo.data import ACCOUNTS, DEMO_PASSWORD, ORGANISATIONS
from tenders.demo.members_loader import fill_profiles
from tenders.demo.tenders_loader import load_demo_tenders
from tenders.members import service as members
from tenders.members.tables import Organisation
from tenders.procurement.tables import Tender
from tenders.watch import service as watch
from tenders.watch.schemas import WatchProfileIn
from tenders.watch.tables import WatchProfile

DEMO_BID_TENDER = "demo:velos-espaces-verts"


async def _watch_profile(actor: CurrentUser) -> None:
    """What the demo collective watches: its members' trades, in the Nord and the
    Pas-de-Calais; a profile the coordination already saved is left as it is."""
    if await WatchProfile.exists().where(WatchProfile.id > 0):
        return
    proposed = await watch.proposed_codes()
    await watch.update_profile(
        actor,
        WatchProfileIn(
            cpv_codes=[code for code, _ in proposed[:15]],
            departements=["59", "62"],
            kinds=["services", "supplies", "works"],
            keywords=["insertion", "espaces verts", "réemploi", "vélo"],
            min_days_left=7,
        ),
    )


async def database_is_empty() -> bool:
    return not await Organisation.exists().where(Organisation.id > 0) and not (
        await User.exists().where(User.id > 0)
    )


async def load_demo() -> list[tuple[str, str, str]]:
    """Returns the demo accounts as (role, e-mail, password) for the command to print."""
    ids: dict[str, int] = {}
    async with db.transaction():
        for org in ORGANISATIONS:
            ids[org.slug] = await members.upsert_organisation(
                org.name, org.slug, org.town, org.territory, org.description
            )
    created = []
    for account in ACCOUNTS:
        if not await User.exists().where(User.email == account.email):
            await accounts.create_user(
                account.email,
                account.full_name,
                account.role,
                DEMO_PASSWORD,
                ids[account.organisation_slug] if account.organisation_slug else None,
            )
        created.append((account.role, account.email, DEMO_PASSWORD))
    admin = await User.select(User.id, User.email, User.full_name).where(
        User.email == ACCOUNTS[0].email
    )
    actor = CurrentUser(**admin[0], role="admin", organisation_id=None, organisation_name=None)
    await fill_profiles(actor, ids)
    await load_demo_tenders(actor)
    tender = await Tender.select(Tender.id).where(Tender.source_key == DEMO_BID_TENDER)
    if tender:
        await load_demo_consortium(actor, tender[0]["id"], ids)
    await _watch_profile(actor)
    async with db.transaction():
        await audit.record(
            Someone("tenders demo"), "demo.loaded", detail={"organisations": len(ORGANISATIONS)}
        )
    return created
