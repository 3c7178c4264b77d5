"""Ended sessions close their sockets in every process (PostgreSQL + Redis, real `crm serve`
processes): through the broadcast at once, and through the sweep when no message comes."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest

from app.access.secrets import hash_token
from app.firms.models import AuthSession
from app.firms.session_watch import SessionWatch, announce_ended
from app.realtime import Hub
from tests.support.graphql import Api
from tests.support.scale_out import (  # noqa: F401
    BROADCAST,
    api_b,
    needs_postgres_and_redis,
    pair,
)
from tests.support.ws import close_code, signed_in, socket

pytestmark = needs_postgres_and_redis


@pytest.fixture
async def broadcasting() -> AsyncIterator[None]:
    """This test process on the broadcast too, as a server process is."""
    hub = Hub(BROADCAST, name="crm-test")
    await hub.start()
    await hub.wait_until_up(5)
    watch = SessionWatch(hub)
    watch.start()
    yield
    await watch.stop()
    await hub.stop()


async def test_a_published_end_closes_the_sockets_in_every_process(
    pair: tuple[str, str],  # noqa: F811
    api_b: Api,  # noqa: F811
    broadcasting: None,
):
    a, b = pair
    owner = await api_b.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await api_b.create_staff(owner["token"], "sam@acme.example")
    session = await AuthSession.get(token_hash=hash_token(sam["token"]))
    async with socket(a) as on_a, socket(b) as on_b:
        await signed_in(on_a, sam["token"])
        await signed_in(on_b, sam["token"])
        # Announced but left in the database: only the message can close them (the sweeps
        # still find the session valid), and it does at once.
        started = time.monotonic()
        await announce_ended([session.id])
        assert await close_code(on_a, timeout=5) == 4403
        assert await close_code(on_b, timeout=5) == 4403
        assert time.monotonic() - started < 2.0


async def test_signing_out_in_one_process_closes_the_socket_in_another(
    pair: tuple[str, str],  # noqa: F811
    api_b: Api,  # noqa: F811
):
    a, _ = pair
    owner = await api_b.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await api_b.create_staff(owner["token"], "sam@acme.example")
    async with socket(a) as ws:
        await signed_in(ws, sam["token"])
        started = time.monotonic()
        answer = await api_b.data("mutation { signOut { count } }", token=sam["token"])
        assert answer["signOut"]["count"] == 1
        assert await close_code(ws, timeout=5) == 4403
        assert time.monotonic() - started < 2.0
