"""Webhook endpoints: who may manage them, what URLs they take, and their secrets."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app import models
from app.settings import Settings
from app.web.app import create_app
from tests.support.documents.webhooks import CREATE, ENDPOINT_FIELDS, UPDATE
from tests.support.graphql import Api, codes

DELETE = f"""
mutation($id: ID!) {{
  deleteWebhookEndpoint(id: $id) {{
    endpoint {{ {ENDPOINT_FIELDS} }}
    userErrors {{ field message code }}
  }}
}}"""

ROTATE = """
mutation($id: ID!) {
  rotateWebhookSecret(id: $id) { endpoint { id } secret userErrors { field code } }
}"""

ENDPOINTS = f"{{ webhookEndpoints {{ {ENDPOINT_FIELDS} }} }}"

NODE = """
query($id: ID!) { node(id: $id) { id ... on WebhookEndpoint { url } } }"""


@pytest.fixture
def public_only(settings: Settings) -> Settings:
    return dataclasses.replace(settings, webhook_allow_private=False)


@pytest.fixture
async def guarded_api(public_only: Settings) -> AsyncIterator[Api]:
    """The API of an app that refuses private webhook targets (the default)."""
    app = create_app(public_only, manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield Api(client)


@pytest.fixture
async def open_api(settings: Settings) -> AsyncIterator[Api]:
    """The API of an app that lets webhooks go to private addresses (as tests need)."""
    app = create_app(
        dataclasses.replace(settings, webhook_allow_private=True), manage_database=False
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        yield Api(client)


async def create(api: Api, token: str, **input: Any) -> dict[str, Any]:
    input.setdefault("url", "http://127.0.0.1:9/hooks")
    input.setdefault("events", ["ACCOUNT_CREATED"])
    return await api.mutate(CREATE, input, token)


async def test_an_owner_registers_an_endpoint_and_gets_its_secret_once(open_api: Api, owner):
    payload = await create(
        open_api,
        owner["token"],
        events=["CLIENT_ACTIVATED", "ACCOUNT_CREATED"],
        description=" CRM sync ",
    )
    secret = payload["secret"]
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    endpoint = payload["endpoint"]
    assert endpoint["events"] == ["CLIENT_ACTIVATED", "ACCOUNT_CREATED"]
    assert endpoint["description"] == "CRM sync"
    assert endpoint["enabled"] is True and endpoint["disabledReason"] is None
    listed = (await open_api.data(ENDPOINTS, token=owner["token"]))["webhookEndpoints"]
    assert listed == [endpoint]
    row = await models.WebhookEndpoint.get()
    assert row.secret == secret and row.url == "http://127.0.0.1:9/hooks"


async def test_rotating_the_secret_answers_a_new_one_and_keeps_only_it(open_api: Api, owner):
    first = await create(open_api, owner["token"])
    rotated = await open_api.data(ROTATE, {"id": first["endpoint"]["id"]}, owner["token"])
    secret = rotated["rotateWebhookSecret"]["secret"]
    assert secret.startswith("whsec_") and secret != first["secret"]
    assert (await models.WebhookEndpoint.get()).secret == secret


async def test_updating_sets_only_what_is_given(open_api: Api, owner):
    endpoint = (await create(open_api, owner["token"], description="first"))["endpoint"]
    changed = await open_api.mutate(
        UPDATE,
        {"id": endpoint["id"], "events": ["CONTACT_CREATED"], "enabled": False},
        owner["token"],
    )
    assert changed["endpoint"]["events"] == ["CONTACT_CREATED"]
    assert changed["endpoint"]["enabled"] is False
    assert changed["endpoint"]["description"] == "first"
    row = await models.WebhookEndpoint.get()
    assert (row.events, row.enabled, row.description) == (["CONTACT_CREATED"], False, "first")
    cleared = await open_api.mutate(
        UPDATE, {"id": endpoint["id"], "description": None}, owner["token"]
    )
    assert cleared["endpoint"]["description"] is None


async def test_bad_input_changes_nothing_and_names_each_field(open_api: Api, owner):
    errors = (
        await open_api.data(
            CREATE,
            {"input": {"url": "ftp://example.com/x", "events": [], "description": "x" * 501}},
            owner["token"],
        )
    )["createWebhookEndpoint"]["userErrors"]
    assert {(tuple(e["field"]), e["code"]) for e in errors} == {
        (("input", "url"), "INVALID"),
        (("input", "events"), "REQUIRED"),
        (("input", "description"), "INVALID"),
    }
    assert await models.WebhookEndpoint.all().count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hooks",
        "http://localhost:8080/hooks",
        "https://10.1.2.3/hooks",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hooks",
        "http://[fe80::1]/hooks",
        "http://0.0.0.0/",
        "http://user:pass@93.184.215.14/",
        "javascript:alert(1)",
        "http:///no-host",
    ],
)
async def test_private_and_malformed_urls_are_refused(guarded_api: Api, owner, url: str):
    errors = await guarded_api.user_errors(CREATE, {"url": url, "events": ["PING"]}, owner["token"])
    assert errors == ["INVALID"]
    assert await models.WebhookEndpoint.all().count() == 0


async def test_a_public_address_is_taken(guarded_api: Api, owner):
    payload = await create(guarded_api, owner["token"], url="https://93.184.215.14/hooks")
    assert payload["endpoint"]["url"] == "https://93.184.215.14/hooks"


async def test_changing_the_url_to_a_private_one_is_refused(guarded_api: Api, owner):
    endpoint = (await create(guarded_api, owner["token"], url="https://93.184.215.14/hooks"))[
        "endpoint"
    ]
    errors = await guarded_api.user_errors(
        UPDATE, {"id": endpoint["id"], "url": "http://127.0.0.1:5432/"}, owner["token"]
    )
    assert errors == ["INVALID"]
    assert (await models.WebhookEndpoint.get()).url == "https://93.184.215.14/hooks"


async def test_only_owners_and_admins_manage_webhooks(open_api: Api, owner):
    admin = await open_api.create_staff(owner["token"], "admin@acme.example", role="ADMIN")
    employee = await open_api.create_staff(
        owner["token"], "sam@acme.example", manageAccounts=True, viewAllAccounts=True
    )
    await create(open_api, admin["token"])
    body = await open_api.post(ENDPOINTS, token=employee["token"])
    assert codes(body) == ["FORBIDDEN"]
    body = await open_api.post(
        CREATE, {"input": {"url": "http://127.0.0.1/", "events": ["PING"]}}, employee["token"]
    )
    assert codes(body) == ["FORBIDDEN"]
    assert codes(await open_api.post(ENDPOINTS)) == ["UNAUTHENTICATED"]
    assert await models.WebhookEndpoint.all().count() == 1


async def test_another_firms_endpoint_is_not_found(open_api: Api, owner):
    other = await open_api.create_firm("Other Tax", "other-tax", "owner@other.example")
    endpoint = (await create(open_api, owner["token"]))["endpoint"]
    assert (await open_api.data(ENDPOINTS, token=other["token"]))["webhookEndpoints"] == []
    assert (await open_api.data(NODE, {"id": endpoint["id"]}, other["token"]))["node"] is None
    for document, variables in (
        (DELETE, {"id": endpoint["id"]}),
        (ROTATE, {"id": endpoint["id"]}),
        (UPDATE, {"input": {"id": endpoint["id"], "enabled": False}}),
    ):
        payload = next(iter((await open_api.data(document, variables, other["token"])).values()))
        assert [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    row = await models.WebhookEndpoint.get()
    assert row.enabled is True
    found = await open_api.data(NODE, {"id": endpoint["id"]}, owner["token"])
    assert found["node"]["url"] == row.url


async def test_deleting_removes_the_endpoint_and_its_deliveries(open_api: Api, owner):
    endpoint = (await create(open_api, owner["token"]))["endpoint"]
    await open_api.individual(owner["token"], "Jane", "Doe", "jane@example.com")
    assert await models.WebhookDelivery.all().count() == 1
    deleted = await open_api.data(DELETE, {"id": endpoint["id"]}, owner["token"])
    assert deleted["deleteWebhookEndpoint"]["endpoint"]["id"] == endpoint["id"]
    assert await models.WebhookEndpoint.all().count() == 0
    assert await models.WebhookDelivery.all().count() == 0
