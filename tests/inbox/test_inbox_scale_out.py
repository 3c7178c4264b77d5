"""Two server processes on one PostgreSQL database and Redis: a notification made in one
reaches a subscriber of the other, also after the Redis connection is cut."""

from __future__ import annotations

from pathlib import Path

import httpx
import redis.asyncio as redis

from tests.support.graphql import Api
from tests.support.inbox import assign
from tests.support.live_server import crm_env, crm_serve
from tests.support.scale_out import (  # noqa: F401
    BROADCAST,
    DATABASE,
    api_b,
    needs_postgres_and_redis,
    pair,
)
from tests.support.ws import next_payload, signed_in, socket, subscribe_inbox

pytestmark = needs_postgres_and_redis


async def test_a_notification_made_in_one_process_reaches_a_subscriber_of_another(
    pair: tuple[str, str], api_b: Api
):
    a, _ = pair
    owner = await api_b.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await api_b.create_staff(owner["token"], "sam@acme.example")
    async with socket(a) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, api_b, sam["token"])
        account = await assign(api_b, owner["token"], "Made in B", sam["id"])
        event = (await next_payload(ws))["inbox"]
        assert (event["kind"], event["account"]["id"]) == ("ACCOUNT_ASSIGNED", account["id"])


async def test_delivery_resumes_after_the_redis_connection_is_cut(
    pair: tuple[str, str], api_b: Api
):
    a, _ = pair
    owner = await api_b.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await api_b.create_staff(owner["token"], "sam@acme.example")
    async with socket(a) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, api_b, sam["token"])
        await assign(api_b, owner["token"], "Before", sam["id"])
        assert (await next_payload(ws))["inbox"]["account"]["name"] == "Before"
        outages = httpx.get(f"{a}/readyz").json()["broadcastOutages"]
        await _cut_pubsub_connections(BROADCAST)
        # Made while A may still be reconnecting: the RESYNC after reconnection delivers it.
        await assign(api_b, owner["token"], "During", sam["id"])
        assert (await next_payload(ws, timeout=15))["inbox"]["account"]["name"] == "During"
        ready = httpx.get(f"{a}/readyz").json()
        assert ready["broadcastOutages"] == outages + 1 and ready["broadcast"] == "up"
        await assign(api_b, owner["token"], "After", sam["id"])
        assert (await next_payload(ws))["inbox"]["account"]["name"] == "After"


async def _cut_pubsub_connections(url: str) -> None:
    """Kill the servers' Redis pub/sub connections (their hubs), as a Redis restart would."""
    client = redis.from_url(url)
    try:
        for entry in await client.client_list(_type="pubsub"):
            if entry.get("name") == "crm-hub":
                await client.client_kill_filter(_id=entry["id"])
    finally:
        await client.aclose()


async def test_rate_limits_count_attempts_made_on_every_process(pair: tuple[str, str]):
    a, b = pair
    sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }"
    async with httpx.AsyncClient(timeout=30) as client:

        async def codes(base: str, i: int) -> list[str]:
            body = {
                "query": sign_in,
                "variables": {
                    "input": {"email": f"who{i}@example.com", "password": "wrong-password"}
                },
            }
            answer = (await client.post(f"{base}/graphql", json=body)).json()
            return [e["code"] for e in answer["data"]["signIn"]["userErrors"]]

        for i in range(20):  # alternate between the processes: one count, in the database
            assert await codes(a if i % 2 else b, i) == ["INVALID_CREDENTIALS"]
        assert await codes(a, 99) == ["TOO_MANY_ATTEMPTS"]
        assert await codes(b, 98) == ["TOO_MANY_ATTEMPTS"]


async def test_crm_serve_with_two_workers_delivers_across_them(tmp_path: Path):
    env = crm_env(CRM_DATABASE_URL=DATABASE, CRM_BROADCAST_URL=BROADCAST)
    with crm_serve(env, tmp_path, "--workers", "2") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            api = Api(client)
            owner = await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
            sam = await api.create_staff(owner["token"], "sam@acme.example")
            async with socket(base) as ws:
                await signed_in(ws, sam["token"])
                await subscribe_inbox(ws, api, sam["token"])
                names = [f"Account {i}" for i in range(6)]
                for name in names:
                    # A new connection each time, so the mutations spread over both workers.
                    async with httpx.AsyncClient(base_url=base, timeout=30) as fresh:
                        await assign(Api(fresh), owner["token"], name, sam["id"])
                got = [(await next_payload(ws))["inbox"]["account"]["name"] for _ in names]
                assert got == names
