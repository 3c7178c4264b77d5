"""Query cost over HTTP: `extensions.cost`, the per-operation cap (MAX_COST_EXCEEDED, nothing
run), budgets shared by every app instance on the database (THROTTLED, 429 + Retry-After),
and budgets turned off."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from app.accounts.models import Account
from app.firms.models import StaffMember
from app.rate_limits.models import CostBucket
from app.settings import CostBudget, Settings
from app.web.app import create_app
from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.graphql import Api, codes
from tests.support.ws import receive, signed_in, socket, subscribe_inbox

GRAPHQL_RESPONSE = "application/graphql-response+json"
VIEWER = "{ viewer { firm { id } } }"
TAGS_PAGE = "{ accounts(first: 50) { edges { node { tags { name } } } } }"
# 15 x (viewer, firm, staff, rights): 60 points, none of them a page, so none given back.
SIXTY = (
    "{ "
    + " ".join(
        f"v{i}: viewer {{ firm {{ id }} staff {{ accessRights {{ manageAccounts }} }} }}"
        for i in range(15)
    )
    + " }"
)
# 25 pages of 100 emails at 4 points each, under a created account: 10 + 1 + 25 x 401 + 1.
EMAILS = "emails(first: 100) { edges { node { attachments { document { id } } sentBy { accessRights { manageAccounts } } } } }"
TOO_DEAR = (
    "mutation($input: CreateAccountInput!) { createAccount(input: $input) { account { "
    + " ".join(f"e{i}: {EMAILS}" for i in range(25))
    + " } userErrors { code } } }"
)
SMALL = CostBudget(100, 1.0)  # one 60-point request, then 20 s to wait for the next


def small_budgets(settings: Settings, **changes: Any) -> Settings:
    return dataclasses.replace(settings, person_cost_budget=SMALL, **changes)


@asynccontextmanager
async def app_api(settings: Settings) -> AsyncIterator[Api]:
    """An app instance of its own (as another server process would be), on the test database."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Api(client)


async def post(api: Api, query: str, token: str | None, accept: str = "application/json"):
    headers = {"accept": accept, **({"authorization": f"Bearer {token}"} if token else {})}
    return await api.client.post("/graphql", json={"query": query}, headers=headers)


async def test_a_signed_in_answer_carries_its_cost_and_budget(api: Api, owner):
    token = owner["token"]
    for name in ("Jane", "John"):
        await api.individual(token, name, "Doe", f"{name.lower()}@example.com")
    sam = await api.create_staff(token, "sam@acme.example", viewAllAccounts=True)
    body = await api.post(TAGS_PAGE, token=sam["token"])  # sam's first request
    assert body["extensions"] == {
        "cost": {
            "requestedQueryCost": 1 + 50,
            "actualQueryCost": 1 + 2,  # two accounts came back
            "throttleStatus": {
                "maximumAvailable": 20_000,
                "currentlyAvailable": 20_000 - 3,  # the 48 points not used were given back
                "restoreRate": 1000,
            },
        }
    }


async def test_a_mutation_costs_10_and_its_payload(api: Api, owner):
    body = await api.post("mutation { signOut { userErrors { code } } }", token=owner["token"])
    assert body["data"] == {"signOut": {"userErrors": []}}
    cost = body["extensions"]["cost"]
    assert (cost["requestedQueryCost"], cost["actualQueryCost"]) == (11, 11)


async def test_anonymous_answers_carry_no_cost(api: Api):
    body = await api.post("{ __typename }")
    assert body == {"data": {"__typename": "Query"}}
    refused = await api.post(
        VIEWER.replace("viewer", "accounts").replace("firm { id }", "totalCount")
    )
    assert codes(refused) == ["UNAUTHENTICATED"] and "extensions" not in refused


async def test_over_the_cap_nothing_runs(api: Api, owner):
    contact = {"firstName": "Jane", "lastName": "Doe"}
    variables = {"input": {"type": "INDIVIDUAL", "contacts": [{"contact": contact}]}}
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await api.client.post(
            "/graphql",
            json={"query": TOO_DEAR, "variables": variables},
            headers={"authorization": f"Bearer {owner['token']}", "accept": accept},
        )
        body = response.json()
        assert codes(body) == ["MAX_COST_EXCEEDED"], body
        error = body["errors"][0]
        assert error["extensions"] == {
            "code": "MAX_COST_EXCEEDED",
            "cost": 10 + 1 + 25 * 401 + 1,
            "maximumCost": 10_000,
        }
        assert "10,037" in error["message"] and "10,000" in error["message"]
        assert body.get("data") is None
        assert response.status_code == (400 if accept == GRAPHQL_RESPONSE else 200)
    assert await Account.all().count() == 0  # the mutation did not run
    assert await CostBucket.all().count() == 0  # and nothing was charged


