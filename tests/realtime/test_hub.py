"""The pub/sub hub: fan-out, bounded queues, supervision (Redis and PostgreSQL when given)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import uuid4

import asyncpg
import pytest
from redis.asyncio import Redis

from app.realtime import RESYNC, Hub, HubUnavailable, SubscriberTooSlow, Subscription

REDIS_URL = os.environ.get("CRM_TEST_BROADCAST_URL", "")
POSTGRES_URL = os.environ.get("CRM_TEST_DATABASE_URL", "")


@pytest.fixture
async def hub() -> AsyncIterator[Hub]:
    hub = Hub("memory://", queue_size=5)
    await hub.start()
    yield hub
    await hub.stop()


async def next_message(subscription: Subscription) -> str:
    async with asyncio.timeout(5):
        return await anext(subscription)


def unique(prefix: str) -> str:
    """Names no one else's test uses: Redis and PostgreSQL may be shared."""
    return f"{prefix}-{uuid4().hex[:8]}"


async def test_every_subscriber_of_a_channel_gets_every_message(hub: Hub) -> None:
    async with (
        hub.subscribe("inbox.1") as first,
        hub.subscribe("inbox.1") as second,
        hub.subscribe("inbox.1") as third,
    ):
        await hub.publish("inbox.1", "41")
        await hub.publish("inbox.1", "42")
        for subscription in (first, second, third):
            assert [await next_message(subscription) for _ in range(2)] == ["41", "42"]


async def test_a_subscriber_sees_only_its_own_channel(hub: Hub) -> None:
    async with hub.subscribe("inbox.1") as one, hub.subscribe("inbox.2") as two:
        await hub.publish("inbox.2", "for two")
        await hub.publish("inbox.1", "for one")
        assert await next_message(one) == "for one"  # "for two" went first, and not here
        assert await next_message(two) == "for two"


async def test_many_subscribers_on_many_channels_get_exactly_their_own(hub: Hub) -> None:
    async def receive(channel: str) -> list[str]:
        async with hub.subscribe(channel) as subscription:
            joined.release()
            return [await next_message(subscription) for _ in range(5)]

    joined = asyncio.Semaphore(0)
    channels = [f"inbox.{n % 20}" for n in range(100)]  # 5 subscribers on each of 20
    receivers = [asyncio.create_task(receive(channel)) for channel in channels]
    for _ in receivers:
        await asyncio.wait_for(joined.acquire(), 5)
    for n in range(5):
        for staff_id in range(20):
            await hub.publish(f"inbox.{staff_id}", f"{staff_id}:{n}")
    results = await asyncio.wait_for(asyncio.gather(*receivers), 5)
    for channel, received in zip(channels, results, strict=True):
        assert received == [f"{channel.removeprefix('inbox.')}:{n}" for n in range(5)]
    assert hub.channels == set()


async def test_the_last_subscriber_leaving_releases_the_channel(hub: Hub) -> None:
    async with hub.subscribe("inbox.1"):
        async with hub.subscribe("inbox.1"):
            assert hub.channels == {"inbox.1"}
        assert hub.channels == {"inbox.1"}
    assert hub.channels == set()
    async with hub.subscribe("inbox.1") as again:  # and it can be taken up again
        await hub.publish("inbox.1", "7")
        assert await next_message(again) == "7"


async def test_a_slow_subscriber_is_dropped_without_holding_up_the_others(hub: Hub) -> None:
    received: asyncio.Queue[str] = asyncio.Queue()

    async def read(subscription: Subscription) -> None:
        async for message in subscription:
            received.put_nowait(message)

    async with hub.subscribe("inbox.1") as slow, hub.subscribe("inbox.1") as fast:
        reader = asyncio.create_task(read(fast))
        for n in range(20):  # the queues hold 5
            async with asyncio.timeout(1):  # publishing never waits on a subscriber
                await hub.publish("inbox.1", str(n))
            async with asyncio.timeout(5):
                assert await received.get() == str(n)
        seen = []
        with pytest.raises(SubscriberTooSlow):
            async with asyncio.timeout(5):
                async for message in slow:
                    seen.append(message)
        assert seen == ["0", "1", "2", "3", "4"]  # what it had queued, then the error
    await asyncio.wait_for(reader, 5)  # leaving the block ended the fast one cleanly


