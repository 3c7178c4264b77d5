"""Inbox+ delivery latency: N staff members subscribed to `inbox`, one WebSocket each
(graphql-transport-ws), and one `confirmClientRegistration` (a client following the link
registerClient mailed; the seeder wrote the links) that tells all of them (CLIENT_REGISTERED).

Each subscriber's latency is the time from just before the mutation is posted to the moment
its `next` message is read. A second figure starts from the notification's `createdAt` (the
row being stored, on the same machine's clock), leaving out the mutation's own work before
it (the password hash, the account). A first, unmeasured registration proves every
subscription is live (they replay from notification 0, so none can miss it); the measured
ones follow one at a time. The server notes when it wrote each frame (bench/ws_sends.py): a
third figure, from `createdAt` to that write, leaves out the bench's own reading of the sockets.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from app.graphql.ids import to_global_id
from bench.load import percentile
from bench.seed import InboxFirm
from bench.ws_sends import PATH

SUBSCRIBE = """subscription($after: ID) {
  inbox(after: $after) { id kind title account { id name } createdAt }
}"""
CONFIRM = """mutation($input: ConfirmClientRegistrationInput!) {
  confirmClientRegistration(input: $input) { userErrors { field code message } }
}"""
OPEN_AT_ONCE = 50  # WebSocket handshakes in flight together
TIMEOUT = 60.0


@dataclass(frozen=True)
class InboxResult:
    subscribers: int
    rounds: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    stored_p50_ms: float
    stored_p99_ms: float
    # From createdAt to the server writing the frame (the server's clock, inside it).
    written_p50_ms: float
    written_p99_ms: float
    # How long the confirmClientRegistration request itself took (median over the rounds).
    mutation_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Subscriber:
    """One signed-in WebSocket with one `inbox` subscription; notes when each message lands."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        # (perf_counter, wall clock, payload) of each message, as it is read.
        self.arrivals: asyncio.Queue[tuple[float, float, dict[str, Any]]] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            at, wall = time.perf_counter(), time.time()
            message = json.loads(raw)
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
            elif message["type"] == "next":
                self.arrivals.put_nowait((at, wall, message["payload"]))
            else:
                self.arrivals.put_nowait((at, wall, message))  # an error or an end: fails

    async def next_arrival(self) -> tuple[float, float]:
        """When the next notification arrived, and how long after it was stored (ms)."""
        at, wall, payload = await asyncio.wait_for(self.arrivals.get(), TIMEOUT)
        if payload.get("errors") or "data" not in payload:
            raise RuntimeError(f"inbox answered {payload}")
        kind = payload["data"]["inbox"]["kind"]
        if kind != "CLIENT_REGISTERED":
            raise RuntimeError(f"expected CLIENT_REGISTERED, got {kind}")
        stored = datetime.fromisoformat(payload["data"]["inbox"]["createdAt"]).timestamp()
        return at, (wall - stored) * 1000


async def _subscriber(url: str, token: str, gate: asyncio.Semaphore) -> Subscriber:
    async with gate:
        ws = await connect(url, subprotocols=["graphql-transport-ws"], open_timeout=TIMEOUT)
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        await ws.send(json.dumps(init))
        ack = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if ack["type"] != "connection_ack":
            raise RuntimeError(f"connection_init answered {ack}")
        variables = {"after": to_global_id("Notification", 0)}
        payload = {"query": SUBSCRIBE, "variables": variables}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        return Subscriber(ws)


async def measure_inbox(
    base: str, firm: InboxFirm, rounds: int, client: httpx.AsyncClient
) -> InboxResult:
    """Subscribe every staff member of `firm`, confirm `rounds` + 1 of its registrations."""
    url = base.replace("http://", "ws://") + "/graphql"
    gate = asyncio.Semaphore(OPEN_AT_ONCE)
    tokens = firm.staff_tokens
    subscribers = await asyncio.gather(*(_subscriber(url, t, gate) for t in tokens))
    try:
        await _confirm(client, firm.confirmations[0])  # the warm-up: every subscription is live
        await asyncio.gather(*(s.next_arrival() for s in subscribers))
        await _written(client)  # forget the warm-up's
        latencies: list[float] = []
        from_stored: list[float] = []
        written: list[float] = []
        mutations: list[float] = []
        for round_ in range(1, rounds + 1):
            start = time.perf_counter()
            await _confirm(client, firm.confirmations[round_])
            mutations.append(time.perf_counter() - start)
            arrivals = await asyncio.gather(*(s.next_arrival() for s in subscribers))
            latencies += [(at - start) * 1000 for at, _ in arrivals]
            from_stored += [ms for _, ms in arrivals]
            written += await _written(client)
    finally:
        await asyncio.gather(*(s.ws.close() for s in subscribers), return_exceptions=True)
        for s in subscribers:
            s.reader.cancel()
    return InboxResult(
        subscribers=len(tokens),
        rounds=rounds,
        p50_ms=round(percentile(latencies, 50), 2),
        p99_ms=round(percentile(latencies, 99), 2),
        max_ms=round(max(latencies), 2),
        stored_p50_ms=round(percentile(from_stored, 50), 2),
        stored_p99_ms=round(percentile(from_stored, 99), 2),
        written_p50_ms=round(percentile(written, 50), 2),
        written_p99_ms=round(percentile(written, 99), 2),
        mutation_ms=round(percentile([m * 1000 for m in mutations], 50), 2),
    )


async def _confirm(client: httpx.AsyncClient, token: str) -> None:
    """A client confirms their registration: every subscriber is told."""
    input_ = {"token": token, "password": "bench-password-1"}
    response = await client.post(
        "/graphql", json={"query": CONFIRM, "variables": {"input": input_}}
    )
    answer = response.json()
    if "errors" in answer or answer["data"]["confirmClientRegistration"]["userErrors"]:
        raise RuntimeError(f"confirmClientRegistration failed: {answer}")


async def _written(client: httpx.AsyncClient) -> list[float]:
    """ms from createdAt to the write of each `next` frame since the last call (the server
    notes them: bench/ws_sends.py)."""
    response = await client.get(PATH)
    response.raise_for_status()
    return [ms for ms in response.json() if ms is not None]
