"""EMAIL SYNC as its own process (`crm mail-inbound`), the lifespan switch, and the settings."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import aiosmtplib
import pytest

from app.email_sync.inbound.server import InboundServer, parse_listen_address
from app.settings import Settings
from app.web.app import create_app
from tests.support.documents.email_sync import ACCOUNT_EMAIL_MESSAGES
from tests.support.email_sync import mail
from tests.support.graphql import Api
from tests.support.live_server import CRM, crm_env, crm_process, free_port


@pytest.fixture
def mail_inbound(database_url: str, tmp_path: Path) -> Iterator[int]:
    """`crm mail-inbound` on the test database; yields its port once it listens."""
    port = free_port()
    env = crm_env(
        CRM_DATABASE_URL=database_url,
        CRM_INBOUND_SMTP=f"127.0.0.1:{port}",
        CRM_DOCUMENTS_DIR=str(tmp_path / "documents"),
    )
    # The receiver logs once it listens; SIGTERM must stop it cleanly.
    with crm_process(
        ["mail-inbound"], env, tmp_path, "receiving mail for EMAIL SYNC on", clean_exit=True
    ):
        yield port


async def test_crm_mail_inbound_receives_and_stores_as_its_own_process(
    api: Api, owner, mail_inbound: int
):
    account = await api.individual(
        owner["token"], "Jane", "Doe", "jane@example.com", emailSync=True
    )
    errors, _ = await aiosmtplib.send(
        mail(Message_ID="<cli@example.com>"),
        hostname="127.0.0.1",
        port=mail_inbound,
        sender="jane@example.com",
        recipients=["acme-tax@crm.example"],
        timeout=10,
    )
    assert errors == {}
    # The 250 came after the commit: the API process reads it at once.
    seen = (await api.data(ACCOUNT_EMAIL_MESSAGES, {"id": account["id"]}, owner["token"]))[
        "account"
    ]
    [edge] = seen["emails"]["edges"]
    assert (edge["node"]["messageId"], edge["node"]["fromAddress"]) == (
        "<cli@example.com>",
        "jane@example.com",
    )


def test_crm_mail_inbound_needs_an_address(tmp_path: Path) -> None:
    done = subprocess.run(
        [*CRM, "mail-inbound"], env=crm_env(), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2 and "CRM_INBOUND_SMTP" in done.stderr


def test_the_receiver_runs_only_when_configured(settings: Settings) -> None:
    assert create_app(settings, manage_database=False).state.inbound is None
    configured = Settings(inbound_smtp="127.0.0.1:2525")
    assert isinstance(create_app(configured, manage_database=False).state.inbound, InboundServer)


def test_settings_of_email_sync() -> None:
    defaults = Settings.from_env({})
    assert defaults.inbound_smtp is None and defaults.documents_dir == "./documents"
    assert defaults.inbound_max_bytes == 25 * 1024 * 1024
    assert defaults.max_attachment_bytes == 20 * 1024 * 1024
    given = Settings.from_env(
        {
            "CRM_INBOUND_SMTP": "0.0.0.0:2525",
            "CRM_DOCUMENTS_DIR": "/srv/crm/documents",
            "CRM_INBOUND_MAX_BYTES": "1000",
            "CRM_MAX_ATTACHMENT_BYTES": "500",
        }
    )
    assert (given.inbound_smtp, given.documents_dir) == ("0.0.0.0:2525", "/srv/crm/documents")
    assert (given.inbound_max_bytes, given.max_attachment_bytes) == (1000, 500)
    with pytest.raises(ValueError, match="CRM_INBOUND_MAX_BYTES"):
        Settings.from_env({"CRM_INBOUND_MAX_BYTES": "-5"})
    assert parse_listen_address("[::1]:2525") == ("::1", 2525)
    for bad in ("2525", "host:", "host:99999", ":25"):
        with pytest.raises(ValueError, match="CRM_INBOUND_SMTP"):
            parse_listen_address(bad)
    with pytest.raises(ValueError, match="CRM_INBOUND_SMTP"):
        create_app(Settings(inbound_smtp="nonsense"), manage_database=False)
