"""A third-party app from the outside, against a live `crm serve`: its owner makes it an API
client; with the token it reads accounts, is refused what its scopes do not cover, registers
a webhook to a real local receiver, gets signed deliveries (retried while the receiver is
down), and runs into the query cost cap and its budget."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from standardwebhooks import Webhook

from app.settings import CostBudget, Settings
from tests.graphql.test_cost_budgets import SIXTY, app_api
from tests.support.apps import new_app
from tests.support.graphql import Api, codes
from tests.support.live_server import LiveServer, crm_env, crm_server
from tests.support.mailbox import PrintedMailbox
from tests.support.portal import activate, first_email_id, invite
from tests.support.webhook_receiver import Receiver
from tests.support.ws import close_code, init, socket

ACCOUNTS = "{ accounts(first: 20) { totalCount edges { node { id name } } } }"
CREATE_ACCOUNT = """mutation($input: CreateAccountInput!) {
  createAccount(input: $input) { account { id } userErrors { code } } }"""
CREATE_WEBHOOK = """mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } secret userErrors { field code } } }"""
UPDATE_ACCOUNT = """mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) { account { id name } userErrors { code } } }"""
DELIVERIES = """query($id: ID!) { node(id: $id) { ... on WebhookEndpoint {
  deliveries(first: 20) { edges { node { eventId eventType status attempts lastError } } } } } }"""
# 1 + 100 x (1 + 100 x 1) = 10,101: over the 10,000 points one operation may cost.
TOO_DEAR = "{ accounts(first: 100) { edges { node { emails(first: 100) { edges { node { sentBy { id } } } } } } } }"
SCOPES = ("ACCOUNTS_READ", "WEBHOOKS_MANAGE")


@pytest.fixture
def hook_server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """`crm serve` delivering webhooks to 127.0.0.1, polling and retrying fast."""
    env = crm_env(
        CRM_DATABASE_URL=database_url,
        CRM_BROADCAST_URL="memory://",
        CRM_WEBHOOK_ALLOW_PRIVATE="true",
        CRM_WEBHOOK_POLL_SECONDS="0.1",
        CRM_WEBHOOK_RETRY_BASE_SECONDS="0.05",
        CRM_WEBHOOK_RETRY_MAX_SECONDS="0.2",
    )
    with crm_server(env, tmp_path) as server:
        yield server


@pytest.fixture
async def outside(hook_server: LiveServer) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=hook_server.base, timeout=30) as client:
        yield Api(client)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


async def _deliveries_until(api: Api, token: str, endpoint_id: str, check) -> list[dict]:
    """The endpoint's deliveries, read as the app until `check(deliveries)` holds (10 s)."""
    async with asyncio.timeout(10):
        while True:
            data = await api.data(DELIVERIES, {"id": endpoint_id}, token)
            rows = [e["node"] for e in data["node"]["deliveries"]["edges"]]
            if check(rows):
                return rows
            await asyncio.sleep(0.05)  # the server's worker retries on its own clock


async def test_a_third_party_app_end_to_end(
    hook_server: LiveServer, outside: Api, receiver: Receiver
):
    owner = await outside.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    account = await outside.individual(
        owner["token"], "Jane", "Doe", "jane@example.com", login=True
    )
    app = await new_app(outside, owner["token"], *SCOPES)
    token = app["token"]

    seen = (await outside.data(ACCOUNTS, token=token))["accounts"]
    assert [e["node"]["id"] for e in seen["edges"]] == [account["id"]]
    refused = await outside.post(
        CREATE_ACCOUNT,
        {
            "input": {
                "type": "INDIVIDUAL",
                "contacts": [{"contact": {"firstName": "A", "lastName": "B"}}],
            }
        },
        token,
    )
    assert codes(refused) == ["FORBIDDEN"] and "ACCOUNTS_WRITE" in refused["errors"][0]["message"]

    hook = await outside.mutate(
        CREATE_WEBHOOK,
        {"url": receiver.url, "events": ["CLIENT_ACTIVATED", "ACCOUNT_UPDATED"]},
        token,
    )
    endpoint_id, secret = hook["endpoint"]["id"], hook["secret"]

    await invite(outside, owner["token"], first_email_id(account))
    _, link_token = await PrintedMailbox(hook_server.printed).link(
        "jane@example.com", "/portal/activate"
    )
    await activate(outside, link_token)
    [activated] = await receiver.wait_for(1)
    body = Webhook(secret).verify(activated.body, activated.headers)
    assert body["type"] == "CLIENT_ACTIVATED" and body["data"]["accountId"] == account["id"]

    await receiver.stop()
    renamed = {"id": account["id"], "name": "Doe Family"}
    await outside.mutate(UPDATE_ACCOUNT, renamed, owner["token"])
    failing = await _deliveries_until(
        outside,
        token,
        endpoint_id,
        lambda rows: any(r["eventType"] == "ACCOUNT_UPDATED" and r["attempts"] >= 2 for r in rows),
    )
    updated = next(r for r in failing if r["eventType"] == "ACCOUNT_UPDATED")
    assert updated["status"] == "PENDING" and updated["lastError"].startswith("Connection failed")
    await receiver.start()
    [_, again] = await receiver.wait_for(2)
    body = Webhook(secret).verify(again.body, again.headers)
    assert body["type"] == "ACCOUNT_UPDATED" and again.event_id == updated["eventId"]
    done = await _deliveries_until(
        outside, token, endpoint_id, lambda rows: all(r["status"] == "SUCCEEDED" for r in rows)
    )
    assert len(done) == 2

    too_dear = await outside.post(TOO_DEAR, token=token)
    assert codes(too_dear) == ["MAX_COST_EXCEEDED"] and not too_dear.get("data")


async def test_an_app_may_not_open_the_inbox_subscription(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    app = await new_app(live_api, owner["token"], "NOTIFICATIONS_READ", "ACCOUNTS_READ")
    async with socket(live) as ws:
        await init(ws, {"Authorization": f"Bearer {app['token']}"})
        assert await close_code(ws) == 4403


async def test_an_app_runs_out_of_its_own_budget(settings: Settings, api: Api, owner):
    """THROTTLED with the app's budget (a small one here), kept apart from its owner's."""
    small = dataclasses.replace(settings, app_cost_budget=CostBudget(100, 1.0))
    async with app_api(small) as served:
        app = await new_app(served, owner["token"], "ACCOUNTS_READ")
        first = await served.post(SIXTY, token=app["token"])
        assert "errors" not in first
        assert first["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 100
        second = await served.post(SIXTY, token=app["token"])
        assert codes(second) == ["THROTTLED"]
        assert second["errors"][0]["extensions"]["retryAfterSeconds"] > 0
        assert "errors" not in await served.post(SIXTY, token=owner["token"])
