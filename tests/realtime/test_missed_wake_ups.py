"""Wake-ups lost to a broadcast outage: the hub sends them again once its backend is back
(a private Redis stopped and started), and the periodic check wakes exactly the lagging
subscribers, in two statements whatever their number."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest

from app.firms.sessions import viewer_for_token
from app.inbox.announce import inbox_channel
from app.inbox.feed import InboxFeed
from app.inbox.models import Notification, NotificationKind
from app.inbox.resync import InboxResync
from app.inbox.service import notify
from app.realtime import RESYNC, Hub, HubUnavailable, Subscription
from tests.support.graphql import Api
from tests.support.outage import PrivateRedis, TcpProxy
from tests.support.sql_counter import count_statements


async def next_message(subscription: Subscription, timeout: float = 10) -> str:
    return await asyncio.wait_for(anext(subscription), timeout)


@pytest.fixture
async def hub() -> AsyncIterator[Hub]:
    hub = Hub("memory://")
    await hub.start()
    yield hub
    await hub.stop()


async def test_wake_ups_published_in_an_outage_are_sent_once_the_backend_is_back():
    redis = PrivateRedis()
    redis.start()
    # The sender reaches Redis through a proxy that opens only once the listener is back, so
    # the kept wake-up is published to a listener that is subscribed again (a wake-up sent
    # before that is covered by the listener's own RESYNC, not by this hub).
    proxy = TcpProxy(redis.port)
    sender = Hub(f"redis://127.0.0.1:{proxy.port}", name="sender", timeout=1, backoff=(0.05, 0.2))
    listener = Hub(redis.url, name="listener", timeout=1, backoff=(0.05, 0.2))
    try:
        for hub in (sender, listener):
            await hub.start()
        async with listener.subscribe("inbox.1") as one, listener.subscribe("inbox.2") as two:
            proxy.close()
            redis.stop()
            await sender.wait_until(lambda: sender.status != "up", 5)
            for message in ("10", "11"):  # the newer supersedes: one wake-up is enough
                with pytest.raises(HubUnavailable):
                    await sender.publish_many([("inbox.1", message)], wake_ups=True)
            with pytest.raises(HubUnavailable):  # not a wake-up: not kept
                await sender.publish_many([("inbox.2", "20")])
            redis.start()
            await listener.wait_until_up(10)
            # The listener's own reconnection resyncs it once; then the kept wake-up arrives.
            assert await next_message(one) == RESYNC
            assert await next_message(two) == RESYNC
            proxy.open()
            assert await next_message(one) == "11"
            await sender.wait_until_up(10)
            await sender.publish("inbox.2", "21")  # and nothing else was kept
            assert await next_message(two) == "21"
    finally:
        await sender.stop()
        await listener.stop()
        proxy.stop()
        redis.stop()


async def test_the_check_wakes_only_the_lagging_subscribers_in_two_statements(
    api: Api, owner: dict, hub: Hub
):
    sam = await api.create_staff(owner["token"], "sam@acme.example")
    kim = await api.create_staff(owner["token"], "kim@acme.example")
    sam_viewer, kim_viewer = [await viewer_for_token(p["token"]) for p in (sam, kim)]
    assert sam_viewer and sam_viewer.staff and kim_viewer and kim_viewer.staff
    sam_id, kim_id = sam_viewer.staff.id, kim_viewer.staff.id
    firm_id = sam_viewer.firm.id
    feed = InboxFeed()
    resync = InboxResync(feed, hub, period=10)
    with ExitStack() as watching:
        sam_watch = watching.enter_context(feed.watching(sam_id, 0))
        kim_watch = watching.enter_context(feed.watching(kim_id, 0))
        for _ in range(1000):  # a thousand other live subscriptions, all up to date
            watching.enter_context(feed.watching(kim_id, 0))
        assert await resync.check() == 0
        async with (
            hub.subscribe(inbox_channel(sam_id)) as sams,
            hub.subscribe(inbox_channel(kim_id)) as kims,
        ):
            # Stored for sam (its announcement lost), and a while ago: the check must act.
            stored = await notify(firm_id, [sam_id], NotificationKind.ACCOUNT_ASSIGNED, "Lost")
            earlier = datetime.now(UTC) - timedelta(minutes=1)
            await Notification.filter(id=stored[0].id).update(created_at=earlier)
            with count_statements() as statements:
                assert await resync.check() == 1
            assert len(statements) == 2, statements
            assert await next_message(sams) == RESYNC
            # Delivered now (the subscription moved on): the next check leaves it alone.
            sam_watch.last = stored[0].id
            assert await resync.check() == 0
            # A notification stored an instant ago is left to its own announcement.
            await notify(firm_id, [kim_id], NotificationKind.ACCOUNT_ASSIGNED, "Fresh")
            assert await resync.check() == 0
            with pytest.raises(TimeoutError):
                await next_message(kims, timeout=0.2)
            assert kim_watch.last == 0
    assert feed.watches() == []
