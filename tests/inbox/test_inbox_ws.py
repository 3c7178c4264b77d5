"""The `inbox` subscription over real WebSockets to a real `crm serve` process."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support.documents.inbox import INBOX, INBOX_AFTER, LATEST_NOTIFICATION
from tests.support.graphql import Api
from tests.support.inbox import assign
from tests.support.live_server import LiveServer
from tests.support.mailbox import PrintedMailbox
from tests.support.portal import register_and_confirm
from tests.support.ws import (
    close_code,
    init,
    next_payload,
    receive,
    signed_in,
    socket,
    subscribe,
    subscribe_inbox,
)


async def test_a_notification_reaches_its_recipient_live_and_no_one_else(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    other = await live_api.create_firm("Other Firm", "other-firm", "boss@other.example")
    async with socket(live) as sams, socket(live) as owners, socket(live) as others:
        for ws, token in ((sams, sam["token"]), (owners, owner["token"]), (others, other["token"])):
            await signed_in(ws, token)
            await subscribe_inbox(ws, live_api, token)
        started = time.monotonic()
        account = await assign(live_api, owner["token"], "Doe Household", sam["id"])
        event = (await next_payload(sams))["inbox"]
        latency = time.monotonic() - started
        assert event["kind"] == "ACCOUNT_ASSIGNED"
        assert event["account"] == {"id": account["id"], "name": "Doe Household"}
        assert latency < 2.0  # includes the mutation itself; the benchmark measures delivery
        # Nobody else hears of it: the next thing they get is their own notification.
        await assign(
            live_api, other["token"], "Elsewhere", await _staff_id(live_api, other["token"])
        )
        with pytest.raises(TimeoutError):
            await receive(owners, timeout=0.5)
        # The other firm's owner created his own account: no notification for the actor.
        with pytest.raises(TimeoutError):
            await receive(others, timeout=0.5)


async def _staff_id(api: Api, token: str) -> str:
    return (await api.data("{ viewer { staff { id } } }", token=token))["viewer"]["staff"]["id"]


async def test_what_was_missed_is_listed_after_the_last_id_seen(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, live_api, sam["token"])
        await assign(live_api, owner["token"], "First", sam["id"])
        seen = (await next_payload(ws))["inbox"]["id"]
    for name in ("Second", "Third"):  # while disconnected
        await assign(live_api, owner["token"], name, sam["id"])
    query = "query($after: String) { notifications(after: $after) { edges { node { account { name } } } } }"
    missed = await live_api.data(query, {"after": seen}, sam["token"])
    assert [e["node"]["account"]["name"] for e in missed["notifications"]["edges"]] == [
        "Second",
        "Third",
    ]


@pytest.mark.parametrize(
    "payload",
    [None, {}, {"Authorization": "Bearer nope"}, {"token": "nope"}, {"authorization": "Basic x"}],
)
async def test_a_missing_or_bad_token_is_refused(live: str, payload):
    async with socket(live) as ws:
        await init(ws, payload)
        assert await close_code(ws) == 4403


async def test_the_token_may_come_under_any_accepted_key(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    for payload in (
        {"authorization": f"Bearer {owner['token']}"},
        {"token": owner["token"]},
    ):
        async with socket(live) as ws:
            await init(ws, payload)
            assert (await receive(ws))["type"] == "connection_ack"


async def test_a_client_token_is_refused(live_server: LiveServer, live_api: Api):
    await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    mailbox = PrintedMailbox(live_server.printed)
    confirmed = await register_and_confirm(
        live_api, mailbox, "acme-tax", "Jane", "Doe", "jane@example.com"
    )
    async with socket(live_server.base) as ws:
        await init(ws, {"Authorization": f"Bearer {confirmed['session']['token']}"})
        assert await close_code(ws) == 4403


async def test_no_connection_init_within_five_seconds_closes_the_socket(live: str):
    async with socket(live) as ws:
        started = time.monotonic()
        assert await close_code(ws, timeout=10) == 4408
        assert 4.5 < time.monotonic() - started < 8


async def test_the_legacy_graphql_ws_subprotocol_is_refused(live: str):
    async with socket(live, subprotocol="graphql-ws") as ws:
        assert await close_code(ws) == 4406  # "Subprotocol not acceptable", before any init


async def test_subscriptions_per_connection_are_bounded(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    async with socket(live) as ws:
        await signed_in(ws, owner["token"])
        for i in range(10):
            await subscribe(ws, str(i))
        await subscribe(ws, "10")
        refused = await receive(ws)
        assert refused["type"] == "error" and refused["id"] == "10"
        assert "limit" in refused["payload"][0]["message"].lower()


async def test_a_subscription_is_not_served_over_http(live: str):
    response = httpx.post(f"{live}/graphql", json={"query": INBOX})
    assert response.status_code >= 400 or response.json().get("errors")


async def test_subscribing_after_an_id_delivers_what_came_since_then_live(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    await assign(live_api, owner["token"], "Seen", sam["id"])
    seen = (await live_api.data(LATEST_NOTIFICATION, token=sam["token"]))["notifications"]["edges"][
        0
    ]
    for name in ("Missed 1", "Missed 2"):
        await assign(live_api, owner["token"], name, sam["id"])
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        await subscribe(ws, query=INBOX_AFTER, variables={"after": seen["node"]["id"]})
        assert (await next_payload(ws))["inbox"]["account"]["name"] == "Missed 1"
        assert (await next_payload(ws))["inbox"]["account"]["name"] == "Missed 2"
        await assign(live_api, owner["token"], "Live", sam["id"])
        assert (await next_payload(ws))["inbox"]["account"]["name"] == "Live"