async def test_stop_ends_subscriptions_cleanly(hub: Hub) -> None:
    async def read_all() -> list[str]:
        async with hub.subscribe("inbox.1") as subscription:
            return [message async for message in subscription]

    async with hub.subscribe("inbox.1") as probe:
        reader = asyncio.create_task(read_all())
        await hub.publish("inbox.1", "1")
        assert await next_message(probe) == "1"
    await hub.stop()
    assert await asyncio.wait_for(reader, 5) == ["1"]
    assert hub.status == "down"
    assert not await hub.ping()
    with pytest.raises(HubUnavailable):
        await hub.publish("inbox.1", "2")
    with pytest.raises(HubUnavailable):
        async with hub.subscribe("inbox.1"):
            pass


async def test_ping_answers_while_up(hub: Hub) -> None:
    assert hub.status == "up"
    assert await hub.ping()


async def test_channel_names_must_suit_every_backend(hub: Hub) -> None:
    for channel in ("", "inbox." + "9" * 60):  # PostgreSQL would truncate the long one
        with pytest.raises(ValueError):
            await hub.publish(channel, "1")
        with pytest.raises(ValueError):
            async with hub.subscribe(channel):
                pass


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:1", "postgres://postgres@127.0.0.1:1/none"], ids=["redis", "pg"]
)
async def test_an_unreachable_backend_leaves_the_hub_down_and_publishing_fails(url: str) -> None:
    hub = Hub(url, timeout=1, backoff=(0.01, 0.05))
    await hub.start()
    try:
        assert hub.status == "down"
        assert not await hub.ping()
        with pytest.raises(HubUnavailable, match="not connected"):
            await hub.publish("inbox.1", "1")
        async with hub.subscribe("inbox.1"):  # accepted: subscribed once the backend is back
            assert hub.channels == {"inbox.1"}
    finally:
        await hub.stop()


# Redis and PostgreSQL: two hubs stand for two server processes.


async def kill_redis_listener(url: str, name: str) -> int:
    """CLIENT KILL the hub's pub/sub connection, and no one else's."""
    redis = Redis.from_url(url)
    try:
        clients = await redis.client_list(_type="pubsub")
        ids = [client["id"] for client in clients if client["name"] == name]
        for client_id in ids:
            await redis.client_kill_filter(_id=client_id)
        return len(ids)
    finally:
        await redis.aclose()


async def kill_postgres_listener(url: str, name: str) -> int:
    """pg_terminate_backend the hub's LISTEN connection, found by its application_name."""
    conn = await asyncpg.connect(url)
    try:
        killed = await conn.fetch(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = $1 AND datname = current_database()"
            " AND pid <> pg_backend_pid()",
            name,
        )
        return len(killed)
    finally:
        await conn.close()


KillListener = Callable[[str, str], Awaitable[int]]
needs_redis = pytest.mark.skipif(
    not REDIS_URL.startswith("redis://"),
    reason="set CRM_TEST_BROADCAST_URL=redis://host:port to test the Redis backend",
)
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgres"),
    reason="set CRM_TEST_DATABASE_URL=postgres://... to test the PostgreSQL backend",
)
BACKEND_URLS = [
    pytest.param(REDIS_URL, id="redis", marks=needs_redis),
    pytest.param(POSTGRES_URL, id="postgres", marks=needs_postgres),
]
LISTENER_KILLS = [
    pytest.param(REDIS_URL, kill_redis_listener, id="redis", marks=needs_redis),
    pytest.param(POSTGRES_URL, kill_postgres_listener, id="postgres", marks=needs_postgres),
]


@pytest.fixture
async def two_hubs(backend_url: str) -> AsyncIterator[tuple[Hub, Hub]]:
    hubs = (
        Hub(backend_url, name=unique("test-hub"), queue_size=500),
        Hub(backend_url, name=unique("test-hub"), queue_size=500),
    )
    for hub in hubs:
        await hub.start()
        assert hub.status == "up", f"nothing answers at {backend_url}"
    yield hubs
    for hub in hubs:
        await hub.stop()


