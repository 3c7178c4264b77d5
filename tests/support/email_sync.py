"""EMAIL SYNC set-up shared by its test modules: the app with its SMTP receiver running, real
mail sent to it, and (for sending) outgoing mail to the `smtp_server` fixture.

The fixtures are imported into the module that uses them: `sync_app`, `receiver` and
`sync_api` follow that module's `sync_settings` fixture, its own or `sync_settings_with_mail`."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.email_sync.inbound.server import InboundServer
from app.settings import Settings
from app.web.app import create_app
from tests.support.documents.email_sync import ACCOUNT_EMAIL_MESSAGES, SEND_ACCOUNT_EMAIL
from tests.support.graphql import Api

FIRM_ROUTE = "acme-tax@crm.example"


def sync_settings_for(settings: Settings, tmp_path: Path, **changes: Any) -> Settings:
    """`settings` with the receiver on a port of its choosing and documents under tmp_path."""
    return dataclasses.replace(
        settings,
        inbound_smtp="127.0.0.1:0",
        documents_dir=str(tmp_path / "documents"),
        inbound_max_bytes=300_000,
        max_attachment_bytes=10_000,
        **changes,
    )


async def running(settings: Settings) -> AsyncIterator[Starlette]:
    """The app with its lifespan running: the hub, the mail worker and the SMTP receiver."""
    app = create_app(settings, manage_database=False)
    async with LifespanManager(app):
        yield app


async def api_of(app: Starlette) -> AsyncIterator[Api]:
    """An HTTP client of the app, through its ASGI interface."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield Api(client)


def mail(
    sender: str = "Jane Doe <jane@example.com>",
    to: str = "owner@acme.example",
    subject: str = "Tax documents",
    text: str = "Hello, here they are.",
    **headers: str,
) -> EmailMessage:
    """A message as a mail client writes it; headers by keyword, "_" for "-"."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


async def deliver(
    receiver: InboundServer,
    message: EmailMessage | bytes,
    recipients: Sequence[str] = (FIRM_ROUTE,),
    sender: str = "jane@example.com",
) -> tuple[dict, str]:
    """Send over SMTP to the receiver; aiosmtplib's answer (per-recipient errors, reply)."""
    return await aiosmtplib.send(
        message,
        hostname="127.0.0.1",
        port=receiver.port,
        sender=sender,
        recipients=list(recipients),
        timeout=10,
    )


async def emails_of(api: Api, token: str, account_id: str, **variables: Any) -> dict:
    """The account\'s emails tab (ACCOUNT_EMAIL_MESSAGES), with these variables."""
    return (await api.data(ACCOUNT_EMAIL_MESSAGES, {"id": account_id, **variables}, token))[
        "account"
    ]


# ---------------------------------------------------------------- the app


@pytest.fixture
async def sync_app(sync_settings: Settings) -> AsyncIterator[Starlette]:
    """The app of `sync_settings` (a fixture of the module using these), its lifespan running."""
    async for app in running(sync_settings):
        yield app


@pytest.fixture
def receiver(sync_app: Starlette) -> InboundServer:
    """The SMTP receiver `sync_app` started."""
    return sync_app.state.inbound


@pytest.fixture
async def sync_api(sync_app: Starlette) -> AsyncIterator[Api]:
    """An HTTP client of `sync_app`."""
    async for api in api_of(sync_app):
        yield api


# ---------------------------------------------------------------- sending


@pytest.fixture(name="sync_settings")
def sync_settings_with_mail(mail_settings: Settings, tmp_path: Path) -> Settings:
    """The receiver, and outgoing mail to the `smtp_server` fixture."""
    return sync_settings_for(mail_settings, tmp_path)


@pytest.fixture(name="firm")
async def firm_with_two_synced_addresses(sync_api: Api) -> dict[str, Any]:
    """acme-tax; Jane (LOGIN, EMAIL SYNC) and Bob (EMAIL SYNC) on one account; Sam, an employee
    without manageAccounts, on its team."""
    owner = await sync_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    sam = await sync_api.create_staff(owner["token"], "sam@acme.example")
    contacts = [
        {
            "contact": {
                "firstName": first,
                "lastName": "Doe",
                "emails": [{"address": address, "emailSync": True, "login": first == "Jane"}],
            }
        }
        for first, address in (("Jane", "jane@example.com"), ("Bob", "bob@example.com"))
    ]
    account = (
        await sync_api.create_account(
            owner["token"],
            type="COMPANY",
            companyName="Doe LLC",
            teamMemberIds=[sam["id"]],
            contacts=contacts,
        )
    )["account"]
    return {"token": owner["token"], "sam": sam, "account": account}


async def send(api: Api, token: str, **input: Any) -> dict[str, Any]:
    return (await api.mutate(SEND_ACCOUNT_EMAIL, input, token))["email"]
