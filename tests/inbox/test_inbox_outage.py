"""A broadcast outage delays a notification, never strands it: two `crm serve` processes share
a private PostgreSQL and a private Redis that the test restarts. A reconnects first and
resyncs; B, whose Redis connection goes through a proxy the test holds closed, is still
backing off when a notification is made through it. That notification must still reach A's
subscriber: republished by B once B is back, or found by A's periodic check if B never is."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.support.graphql import Api
from tests.support.inbox import assign
from tests.support.live_server import Output, crm_env, crm_serve
from tests.support.outage import PrivatePostgres, PrivateRedis, TcpProxy
from tests.support.ws import next_payload, receive, signed_in, socket, subscribe_inbox


@dataclass
class Pair:
    a: str  # talks to Redis directly
    b: str  # talks to Redis through `proxy`
    b_output: Output
    redis: PrivateRedis
    proxy: TcpProxy


@pytest.fixture
def redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pair_factory(
    private_postgres: PrivatePostgres, redis: PrivateRedis, tmp_path: Path
) -> Iterator[Callable[[str], Pair]]:
    with ExitStack() as stack:
        proxy = TcpProxy(redis.port)
        stack.callback(proxy.stop)

        def start(resync_seconds: str) -> Pair:
            def env(broadcast: str) -> dict[str, str]:
                return crm_env(
                    CRM_DATABASE_URL=private_postgres.url,
                    CRM_BROADCAST_URL=broadcast,
                    CRM_INBOX_RESYNC_SECONDS=resync_seconds,
                )

            output = Output()
            a = stack.enter_context(crm_serve(env(redis.url), tmp_path))
            b = stack.enter_context(
                crm_serve(env(f"redis://127.0.0.1:{proxy.port}"), tmp_path, output=output)
            )
            return Pair(a, b, output, redis, proxy)

        yield start


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=30) as client:
        yield client


async def ready(client: httpx.AsyncClient, base: str) -> dict[str, Any]:
    return (await client.get(f"{base}/readyz")).json()


async def wait_for(
    client: httpx.AsyncClient, base: str, check: Callable[[dict[str, Any]], bool]
) -> None:
    """Wait (up to 20 s) until the server's /readyz answer passes `check`."""
    deadline = time.monotonic() + 20
    while not check(answer := await ready(client, base)):
        assert time.monotonic() < deadline, answer
        await asyncio.sleep(0.05)


async def open_the_window(pair: Pair, client: httpx.AsyncClient) -> None:
    """Redis restarts; A is back and has resynced; B cannot reach Redis yet."""
    outages = (await ready(client, pair.a))["broadcastOutages"]
    pair.proxy.close()  # B loses Redis and cannot reconnect
    pair.redis.restart()
    await wait_for(
        client, pair.a, lambda r: r["broadcast"] == "up" and r["broadcastOutages"] > outages
    )
    await wait_for(client, pair.b, lambda r: r["broadcast"] != "up")


async def sam_listening_on_a(pair: Pair, api_b: Api):
    slug = f"firm-{uuid4().hex[:8]}"
    owner = await api_b.create_firm("Outage Tax", slug, f"owner@{slug}.example")
    sam = await api_b.create_staff(owner["token"], f"sam@{slug}.example")
    return owner, sam


async def test_a_notification_made_while_its_process_is_cut_off_arrives_once_it_is_back(
    pair_factory: Callable[[str], Pair], client: httpx.AsyncClient
):
    pair = pair_factory("600")  # the periodic check is out of the picture here
    api_b = Api(httpx.AsyncClient(base_url=pair.b, timeout=30))
    owner, sam = await sam_listening_on_a(pair, api_b)
    async with socket(pair.a) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, api_b, sam["token"])
        await open_the_window(pair, client)
        account = await assign(api_b, owner["token"], "Made in the window", sam["id"])
        pair.b_output.wait_for("could not publish 1 notifications")
        pair.proxy.open()  # B reconnects (after its back-off) and sends what it could not
        event = (await next_payload(ws, timeout=30))["inbox"]
        assert (event["kind"], event["account"]["id"]) == ("ACCOUNT_ASSIGNED", account["id"])
        await wait_for(client, pair.b, lambda r: r["broadcast"] == "up")
        # Nothing twice, and live delivery goes on.
        later = await assign(api_b, owner["token"], "After the window", sam["id"])
        assert (await next_payload(ws))["inbox"]["account"]["id"] == later["id"]
    await api_b.client.aclose()


async def test_a_process_that_never_comes_back_strands_nothing(
    pair_factory: Callable[[str], Pair], client: httpx.AsyncClient
):
    pair = pair_factory("1")  # each process checks its subscribers every second
    api_b = Api(httpx.AsyncClient(base_url=pair.b, timeout=30))
    owner, sam = await sam_listening_on_a(pair, api_b)
    async with socket(pair.a) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, api_b, sam["token"])
        await open_the_window(pair, client)
        account = await assign(api_b, owner["token"], "Made in the window", sam["id"])
        pair.b_output.wait_for("could not publish 1 notifications")
        # B stays cut off: A's own check finds the stored row within a few seconds.
        event = (await next_payload(ws, timeout=10))["inbox"]
        assert event["account"]["id"] == account["id"]
        with pytest.raises(TimeoutError):  # and only once
            await receive(ws, timeout=2.5)
    await api_b.client.aclose()
