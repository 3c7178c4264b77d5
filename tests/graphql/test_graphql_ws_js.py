"""Inbox+ through the reference JavaScript client, `graphql-ws` (tests/js/inbox.mjs), against
a real `crm serve` process. Skipped where Node.js is not available."""

from __future__ import annotations

import asyncio
import json
from asyncio.subprocess import PIPE, Process
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from app.graphql.ids import to_global_id
from tests.support import node_js
from tests.support.documents.inbox import LATEST_NOTIFICATION
from tests.support.graphql import Api
from tests.support.inbox import assign
from tests.support.ws import ws_url

NOTIFICATIONS = "{ notifications(first: 10) { edges { node { id kind title account { id name } createdAt } } } }"


@pytest.fixture
def node() -> str:
    return node_js.node()


@asynccontextmanager
async def inbox_client(node: str, base: str, token: str, after: str = "") -> AsyncIterator[Process]:
    """tests/js/inbox.mjs subscribed to `inbox` as the token's staff member; ended after."""
    client = await asyncio.create_subprocess_exec(
        node, str(node_js.JS / "inbox.mjs"), ws_url(base), token, after, stdin=PIPE, stdout=PIPE
    )
    try:
        yield client
    finally:
        if client.returncode is None:
            client.kill()
            await client.wait()


async def line_of(client: Process, timeout: float = 10.0) -> dict[str, Any]:
    """The client's next line of output, as JSON."""
    assert client.stdout is not None
    line = await asyncio.wait_for(client.stdout.readline(), timeout)
    assert line, "the JavaScript client ended early"
    return json.loads(line)


async def rest_of(client: Process, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Every line the client prints until it ends (closing its stdin ends it)."""
    assert client.stdout is not None
    output = await asyncio.wait_for(client.stdout.read(), timeout)
    await asyncio.wait_for(client.wait(), timeout)
    return [json.loads(line) for line in output.splitlines()]


async def latest_id(api: Api, token: str) -> str:
    """The id of the member's newest notification: the client subscribes after it."""
    edges = (await api.data(LATEST_NOTIFICATION, token=token))["notifications"]["edges"]
    return edges[0]["node"]["id"] if edges else to_global_id("Notification", 0)


async def test_the_graphql_ws_client_receives_exactly_its_members_notifications(
    node: str, live: str, live_api: Api
):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    after = await latest_id(live_api, sam["token"])
    async with inbox_client(node, live, sam["token"], after) as client:
        assert await line_of(client) == {"event": "connected"}
        first = await assign(live_api, owner["token"], "Doe Household", sam["id"])
        received = [await line_of(client)]
        await assign(live_api, owner["token"], "Roe Partners", sam["id"])
        received.append(await line_of(client))
        assert client.stdin is not None
        client.stdin.close()
        assert await rest_of(client) == [
            {"event": "closed", "code": 1000, "reason": "Normal Closure"}
        ]
        assert client.returncode == 0
    stored = (await live_api.data(NOTIFICATIONS, token=sam["token"]))["notifications"]["edges"]
    assert received == [{"event": "next", "inbox": edge["node"]} for edge in stored]
    assert received[0]["inbox"]["kind"] == "ACCOUNT_ASSIGNED"
    assert received[0]["inbox"]["account"] == {"id": first["id"], "name": "Doe Household"}


async def test_the_graphql_ws_client_sees_a_bad_token_refused_with_4403(node: str, live: str):
    async with inbox_client(node, live, "not-a-token") as client:
        assert await rest_of(client) == [{"event": "closed", "code": 4403, "reason": "Forbidden"}]
        assert client.returncode == 1
