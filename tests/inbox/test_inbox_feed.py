"""InboxFeed: the loads of many woken `inbox` subscriptions answered together, each correctly."""

import asyncio

from app.access.actors import StaffActor
from app.access.viewer import actor_of
from app.firms.sessions import viewer_for_token
from app.inbox.feed import PAGE, InboxFeed
from app.inbox.graphql.subscription import _since
from app.inbox.models import NotificationKind
from app.inbox.service import notify
from tests.support.documents.accounts import UPDATE_ACCOUNT
from tests.support.graphql import Api
from tests.support.sql_counter import count_statements


async def viewer(token: str) -> StaffActor:
    found = await viewer_for_token(token)
    assert found is not None
    actor = actor_of(found)
    assert isinstance(actor, StaffActor)
    return actor


async def test_many_subscribers_are_loaded_in_a_fixed_number_of_statements(api: Api, owner):
    token = owner["token"]
    staff = [
        await api.create_staff(token, f"s{i}@acme.example", defaultAccountAccess=True)
        for i in range(30)
    ]
    sam = await api.create_staff(token, "sam@acme.example")  # sees only his teams
    account = await api.individual(token, "Jane", "Doe", "jane@example.com")
    # sam is put on the team (told), then taken off: his notice stays, the account hides.
    team = [s["id"] for s in staff]
    for members in ([*team, sam["id"]], team):
        update = {"input": {"id": account["id"], "teamMemberIds": members}}
        await api.data(UPDATE_ACCOUNT, update, token)
    viewers = [await viewer(s["token"]) for s in [*staff, sam]]

    feed = InboxFeed()
    with count_statements() as statements:
        pages = await asyncio.gather(*(feed.after(v, 0) for v in viewers))
    # Notifications, accounts, and team rows of the one viewer who sees only his teams.
    assert len(statements) == 3, statements
    for v, page in zip(viewers, pages, strict=True):
        [delivery] = page
        assert delivery.notification.recipient_id == v.staff_id
        assert delivery.notification.kind == NotificationKind.ACCOUNT_ASSIGNED
    assert {p[0].account.name for p in pages[:-1] if p[0].account} == {"Jane Doe"}
    assert all(p[0].account for p in pages[:-1])
    assert pages[-1][0].account is None  # sam may no longer see it


async def test_two_places_of_one_person_and_other_firms(api: Api, owner):
    token = owner["token"]
    dana = await api.create_staff(token, "dana@acme.example", defaultAccountAccess=True)
    await api.individual(token, "Jane", "Doe", "jane@example.com")
    await api.individual(token, "John", "Roe", "john@example.com")
    other = await api.create_firm("Other Tax", "other-tax", "owner@other.example")
    await api.create_staff(other["token"], "oli@other.example", defaultAccountAccess=True)
    await api.individual(other["token"], "Ann", "Poe", "ann@example.com")
    dana_viewer = await viewer(dana["token"])

    feed = InboxFeed()
    everything, first = await asyncio.gather(feed.after(dana_viewer, 0), feed.after(dana_viewer, 0))
    assert [d.account.name for d in everything] == ["Jane Doe", "John Roe"]
    assert [d.notification.id for d in first] == [d.notification.id for d in everything]
    mark = everything[0].notification.id
    from_start, from_mark = await asyncio.gather(
        feed.after(dana_viewer, 0), feed.after(dana_viewer, mark)
    )
    assert [d.notification.id for d in from_start] == [d.notification.id for d in everything]
    assert [d.account.name for d in from_mark] == ["John Roe"]


async def test_a_long_backlog_comes_a_page_at_a_time_to_the_end(api: Api, owner):
    token = owner["token"]
    dana = await api.create_staff(token, "dana@acme.example")
    dana_viewer = await viewer(dana["token"])
    firm_id = dana_viewer.firm_id
    for number in range(PAGE + 30):
        await notify(
            firm_id, [dana_viewer.staff_id], NotificationKind.ACCOUNT_ASSIGNED, f"n{number}"
        )

    feed = InboxFeed()
    assert len(await feed.after(dana_viewer, 0)) == PAGE
    delivered = [d.notification.title async for d in _since(feed, dana_viewer, 0)]
    assert delivered == [f"n{number}" for number in range(PAGE + 30)]
