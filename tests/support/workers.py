"""pytest-xdist workers share this machine's PostgreSQL and Redis: each worker gets its own
PostgreSQL database (`<name>_gw0`, created when missing) and its own Redis database number
(the hub keeps pub/sub channels apart by it), set in the environment before any test module
reads CRM_TEST_DATABASE_URL or CRM_TEST_BROADCAST_URL. Without xdist nothing changes."""

from __future__ import annotations

import asyncio
import os
from urllib.parse import urlsplit, urlunsplit

import asyncpg


def isolate() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ...
    if not worker:
        return
    number = int(worker.removeprefix("gw"))
    database = os.environ.get("CRM_TEST_DATABASE_URL", "")
    if database.startswith("postgres"):
        own = _with_path(database, f"{urlsplit(database).path.lstrip('/')}_{worker}")
        asyncio.run(_create_database(database, own))
        os.environ["CRM_TEST_DATABASE_URL"] = own
    broadcast = os.environ.get("CRM_TEST_BROADCAST_URL", "")
    if broadcast.startswith(("redis://", "rediss://")):
        os.environ["CRM_TEST_BROADCAST_URL"] = _with_path(broadcast, str(number + 1))


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{path}", parts.query, parts.fragment))


async def _create_database(shared: str, own: str) -> None:
    name = urlsplit(own).path.lstrip("/")
    conn = await asyncpg.connect(shared, timeout=10)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
