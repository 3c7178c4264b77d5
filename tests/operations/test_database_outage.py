"""A database that hangs, stops or stays locked: every request answers UNAVAILABLE within the
deadline (CRM_DB_TIMEOUT_SECONDS), /readyz within 2 s, WebSockets close with 1013, and the
server heals when the database comes back. Real `crm serve` processes on a private
PostgreSQL that the tests freeze (SIGSTOP) and kill, and on an SQLite file they lock."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from uuid import uuid4

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.documents.firms import SIGN_IN
from tests.support.graphql import PASSWORD, Api, codes
from tests.support.live_server import Output, crm_env, crm_serve
from tests.support.outage import PrivatePostgres
from tests.support.ws import init, socket

T = TypeVar("T")
# The servers here wait at most 1 s for the database; an answer may take a little longer
# (the statement's deadline, then closing the connection), never the 60-90 s of old.
DEADLINE = "1"
PROMPT = 3.0
VIEWER = "{ viewer { firm { slug } } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(scope="module")
def output() -> Output:
    return Output()


@pytest.fixture(scope="module")
def server(
    private_postgres: PrivatePostgres, tmp_path_factory: pytest.TempPathFactory, output: Output
) -> Iterator[str]:
    """One server for the module: each test leaves the database running and thawed. Its
    mail worker looks for mail five times a second (and so meets an outage at once)."""
    env = crm_env(
        CRM_DATABASE_URL=private_postgres.url,
        CRM_DB_TIMEOUT_SECONDS=DEADLINE,
        CRM_MAIL_POLL_SECONDS="0.2",
    )
    with crm_serve(env, tmp_path_factory.mktemp("serve"), output=output) as base:
        yield base


@pytest.fixture
async def client(server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        yield client


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> dict[str, Any]:
    slug = f"firm-{uuid4().hex[:8]}"
    return await Api(client).create_firm("Outage Tax", slug, f"owner@{slug}.example")


async def logged_since(output: Output, start: int, text: str, timeout: float = 10) -> None:
    """Wait for a line holding `text` among those the server wrote after the first `start`."""
    deadline = time.monotonic() + timeout
    while not any(text in line for line in output.lines[start:]):
        assert time.monotonic() < deadline, f"no {text!r} in:\n{''.join(output.lines[start:])}"
        await asyncio.sleep(0.05)


async def timed(call: Awaitable[T]) -> tuple[float, T]:
    started = time.monotonic()
    result = await call
    return time.monotonic() - started, result


def post(client: httpx.AsyncClient, query: str, token: str | None = None, **variables: Any):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


async def test_a_frozen_database_answers_unavailable_promptly_and_heals(
    private_postgres: PrivatePostgres, client: httpx.AsyncClient, owner: dict[str, Any]
):
    token = owner["token"]
    sign_in = {"email": "nobody@example.com", "password": PASSWORD}
    account = {"type": "INDIVIDUAL", "contacts": [{"contact": {"firstName": "A", "lastName": "B"}}]}
    with private_postgres.frozen():
        # More callers than the pool has connections: none may wait behind another for ever.
        answers = await asyncio.gather(
            *(timed(post(client, VIEWER, token)) for _ in range(8)),
            timed(post(client, SIGN_IN, None, input=sign_in)),
            timed(post(client, CREATE_ACCOUNT, token, input=account)),
            timed(client.get("/readyz")),
        )
        *graphql, (ready_seconds, ready) = answers
        for seconds, response in graphql:
            assert seconds < PROMPT, seconds
            assert response.status_code == 200  # application/json: always 200, as the spec asks
            assert response.headers["content-type"].startswith("application/json")
            body = response.json()
            assert codes(body) == ["UNAVAILABLE"] and body["data"] is None, body
            assert "try again" in body["errors"][0]["message"]
        assert ready_seconds < 2.0 and ready.status_code == 503
        assert ready.json()["database"] == "down"
    # Thawed: the very next calls work, on fresh connections.
    assert (await post(client, VIEWER, token)).json()["data"]["viewer"]["firm"]["slug"]
    created = (await post(client, CREATE_ACCOUNT, token, input=account)).json()
    assert created["data"]["createAccount"]["account"]["name"] == "A B"
    assert (await client.get("/readyz")).status_code == 200


async def test_graphql_response_json_gets_503_without_data(
    private_postgres: PrivatePostgres, client: httpx.AsyncClient, owner: dict[str, Any]
):
    headers = {"Accept": GRAPHQL_RESPONSE, "Authorization": f"Bearer {owner['token']}"}
    sign_in = {"email": "nobody@example.com", "password": PASSWORD}
    with private_postgres.frozen():
        # Refused while signing the request in, and failed during execution (no token).
        before = client.post("/graphql", json={"query": VIEWER}, headers=headers)
        during = client.post(
            "/graphql",
            json={"query": SIGN_IN, "variables": {"input": sign_in}},
            headers={"Accept": GRAPHQL_RESPONSE},
        )
        for response in await asyncio.gather(before, during):
            assert response.status_code == 503, response.text
            assert response.headers["content-type"] == GRAPHQL_RESPONSE
            assert response.headers["retry-after"] == "2"
            body = response.json()
            assert "data" not in body and codes(body) == ["UNAVAILABLE"], body


async def test_a_stopped_database_answers_unavailable_not_a_bare_500(
    private_postgres: PrivatePostgres,
    client: httpx.AsyncClient,
    owner: dict[str, Any],
    output: Output,
):
    logged = len(output.lines)
    private_postgres.stop()
    try:
        with_token = await post(client, VIEWER, owner["token"])
        sign_in = {"email": "nobody@example.com", "password": PASSWORD}
        anonymous = await post(client, SIGN_IN, None, input=sign_in)
        for response in (with_token, anonymous):
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("application/json"), response.text
            assert codes(response.json()) == ["UNAVAILABLE"], response.text
        assert (await client.get("/readyz")).status_code == 503
        await logged_since(output, logged, "mail worker: the database is not answering")
    finally:
        private_postgres.start()
    assert (await post(client, VIEWER, owner["token"])).json()["data"]["viewer"]["firm"]
    await logged_since(output, logged, "mail worker: the database answers again")
    # The outage is a few lines in the log, one per failed request, never a traceback; the
    # mail worker, which tried five times a second, said it once.
    during = "".join(output.lines[logged:])
    assert "Traceback" not in during, during
    assert during.count("mail worker: the database is not answering") == 1, during


async def test_a_websocket_is_told_to_try_again_later(
    private_postgres: PrivatePostgres, server: str, owner: dict[str, Any]
):
    async with socket(server) as ws:
        with private_postgres.frozen():
            started = time.monotonic()
            await init(ws, {"Authorization": f"Bearer {owner['token']}"})
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), PROMPT)
            assert time.monotonic() - started < PROMPT
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013


async def test_a_locked_sqlite_database_answers_unavailable_after_the_deadline(tmp_path: Path):
    path = tmp_path / "crm.sqlite3"
    env = crm_env(CRM_DATABASE_URL=f"sqlite://{path}", CRM_DB_TIMEOUT_SECONDS=DEADLINE)
    with crm_serve(env, tmp_path) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            owner = await Api(client).create_firm("Locked Tax", "locked-tax", "o@locked.example")
            account = {
                "type": "INDIVIDUAL",
                "contacts": [{"contact": {"firstName": "A", "lastName": "B"}}],
            }
            # Another program holds the write lock (a backup, a long script).
            holder = sqlite3.connect(path, isolation_level=None)
            try:
                holder.execute("BEGIN IMMEDIATE")
                seconds, response = await timed(
                    post(client, CREATE_ACCOUNT, owner["token"], input=account)
                )
                assert codes(response.json()) == ["UNAVAILABLE"], response.text
                assert seconds < PROMPT
            finally:
                holder.rollback()
                holder.close()
            created = (await post(client, CREATE_ACCOUNT, owner["token"], input=account)).json()
            assert created["data"]["createAccount"]["account"]["name"] == "A B"
