"""Fixtures: one migrated database per run (SQLite, or CRM_TEST_DATABASE_URL), emptied per test."""

from __future__ import annotations

from tests.support import workers

workers.isolate()  # before anything reads CRM_TEST_DATABASE_URL / CRM_TEST_BROADCAST_URL

import dataclasses
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette
from tortoise import Tortoise, connections

from app import db
from app.mail import MailWorker
from app.settings import Settings
from app.web.app import create_app
from tests.support.graphql import Api
from tests.support.live_server import CRM, LiveServer, crm_env, crm_server
from tests.support.outage import PrivatePostgres, postgres_bin
from tests.support.smtp import SmtpServer

# The `browser` fixture (a real headless Chromium) for the page tests.
pytest_plugins = ["tests.support.browser"]

TEST_DATABASE_URL = os.environ.get("CRM_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    url = TEST_DATABASE_URL or f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if url.startswith("postgres"):
        await _drop_all_tables(url)
    await db.migrate(url)
    await db.open_database(url)
    yield url
    await db.close_database()


async def _drop_all_tables(url: str) -> None:
    """A clean PostgreSQL schema, so the migrations run from the start."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


@pytest.fixture(autouse=True)
async def empty_database(database_url: str) -> None:
    """Every test starts from empty tables."""
    conn = connections.get("default")
    tables = [m._meta.db_table for m in Tortoise.apps["models"].values()]
    if database_url.startswith("postgres"):
        await conn.execute_script(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")
    else:
        await conn.execute_script("".join(f"DELETE FROM {t};" for t in tables))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, fast_password_hashing=True)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[Api]:
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Api(client)


@pytest.fixture
async def owner(api: Api) -> dict[str, Any]:
    """A firm signed up through the API: its owner's token and ids."""
    return await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")


# Mail: a real SMTP server, and the app with its lifespan (so its mail worker) running.


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server for this test; `await smtp_server.wait_for(1)` returns the mail."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings: Settings, smtp_server: SmtpServer) -> Settings:
    """`settings` sending to `smtp_server`, polling and retrying within a fraction of a second."""
    return dataclasses.replace(
        settings,
        smtp_url=smtp_server.url,
        mail_poll_interval=0.2,
        mail_retry_base=0.05,
        mail_retry_max=0.4,
    )


@pytest.fixture
async def mail_app(mail_settings: Settings) -> AsyncIterator[Starlette]:
    """The app with its lifespan running, so its mail worker delivers to `smtp_server`."""
    app = create_app(mail_settings, manage_database=False)
    async with LifespanManager(app):
        yield app


@pytest.fixture
def mail_worker(mail_app: Starlette) -> MailWorker:
    """The running worker of `mail_app`: `await mail_worker.idle()`, `mail_worker.stats`."""
    return mail_app.state.mail_worker


@pytest.fixture
async def mail_api(mail_app: Starlette) -> AsyncIterator[Api]:
    """Like `api`, but the app's lifespan runs: mail queued through it reaches `smtp_server`."""
    transport = httpx.ASGITransport(app=mail_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Api(client)


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """One `crm serve` process on the test database, with the in-memory broadcast; without
    CRM_SMTP_URL it prints its mail (`live_server.printed`)."""
    env = crm_env(CRM_DATABASE_URL=database_url, CRM_BROADCAST_URL="memory://")
    with crm_server(env, tmp_path) as server:
        yield server


@pytest.fixture
def live(live_server: LiveServer) -> str:
    """The base URL of the `live_server`."""
    return live_server.base


@pytest.fixture
async def live_api(live: str) -> AsyncIterator[Api]:
    """An HTTP client of the `live` server."""
    async with httpx.AsyncClient(base_url=live, timeout=30) as client:
        yield Api(client)


# Outages: a PostgreSQL of our own that tests freeze and stop (never the shared one).


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivatePostgres]:
    """A migrated PostgreSQL cluster of this test run, on a free port; a test that freezes
    or stops it brings it back. Skipped where PostgreSQL is not installed."""
    if postgres_bin() is None:
        pytest.skip("needs PostgreSQL's initdb and postgres (e.g. apt install postgresql)")
    server = PrivatePostgres()
    try:
        server.start()
        subprocess.run(
            [*CRM, "migrate"],
            env=crm_env(CRM_DATABASE_URL=server.url),
            check=True,
            capture_output=True,
            timeout=120,
        )
        yield server
    finally:
        server.remove()
