"""The server CPU that query cost takes on a page of accounts, measured two ways.

Whole requests: the same requests through the real app (in this process, over ASGI) without
the cost extension, with it and budgets off (pricing, the cap, the actual cost: what the
measured server does), and with budgets on (plus the budget's statement; a budget too large
to throttle, so every request runs). The configurations take turns, so a slower moment of
the machine hits each alike; the figure is CPU seconds of this process per request (server
and in-process client together: the client's part is the same in each). The differences are
small against a page's own cost, so they need a quiet machine and many requests.

Its parts alone (precise on any machine): the cached plan and the actual cost read from a
real answer of the page, and the budget's statement on the same database.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from graphql import parse

from app import db
from app.api.schema import schema
from app.graphql.cost.extension import PLANS, QueryCost
from app.rate_limits import budgets
from app.settings import CostBudget, Settings
from app.web.app import create_app

CONFIGURATIONS = ("without", "budgets_off", "budgets_on")
TURNS = 5


async def measure_cost(
    database_url: str, token: str, body: dict[str, Any], requests: int
) -> dict[str, Any]:
    """CPU µs per page request in each configuration, and what cost adds (`*_us` deltas)."""
    await db.open_database(database_url)
    try:
        base = Settings(database_url=database_url, cost_budgets=False)
        endless = CostBudget(10**12, 10**9)
        on = dataclasses.replace(base, cost_budgets=True, person_cost_budget=endless)
        spent = dict.fromkeys(CONFIGURATIONS, 0.0)
        per_turn = max(1, requests // TURNS)
        for _ in range(TURNS):
            for name in CONFIGURATIONS:
                settings = on if name == "budgets_on" else base
                async with _client(settings, with_cost=name != "without") as client:
                    spent[name] += await _cpu_of(client, token, body, per_turn)
        parts = await _parts(base, token, body)
    finally:
        await db.close_database()
    us = {name: round(spent[name] / (per_turn * TURNS) * 1e6, 1) for name in CONFIGURATIONS}
    return {
        "requests": per_turn * TURNS,
        "cpu_us_per_request": us,
        "analysis_us": round(us["budgets_off"] - us["without"], 1),
        "analysis_and_budget_us": round(us["budgets_on"] - us["without"], 1),
        **parts,
    }


async def _parts(settings: Settings, token: str, body: dict[str, Any]) -> dict[str, float]:
    """CPU µs of pricing (a cached plan, and the actual cost of a real answer) and of one
    take from a budget, each alone."""
    async with _client(settings, with_cost=True) as client:
        response = await client.post("/graphql", json=body, headers=_auth(token))
    data = response.json()["data"]
    query, variables = body["query"], body.get("variables")
    document = parse(query)
    started, rounds = time.process_time(), 2000
    for _ in range(rounds):
        text = query.encode().decode()  # a new string, as each request brings its own
        PLANS.plan(schema._schema, text, document, None, variables).actual(data)
    pricing = (time.process_time() - started) / rounds
    endless = CostBudget(10**12, 10**9)
    started, takes = time.process_time(), 300
    for _ in range(takes):
        await budgets.take("bench:cost", endless, 351)
    take = (time.process_time() - started) / takes
    return {"pricing_us": round(pricing * 1e6, 1), "budget_take_us": round(take * 1e6, 1)}


@asynccontextmanager
async def _client(settings: Settings, *, with_cost: bool) -> AsyncIterator[httpx.AsyncClient]:
    kept = schema.extensions
    if not with_cost:  # the schema as it was before query cost, for the comparison only
        schema.extensions = tuple(e for e in kept if e is not QueryCost)
    try:
        transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            yield client
    finally:
        schema.extensions = kept


async def _cpu_of(client: httpx.AsyncClient, token: str, body: dict[str, Any], n: int) -> float:
    headers = _auth(token)
    for _ in range(1):  # warm: parser, validation and plan caches, connections
        await _post(client, body, headers)
    started = time.process_time()
    for _ in range(n):
        await _post(client, body, headers)
    return time.process_time() - started


async def _post(client: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]) -> None:
    response = await client.post("/graphql", json=body, headers=headers)
    if response.status_code != 200 or "errors" in response.json():
        raise RuntimeError(f"bad answer while measuring cost: {response.text[:500]}")


def _auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}