@pytest.mark.parametrize("backend_url", BACKEND_URLS)
async def test_a_message_reaches_the_subscribers_of_every_process(
    two_hubs: tuple[Hub, Hub],
) -> None:
    publisher, listener = two_hubs
    channel, other = unique("inbox.test"), unique("inbox.test")
    async with (
        listener.subscribe(channel) as there,
        publisher.subscribe(channel) as here,
        listener.subscribe(other) as elsewhere,
    ):
        for n in range(300):
            await publisher.publish(channel, str(n))
        await publisher.publish(other, "other")
        expected = [str(n) for n in range(300)]
        assert [await next_message(there) for _ in range(300)] == expected
        assert [await next_message(here) for _ in range(300)] == expected
        assert await next_message(elsewhere) == "other"
    assert publisher.channels == listener.channels == set()
    assert await publisher.ping() and await listener.ping()


MANY_BACKENDS = [pytest.param("memory://", id="memory"), *BACKEND_URLS]


@pytest.mark.parametrize("backend_url", MANY_BACKENDS)
async def test_publish_many_delivers_each_message_to_its_channel_in_order(
    backend_url: str,
) -> None:
    hub = Hub(backend_url, name=unique("test-hub"), queue_size=500)
    await hub.start()
    try:
        channels = [unique("inbox.test") for _ in range(3)]
        async with (
            hub.subscribe(channels[0]) as first,
            hub.subscribe(channels[1]) as second,
            hub.subscribe(channels[2]) as third,
        ):
            batch = [(channels[n % 3], str(n)) for n in range(300)]
            await hub.publish_many(batch)
            for index, subscription in enumerate((first, second, third)):
                expected = [str(n) for n in range(index, 300, 3)]
                assert [await next_message(subscription) for _ in range(100)] == expected
            with pytest.raises(ValueError):
                await hub.publish_many([(channels[0], "1"), (channels[0], RESYNC)])
    finally:
        await hub.stop()


@pytest.mark.parametrize(("backend_url", "kill_listener"), LISTENER_KILLS)
async def test_a_killed_connection_is_restored_and_delivery_resumes(
    backend_url: str,
    two_hubs: tuple[Hub, Hub],
    kill_listener: KillListener,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="crm.realtime")
    publisher, listener = two_hubs
    channel = unique("inbox.test")
    async with listener.subscribe(channel) as subscription:
        await publisher.publish(channel, "before")
        assert await next_message(subscription) == "before"

        assert await kill_listener(backend_url, listener.name) == 1
        await listener.wait_until(lambda: listener.outages == 1 and listener.status == "up", 10)
        # Whatever was published while it was away is lost: the subscriber is told to reload.
        assert await next_message(subscription) == RESYNC

        await publisher.publish(channel, "after")
        assert await next_message(subscription) == "after"
        await listener.publish(channel, "from the restored hub")
        assert await next_message(subscription) == "from the restored hub"
    assert publisher.outages == 0
    transitions = [r.getMessage() for r in caplog.records if r.name == "crm.realtime"]
    assert any(" is down: connection lost" in message for message in transitions)
    assert any(message.endswith(" is up") for message in transitions)


async def test_the_empty_message_is_reserved_for_resync() -> None:
    hub = Hub("memory://")
    await hub.start()
    try:
        with pytest.raises(ValueError):
            await hub.publish("inbox.1", RESYNC)
    finally:
        await hub.stop()


def with_redis_database(url: str, number: int) -> str:
    return f"{url.split('://', 1)[0]}://{url.split('://', 1)[1].split('/', 1)[0]}/{number}"


@needs_redis
async def test_deployments_on_different_redis_databases_do_not_hear_each_other() -> None:
    """Redis pub/sub ignores the database number; the hub keeps the numbers apart."""
    hubs = [
        Hub(with_redis_database(REDIS_URL, number), name=unique("test-hub"))
        for number in (13, 13, 14)
    ]
    for hub in hubs:
        await hub.start()
    try:
        sender, neighbour, stranger = hubs
        channel = unique("inbox.test")
        raw = Redis.from_url(with_redis_database(REDIS_URL, 0))
        async with neighbour.subscribe(channel) as heard, stranger.subscribe(channel) as unheard:
            await sender.publish(channel, "for database 13")
            await stranger.publish(channel, "for database 14")
            assert await next_message(heard) == "for database 13"
            assert await next_message(unheard) == "for database 14"  # not the 13's first
            # What another program on that Redis sees: the channels name their database.
            held = set(await raw.pubsub_channels(f"*{channel}"))
            assert held == {f"db13:{channel}".encode(), f"db14:{channel}".encode()}
        await raw.aclose()
    finally:
        for hub in hubs:
            await hub.stop()
