"""Two `crm serve` processes on the test's PostgreSQL database and Redis, for the scale-out
tests (import the fixtures `pair` and `api_b` into the module that uses them)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.support.graphql import Api
from tests.support.live_server import crm_env, crm_serve

DATABASE = os.environ.get("CRM_TEST_DATABASE_URL", "")
BROADCAST = os.environ.get("CRM_TEST_BROADCAST_URL", "")

# The scale-out tests' module mark: two processes need a shared database and broadcast.
needs_postgres_and_redis = pytest.mark.skipif(
    not (DATABASE.startswith("postgres") and BROADCAST.startswith("redis")),
    reason="needs CRM_TEST_DATABASE_URL=postgres://… and CRM_TEST_BROADCAST_URL=redis://…",
)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two `crm serve` processes sharing the test database and Redis."""
    env = crm_env(CRM_DATABASE_URL=DATABASE, CRM_BROADCAST_URL=BROADCAST)
    with ExitStack() as stack:
        yield (
            stack.enter_context(crm_serve(env, tmp_path)),
            stack.enter_context(crm_serve(env, tmp_path)),
        )


@pytest.fixture
async def api_b(pair: tuple[str, str]) -> AsyncIterator[Api]:
    """An HTTP client of the second process."""
    async with httpx.AsyncClient(base_url=pair[1], timeout=30) as client:
        yield Api(client)
