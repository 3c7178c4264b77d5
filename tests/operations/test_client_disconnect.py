"""A request that outlives its client: a real `crm serve` on a private PostgreSQL, whose
`account` table the test locks so a request waits there, deterministically. When the client
hangs up, a query stops (its statement is cancelled on the server and the log says so); a
mutation goes on and commits once the lock is gone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import uuid4

import asyncpg
import httpx
import pytest

from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.graphql import Api
from tests.support.live_server import Output, crm_env, crm_serve
from tests.support.outage import PrivatePostgres, until, waiting_on_the_lock


@pytest.fixture
def output() -> Output:
    return Output()


@pytest.fixture
def server(private_postgres: PrivatePostgres, tmp_path: Path, output: Output) -> Iterator[str]:
    # A long database deadline: here only the client's leaving may stop the work.
    env = crm_env(CRM_DATABASE_URL=private_postgres.url, CRM_DB_TIMEOUT_SECONDS="60")
    with crm_serve(env, tmp_path, output=output) as base:
        yield base


@pytest.fixture
async def owner(server: str) -> dict[str, Any]:
    slug = f"firm-{uuid4().hex[:8]}"
    async with httpx.AsyncClient(base_url=server, timeout=30) as client:
        return await Api(client).create_firm("Leaving Tax", slug, f"owner@{slug}.example")


@pytest.fixture
async def watcher(private_postgres: PrivatePostgres) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own, outside any transaction (pg_stat_activity is read
    afresh on each statement)."""
    conn = await asyncpg.connect(private_postgres.url)
    yield conn
    await conn.close()


async def send_and_hang_up(
    base: str, query: str, token: str, variables: dict[str, Any], watcher: asyncpg.Connection
) -> None:
    """Post the request over a raw connection; once the server waits on the lock, close it."""
    url = urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    body = json.dumps({"query": query, "variables": variables}).encode()
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    await until(lambda: _is_waiting(watcher))
    writer.close()
    await writer.wait_closed()


async def _is_waiting(watcher: asyncpg.Connection) -> bool:
    return await waiting_on_the_lock(watcher) == 1


async def test_a_query_whose_client_left_is_cancelled(
    private_postgres: PrivatePostgres,
    server: str,
    owner: dict[str, Any],
    output: Output,
    watcher: asyncpg.Connection,
):
    holder = await asyncpg.connect(private_postgres.url)
    try:
        async with holder.transaction():
            await holder.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE")
            await send_and_hang_up(
                server, "{ accounts { totalCount } }", owner["token"], {}, watcher
            )
            # While the lock is still held, the statement stops waiting: it was cancelled.
            await until(lambda: _none_waiting(watcher), timeout=5)
            line = output.wait_for("query cancelled", timeout=5)
            assert "client disconnected" in line
    finally:
        await holder.close()
    access = output.wait_for("POST /graphql 499")
    assert "POST /graphql 499" in access


async def _none_waiting(watcher: asyncpg.Connection) -> bool:
    return await waiting_on_the_lock(watcher) == 0


async def test_a_mutation_whose_client_left_still_commits(
    private_postgres: PrivatePostgres,
    server: str,
    owner: dict[str, Any],
    output: Output,
    watcher: asyncpg.Connection,
):
    name = f"Committed {uuid4().hex[:6]}"
    account = {
        "type": "OTHER",
        "name": name,
        "contacts": [{"contact": {"firstName": "C", "lastName": "D"}}],
    }
    holder = await asyncpg.connect(private_postgres.url)
    try:
        async with holder.transaction():
            await holder.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE")
            await send_and_hang_up(
                server, CREATE_ACCOUNT, owner["token"], {"input": account}, watcher
            )
            output.wait_for("client disconnected; the mutation finishes", timeout=5)
            assert await waiting_on_the_lock(watcher) == 1  # still at work
    finally:
        await holder.close()  # the lock goes: the mutation runs to its commit

    async def committed() -> bool:
        return await watcher.fetchval("SELECT count(*) FROM account WHERE name = $1", name) == 1

    await until(committed)
