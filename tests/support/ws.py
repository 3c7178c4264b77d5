"""A graphql-transport-ws client for tests, on the `websockets` library."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from app.graphql.ids import to_global_id
from tests.support.documents.inbox import INBOX, INBOX_AFTER, LATEST_NOTIFICATION

PROTOCOL = "graphql-transport-ws"


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"


@asynccontextmanager
async def socket(base: str, subprotocol: str = PROTOCOL) -> AsyncIterator[ClientConnection]:
    async with connect(ws_url(base), subprotocols=[subprotocol], open_timeout=5) as ws:
        yield ws


async def receive(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    """The next message that is not a ping (answered), as JSON."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if message["type"] == "ping":
            await ws.send(json.dumps({"type": "pong"}))
            continue
        return message


async def init(ws: ClientConnection, payload: dict[str, Any] | None) -> None:
    message: dict[str, Any] = {"type": "connection_init"}
    if payload is not None:
        message["payload"] = payload
    await ws.send(json.dumps(message))


async def signed_in(ws: ClientConnection, token: str) -> None:
    await init(ws, {"Authorization": f"Bearer {token}"})
    assert (await receive(ws))["type"] == "connection_ack"


async def subscribe(
    ws: ClientConnection,
    id: str = "1",
    query: str = INBOX,
    variables: dict[str, Any] | None = None,
) -> None:
    payload = {"query": query, "variables": variables or {}}
    await ws.send(json.dumps({"id": id, "type": "subscribe", "payload": payload}))


async def subscribe_inbox(ws: ClientConnection, api: Any, token: str) -> None:
    """Subscribe from the newest notification the member has (read over HTTP first), so
    nothing made after this call can be missed, however late the server sets it up."""
    edges = (await api.data(LATEST_NOTIFICATION, token=token))["notifications"]["edges"]
    after = edges[0]["node"]["id"] if edges else to_global_id("Notification", 0)
    await subscribe(ws, query=INBOX_AFTER, variables={"after": after})


async def next_payload(ws: ClientConnection, timeout: float = 5.0) -> dict[str, Any]:
    """The data of the next `next` message (its errors fail the test)."""
    message = await receive(ws, timeout)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message["payload"]
    return message["payload"]["data"]


async def close_code(ws: ClientConnection, timeout: float = 8.0) -> int | None:
    """Wait for the server to close the socket; its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except Exception:
        pass
    return ws.close_code
