"""SIGTERM to a real `crm serve`: it stops taking connections, the request in flight gets its
answer, a live subscription is closed with 1001, the mail being sent (to an SMTP server that
answers slowly) is delivered, and the process exits 0 within CRM_SHUTDOWN_SECONDS, even when
that work never ends."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import asyncpg
import httpx
import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from tests.support.documents.accounts import CREATE_ACCOUNT
from tests.support.graphql import Api, codes
from tests.support.live_server import Output, crm_env, crm_process, free_port
from tests.support.outage import PrivatePostgres, until, waiting_on_the_lock
from tests.support.portal import first_email_id, invite
from tests.support.smtp import SmtpServer
from tests.support.ws import signed_in, socket, subscribe_inbox

SHUTDOWN_SECONDS = 6


class SlowSmtpServer(SmtpServer):
    """Takes a message's DATA, then holds its answer until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.receiving = threading.Event()
        self.answer = threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.receiving.set()
        await asyncio.to_thread(self.answer.wait, 30)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp() -> Any:
    server = SlowSmtpServer()
    server.start()
    yield server
    server.answer.set()
    server.stop()


def account_input(name: str, email: str | None = None) -> dict[str, Any]:
    contact: dict[str, Any] = {"firstName": "Jane", "lastName": name}
    if email:
        contact["emails"] = [{"address": email, "login": True}]
    return {"type": "INDIVIDUAL", "contacts": [{"contact": contact}]}


@dataclass
class Busy:
    """A `crm serve` with work under way: a subscription, a request, a mail."""

    process: subprocess.Popen[str]
    output: Output
    base: str
    ws: ClientConnection
    in_flight: asyncio.Task[dict[str, Any]]
    holder: asyncpg.Connection  # holds the lock the request in flight waits for
    watcher: asyncpg.Connection
    mail_to: str


@asynccontextmanager
async def busy_server(
    private_postgres: PrivatePostgres, smtp: SlowSmtpServer, tmp_path: Path
) -> AsyncIterator[Busy]:
    port, output = free_port(), Output()
    env = crm_env(
        CRM_DATABASE_URL=private_postgres.url,
        CRM_SMTP_URL=smtp.url,
        CRM_SHUTDOWN_SECONDS=str(SHUTDOWN_SECONDS),
        CRM_DB_TIMEOUT_SECONDS="30",
    )
    base = f"http://127.0.0.1:{port}"
    serve = crm_process(
        ["serve", "--port", str(port)], env, tmp_path, "Uvicorn running on", output=output
    )
    watcher = await asyncpg.connect(private_postgres.url)
    holder = await asyncpg.connect(private_postgres.url)
    try:
        with serve as streams:
            process = streams.process
            async with httpx.AsyncClient(base_url=base, timeout=30) as client, socket(base) as ws:
                api = Api(client)
                slug = f"firm-{uuid4().hex[:8]}"
                owner = await api.create_firm("Closing Tax", slug, f"owner@{slug}.example")
                token = owner["token"]
                await signed_in(ws, token)
                await subscribe_inbox(ws, api, token)
                # A mail on its way: the SMTP server has it and has not answered yet.
                mail_to = f"jane-{slug}@example.com"
                jane = await api.create_account(token, **account_input("Doe", mail_to))
                await invite(api, token, first_email_id(jane["account"]))
                assert await asyncio.to_thread(smtp.receiving.wait, 10)
                # A request in flight: its INSERT waits for the test's lock on `account`.
                await holder.execute("BEGIN; LOCK TABLE account IN ACCESS EXCLUSIVE MODE")
                in_flight = asyncio.create_task(
                    api.client.post(
                        "/graphql",
                        json={
                            "query": CREATE_ACCOUNT,
                            "variables": {"input": account_input("In Flight")},
                        },
                        headers={"Authorization": f"Bearer {token}"},
                    )
                )
                await until(lambda: _one_waiting(watcher))
                yield Busy(process, output, base, ws, in_flight, holder, watcher, mail_to)
    finally:
        await holder.close()
        await watcher.close()


async def mail_status(busy: Busy) -> list[str]:
    rows = await busy.watcher.fetch(
        "SELECT status FROM outbox_mail WHERE to_address = $1", busy.mail_to
    )
    return [r["status"] for r in rows]


async def test_sigterm_finishes_the_work_under_way_and_exits_0(
    private_postgres: PrivatePostgres, smtp: SlowSmtpServer, tmp_path: Path
):
    async with busy_server(private_postgres, smtp, tmp_path) as busy:
        started = time.monotonic()
        os.kill(busy.process.pid, signal.SIGTERM)
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(busy.ws.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001
        await asyncio.to_thread(busy.output.wait_for, "Shutting down")
        with pytest.raises(httpx.ConnectError):  # no new connections
            await httpx.AsyncClient(base_url=busy.base).get("/healthz")
        await busy.holder.execute("ROLLBACK")  # the request in flight can finish now
        answer = (await asyncio.wait_for(busy.in_flight, 5)).json()
        assert answer["data"]["createAccount"]["account"]["name"] == "Jane In Flight"
        smtp.answer.set()  # and the mail being sent is accepted
        status = await asyncio.to_thread(busy.process.wait, SHUTDOWN_SECONDS + 2)
        elapsed = time.monotonic() - started
        assert status == 0, busy.output.text[-2000:]
        assert elapsed < SHUTDOWN_SECONDS, elapsed
        assert len(await smtp.wait_for(1)) == 1
        assert await mail_status(busy) == ["SENT"]


async def test_work_that_never_ends_does_not_hold_the_shutdown_past_its_bound(
    private_postgres: PrivatePostgres, smtp: SlowSmtpServer, tmp_path: Path
):
    async with busy_server(private_postgres, smtp, tmp_path) as busy:
        started = time.monotonic()
        os.kill(busy.process.pid, signal.SIGTERM)  # the lock and the SMTP answer never come
        status = await asyncio.to_thread(busy.process.wait, SHUTDOWN_SECONDS + 5)
        elapsed = time.monotonic() - started
        assert status == 0, busy.output.text[-2000:]
        assert elapsed < SHUTDOWN_SECONDS + 1, elapsed
        cut_off = await busy.in_flight  # at the bound: "try again", not a bare 500
        assert cut_off.headers["content-type"] == "application/json"
        assert codes(cut_off.json()) == ["UNAVAILABLE"] and "shutting down" in cut_off.text
        busy.output.wait_for("stopped before the mail being sent was delivered")
        await busy.holder.execute("ROLLBACK")
        assert await mail_status(busy) == ["PENDING"]  # sent again after its lease


async def _one_waiting(watcher: asyncpg.Connection) -> bool:
    return await waiting_on_the_lock(watcher) == 1