async def test_the_cap_holds_for_anonymous_calls_and_with_budgets_off(settings: Settings):
    query = "{ accounts(first: 100) { edges { node { " + EMAILS + " } } } }"  # 1 + 100 x 401
    async with app_api(dataclasses.replace(settings, cost_budgets=False)) as api:
        assert codes(await api.post(query)) == ["MAX_COST_EXCEEDED"]


async def test_over_budget_is_throttled_with_the_time_to_wait(settings: Settings):
    async with app_api(small_budgets(settings)) as api:
        owner = await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
        spent = await api.post(SIXTY, token=owner["token"])
        assert spent["extensions"]["cost"]["throttleStatus"] == {
            "maximumAvailable": 100,
            "currentlyAvailable": 40,
            "restoreRate": 1,
        }
        for accept in (GRAPHQL_RESPONSE, "application/json"):
            response = await post(api, SIXTY, owner["token"], accept)
            body = response.json()
            assert codes(body) == ["THROTTLED"], body
            wait = body["errors"][0]["extensions"]["retryAfterSeconds"]
            assert 19 < wait <= 20  # 20 points missing, 1 restored a second
            assert body["extensions"]["cost"]["requestedQueryCost"] == 60
            assert body["extensions"]["cost"]["actualQueryCost"] == 0
            if accept == GRAPHQL_RESPONSE:
                assert response.status_code == 429 and "data" not in body
                assert response.headers["retry-after"] == "20"
            else:
                assert response.status_code == 200 and body["data"] is None
        # A refused request takes nothing: a cheap one still passes.
        cheap = await api.post(VIEWER, token=owner["token"])
        assert 38 <= cheap["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] <= 40


async def test_parallel_requests_cannot_overspend(settings: Settings):
    async with app_api(small_budgets(settings)) as api:
        owner = await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
        bodies = await asyncio.gather(*(api.post(SIXTY, token=owner["token"]) for _ in range(8)))
    assert sorted(codes(b) for b in bodies) == [[]] + [["THROTTLED"]] * 7


async def test_every_app_instance_spends_from_the_same_bucket(settings: Settings):
    settings = small_budgets(settings)
    async with app_api(settings) as first, app_api(settings) as second:
        owner = await first.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
        assert "errors" not in await first.post(SIXTY, token=owner["token"])
        assert codes(await second.post(SIXTY, token=owner["token"])) == ["THROTTLED"]
        # Each person has a bucket of their own.
        sam = await first.create_staff(owner["token"], "sam@acme.example")
        assert "errors" not in await second.post(SIXTY, token=sam["token"])


async def test_budgets_off_throttle_no_one(settings: Settings):
    async with app_api(small_budgets(settings, cost_budgets=False)) as api:
        owner = await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
        for _ in range(3):
            body = await api.post(SIXTY, token=owner["token"])
            assert "errors" not in body
            assert body["extensions"]["cost"] == {
                "requestedQueryCost": 60,
                "actualQueryCost": 60,
                "throttleStatus": None,
            }
    assert await CostBucket.all().count() == 0


@pytest.mark.parametrize(("value", "on"), [("off", False), ("false", False), ("on", True)])
def test_the_setting(value: str, on: bool):
    assert Settings.from_env({"CRM_COST_BUDGETS": value}).cost_budgets is on
    assert Settings.from_env({}).cost_budgets is True


def test_a_bad_setting_names_it():
    with pytest.raises(ValueError, match="CRM_COST_BUDGETS must be"):
        Settings.from_env({"CRM_COST_BUDGETS": "sometimes"})


async def test_a_live_server_charges_http_but_not_subscription_events(live: str, live_api: Api):
    owner = await live_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await live_api.create_staff(owner["token"], "sam@acme.example")
    async with socket(live) as ws:
        await signed_in(ws, sam["token"])
        await subscribe_inbox(ws, live_api, sam["token"])  # over HTTP, charged
        contact = {"firstName": "C", "lastName": "Doe"}
        body = await live_api.post(
            CREATE_ACCOUNT,
            {
                "input": {
                    "type": "OTHER",
                    "teamMemberIds": [sam["id"]],
                    "contacts": [{"contact": contact}],
                }
            },
            owner["token"],
        )
        assert body["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 20_000
        event = await receive(ws)
        assert (
            event["type"] == "next"
            and event["payload"]["data"]["inbox"]["kind"] == "ACCOUNT_ASSIGNED"
        )
        assert "extensions" not in event["payload"]
    # The server process keeps its buckets in the database every process shares.
    staff = await StaffMember.all().values_list("id", flat=True)
    assert set(await CostBucket.all().values_list("key", flat=True)) == {
        f"staff:{id}" for id in staff
    }
