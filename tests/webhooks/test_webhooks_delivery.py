"""Webhook delivery to a real local receiver: signed as Standard Webhooks says, retried on
temporary failures with the same webhook-id, given up on other 4xx, and endpoints turned off
after failing too long."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from starlette.applications import Starlette
from tortoise.transactions import in_transaction

from app import models
from app.settings import Settings
from app.web.app import create_app
from app.webhooks import events
from app.webhooks.models import WebhookEventType
from app.webhooks.worker import WebhookWorker
from tests.support.documents.contacts import SET_CONTACT_TOGGLES as TOGGLES
from tests.support.documents.webhooks import CREATE, UPDATE
from tests.support.graphql import Api
from tests.support.portal import activate, first_email_id, invite, link_of
from tests.support.smtp import SmtpServer
from tests.support.webhook_receiver import Receiver

DELIVERIES = """
query($id: ID!, $status: WebhookDeliveryStatus) {
  node(id: $id) { ... on WebhookEndpoint {
    enabled disabledReason
    deliveries(first: 50, status: $status) { totalCount edges { node {
      id eventId eventType status attempts lastStatusCode lastError nextAttemptAt deliveredAt payload
    } } }
  } }
}"""

SEND_TEST = """
mutation($id: ID!) { sendTestWebhook(id: $id) { delivery { id eventId eventType status } userErrors { code } } }"""

REDELIVER = """
mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { delivery { id eventId status } userErrors { code } } }"""

NOTIFICATIONS = "{ notifications(first: 10) { edges { node { kind title body } } } }"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def hook_settings(mail_settings: Settings) -> Settings:
    """Fast polls and retries; private targets allowed (the receiver is on 127.0.0.1)."""
    return dataclasses.replace(
        mail_settings,
        webhook_allow_private=True,
        webhook_poll_interval=0.1,
        webhook_retry_base=0.05,
        webhook_retry_max=0.2,
        webhook_timeout=1.0,
    )


@pytest.fixture
async def hook_app(hook_settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(hook_settings, manage_database=False)
    async with LifespanManager(app):
        yield app


@pytest.fixture
def worker(hook_app: Starlette) -> WebhookWorker:
    return hook_app.state.webhook_worker


@pytest.fixture
async def hook_api(hook_app: Starlette) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=hook_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Api(client)


async def endpoint_for(api: Api, token: str, url: str, *events: str) -> dict[str, Any]:
    """A registered endpoint: its id and secret."""
    payload = await api.mutate(CREATE, {"url": url, "events": list(events)}, token)
    return {"id": payload["endpoint"]["id"], "secret": payload["secret"]}


def verified(secret: str, received) -> dict[str, Any]:
    """The body, once the standardwebhooks library accepts its signature."""
    return Webhook(secret).verify(received.body, received.headers)


async def deliveries(
    api: Api, token: str, endpoint_id: str, status: str | None = None
) -> list[dict]:
    data = await api.data(DELIVERIES, {"id": endpoint_id, "status": status}, token)
    return [e["node"] for e in data["node"]["deliveries"]["edges"]]


async def test_an_event_is_posted_signed_as_standard_webhooks_says(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    account = await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    [got] = await receiver.wait_for(1)
    body = verified(endpoint["secret"], got)
    assert body["type"] == "ACCOUNT_CREATED"
    assert body["data"]["accountId"] == account["id"]
    assert body["data"]["contactIds"] == [account["contacts"][0]["contact"]["id"]]
    assert body["data"]["name"] == "Jane Doe"
    assert got.headers["webhook-id"].startswith("msg_")
    with pytest.raises(WebhookVerificationError):  # another secret does not verify
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert (row["status"], row["attempts"], row["lastStatusCode"]) == ("SUCCEEDED", 1, 200)
    assert row["eventId"] == got.event_id and json.loads(row["payload"]) == body
    assert row["nextAttemptAt"] is None and row["deliveredAt"] is not None


async def test_only_subscribed_endpoints_of_the_firm_get_the_event(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    other = await hook_api.create_firm("Other", "other-tax", "owner@other.example")
    await endpoint_for(hook_api, other["token"], receiver.url, "ACCOUNT_CREATED")
    await endpoint_for(hook_api, owner["token"], receiver.url, "CONTACT_CREATED")
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    [got] = await receiver.wait_for(1)
    assert got.json["type"] == "CONTACT_CREATED"
    assert got.json["data"]["emails"] == ["jane@example.com"]
    await worker.idle()
    assert len(receiver.received) == 1


async def test_the_event_is_part_of_the_transaction_of_its_change(owner, hook_api: Api, receiver):
    await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_UPDATED")
    firm_id = (await models.Firm.get()).id
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await events.record(firm_id, WebhookEventType.ACCOUNT_UPDATED, {"accountId": "x"})
            assert await models.WebhookDelivery.all().count() == 1
            raise RuntimeError("the change fails")
    assert await models.WebhookDelivery.all().count() == 0


async def test_a_5xx_is_retried_with_the_same_webhook_id(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    receiver.answers.extend([500, 429])
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    first, second, third = await receiver.wait_for(3)
    assert first.event_id == second.event_id == third.event_id
    assert first.body == third.body
    for got in (first, second, third):
        verified(endpoint["secret"], got)
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert (row["status"], row["attempts"], row["lastError"]) == ("SUCCEEDED", 3, None)
    assert (await models.WebhookEndpoint.get()).consecutive_failures == 0


async def test_the_receiver_going_down_and_coming_back_gets_the_event(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await receiver.stop()
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    await worker.wait_for(lambda: worker.stats.retried >= 2)
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"], "PENDING")
    assert row["attempts"] >= 2 and row["lastError"].startswith("Connection failed")
    assert row["nextAttemptAt"] is not None
    await receiver.start()
    [got] = await receiver.wait_for(1)
    verified(endpoint["secret"], got)
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert row["status"] == "SUCCEEDED" and row["attempts"] >= 3


async def test_a_timeout_is_retried(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    receiver.hang = True
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    await worker.wait_for(lambda: worker.stats.retried >= 1)
    receiver.hang = False
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert row["status"] == "SUCCEEDED" and row["attempts"] >= 2


async def test_another_4xx_fails_at_once(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    receiver.default = 404
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    await worker.wait_for(lambda: worker.stats.failed >= 1)
    await worker.idle()
    assert len(receiver.received) == 1
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert (row["status"], row["attempts"], row["lastStatusCode"]) == ("FAILED", 1, 404)
    assert row["lastError"] == "HTTP 404: nope" and row["nextAttemptAt"] is None


async def test_redelivery_sends_the_same_event_again(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    receiver.answers.append(400)
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    await worker.wait_for(lambda: worker.stats.failed >= 1)
    [failed] = await deliveries(hook_api, owner["token"], endpoint["id"])
    again = (await hook_api.data(REDELIVER, {"id": failed["id"]}, owner["token"]))[
        "redeliverWebhookDelivery"
    ]
    assert again["userErrors"] == [] and again["delivery"]["eventId"] == failed["eventId"]
    first, second = await receiver.wait_for(2)
    assert first.event_id == second.event_id and first.body == second.body
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    rows = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert [r["status"] for r in rows] == ["SUCCEEDED", "FAILED"]


async def test_send_test_webhook_posts_a_ping(hook_api: Api, owner, receiver: Receiver):
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    sent = (await hook_api.data(SEND_TEST, {"id": endpoint["id"]}, owner["token"]))[
        "sendTestWebhook"
    ]
    assert sent["delivery"]["eventType"] == "PING"
    [got] = await receiver.wait_for(1)
    body = verified(endpoint["secret"], got)
    assert body["type"] == "PING" and body["data"] == {"endpointId": endpoint["id"]}
    assert got.event_id == sent["delivery"]["eventId"]


async def test_twenty_failures_in_a_row_turn_the_endpoint_off_and_tell_the_owners(
    hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    admin = await hook_api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")
    receiver.default = 410
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "CONTACT_CREATED")
    create = "mutation($input: CreateContactInput!) { createContact(input: $input) { userErrors { code } } }"
    for i in range(20):
        await hook_api.mutate(create, {"firstName": f"P{i}", "lastName": "Q"}, owner["token"])
    await worker.wait_for(lambda: worker.stats.disabled >= 1)
    await hook_api.mutate(create, {"firstName": "Late", "lastName": "Q"}, owner["token"])
    await worker.idle()
    assert len(receiver.received) == 20  # a turned-off endpoint is sent nothing
    seen = (
        await hook_api.data(DELIVERIES, {"id": endpoint["id"], "status": "FAILED"}, owner["token"])
    )["node"]
    assert seen["enabled"] is False and "20 failed attempts" in seen["disabledReason"]
    assert seen["deliveries"]["totalCount"] == 20
    notes = (await hook_api.data(NOTIFICATIONS, token=owner["token"]))["notifications"]["edges"]
    assert [n["node"]["kind"] for n in notes] == ["WEBHOOK_ENDPOINT_DISABLED"]
    assert "127.0.0.1" in notes[0]["node"]["title"]
    admins = (await hook_api.data(NOTIFICATIONS, token=admin["token"]))["notifications"]["edges"]
    assert admins == []
    receiver.default = 200
    await hook_api.mutate(UPDATE, {"id": endpoint["id"], "enabled": True}, owner["token"])
    await hook_api.mutate(create, {"firstName": "Again", "lastName": "Q"}, owner["token"])
    [*_, again] = await receiver.wait_for(21)
    assert again.json["data"]["firstName"] == "Again"
    await worker.wait_for(lambda: worker.stats.succeeded >= 1)
    row = await models.WebhookEndpoint.get()
    assert (row.enabled, row.disabled_reason, row.consecutive_failures) == (True, None, 0)


async def test_a_host_that_became_private_is_refused_at_delivery(
    hook_settings: Settings, hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    endpoint = await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_CREATED")
    await worker.stop()
    guarded = WebhookWorker(dataclasses.replace(hook_settings, webhook_allow_private=False))
    guarded.start()
    try:
        await hook_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
        await guarded.wait_for(lambda: guarded.stats.failed >= 1)
    finally:
        await guarded.stop()
    assert receiver.received == []
    [row] = await deliveries(hook_api, owner["token"], endpoint["id"])
    assert row["status"] == "FAILED" and row["lastError"].startswith("Refused")


async def test_several_workers_post_each_delivery_once(
    hook_settings: Settings, hook_api: Api, owner, receiver: Receiver, worker: WebhookWorker
):
    await endpoint_for(hook_api, owner["token"], receiver.url, "ACCOUNT_UPDATED")
    await worker.stop()
    firm_id = (await models.Firm.get()).id
    async with in_transaction():
        for i in range(60):
            await events.record(firm_id, WebhookEventType.ACCOUNT_UPDATED, {"n": i})
    workers = [WebhookWorker(hook_settings) for _ in range(3)]
    for w in workers:
        w.start()
    try:
        await receiver.wait_for(60, timeout=60)
        await asyncio.gather(*(w.idle() for w in workers))
    finally:
        await asyncio.gather(*(w.stop() for w in workers))
    ids = [r.event_id for r in receiver.received]
    assert len(ids) == len(set(ids)) == 60
    assert await models.WebhookDelivery.filter(status="SUCCEEDED", attempts=1).count() == 60


async def test_client_activated_is_one_event_per_account_opened(
    hook_api: Api, owner, receiver: Receiver, smtp_server: SmtpServer
):
    token = owner["token"]
    endpoint = await endpoint_for(hook_api, token, receiver.url, "CLIENT_ACTIVATED")
    first = await hook_api.individual(token, "Jane", "Doe", "jane@example.com", login=True)
    contact_id = first["contacts"][0]["contact"]["id"]
    second = (
        await hook_api.create_account(
            token,
            type="INDIVIDUAL",
            name="Doe Holdings",
            contacts=[
                {
                    "contactId": contact_id,
                    "emailToggles": [{"address": "jane@example.com", "login": True}],
                }
            ],
        )
    )["account"]
    await invite(hook_api, token, first_email_id(first))
    [mail] = await smtp_server.wait_for(1)
    await activate(hook_api, link_of(mail)[1])
    got = await receiver.wait_for(2)
    bodies = [verified(endpoint["secret"], g) for g in got]
    assert {b["type"] for b in bodies} == {"CLIENT_ACTIVATED"}
    assert {b["data"]["accountId"] for b in bodies} == {first["id"], second["id"]}
    assert {b["data"]["accountEmailId"] for b in bodies} == {
        first_email_id(first),
        first_email_id(second),
    }
    assert {b["data"]["contactId"] for b in bodies} == {contact_id}
    assert len({g.event_id for g in got}) == 2


async def test_toggles_archive_and_updates_are_reported(hook_api: Api, owner, receiver: Receiver):
    token = owner["token"]
    await endpoint_for(
        hook_api,
        token,
        receiver.url,
        "CONTACT_TOGGLES_CHANGED",
        "ACCOUNT_ARCHIVED",
        "ACCOUNT_RESTORED",
        "ACCOUNT_UPDATED",
    )
    account = await hook_api.individual(token, "Jane", "Doe", "jane@example.com")
    await hook_api.mutate(TOGGLES, {"id": first_email_id(account), "notify": True}, token)
    update = "mutation($input: UpdateAccountInput!) { updateAccount(input: $input) { userErrors { code } } }"
    await hook_api.mutate(update, {"id": account["id"], "companyName": "Doe Ltd"}, token)
    archive = "mutation($id: ID!) { archiveAccount(id: $id) { userErrors { code } } }"
    restore = "mutation($id: ID!) { restoreAccount(id: $id) { userErrors { code } } }"
    await hook_api.data(archive, {"id": account["id"]}, token)
    await hook_api.data(restore, {"id": account["id"]}, token)
    got = await receiver.wait_for(4)
    by_type = {g.json["type"]: g.json["data"] for g in got}
    assert by_type["CONTACT_TOGGLES_CHANGED"]["changes"] == {"notify": True}
    assert by_type["CONTACT_TOGGLES_CHANGED"]["accountEmailId"] == first_email_id(account)
    assert by_type["ACCOUNT_UPDATED"]["changes"]["companyName"] == "Doe Ltd"
    assert "companyName" in by_type["ACCOUNT_UPDATED"]["changedFields"]
    assert by_type["ACCOUNT_ARCHIVED"]["archivedAt"] is not None
    assert by_type["ACCOUNT_RESTORED"] == {"accountId": account["id"], "archivedAt": None}
