"""Mail a newcomer can see: a real `crm serve` without CRM_SMTP_URL prints each mail on its
standard output (not through logging); with CRM_SMTP_URL the content is in the mail only."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.graphql import Api
from tests.support.live_server import LiveServer, crm_env, crm_server
from tests.support.mailbox import PRINTED_MAIL, PrintedMailbox, SmtpMailbox
from tests.support.portal import first_email_id, invite
from tests.support.smtp import SmtpServer, text_body

MESSAGE = "A personal welcome from Olivia"


async def invite_jane(api: Api) -> None:
    owner = await api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    account = await api.individual(owner["token"], "Jane", "Doe", "jane@example.com", login=True)
    await invite(api, owner["token"], first_email_id(account), MESSAGE)


async def test_without_smtp_the_mail_is_printed_not_logged(live_server: LiveServer, live_api: Api):
    await invite_jane(live_api)
    link, token = await PrintedMailbox(live_server.printed).link(
        "jane@example.com", "/portal/activate"
    )
    [(to, mail)] = PRINTED_MAIL.findall(live_server.printed.text)
    assert to == "jane@example.com"
    assert "Subject: Your client portal at Acme Tax" in mail
    assert MESSAGE in mail and link in mail.splitlines()
    # The link opens the server's own page.
    page = httpx.get(link)
    assert page.status_code == 200 and "Acme Tax" in page.text
    # Logging (standard error) names neither the link nor the mail's content.
    logged = live_server.logged.text
    assert token not in logged and MESSAGE not in logged and "Your client portal" not in logged


async def test_with_smtp_the_content_is_in_the_mail_only(
    database_url: str, tmp_path: Path, smtp_server: SmtpServer
):
    env = crm_env(
        CRM_DATABASE_URL=database_url,
        CRM_BROADCAST_URL="memory://",
        CRM_SMTP_URL=smtp_server.url,
        CRM_MAIL_POLL_SECONDS="0.2",
    )
    with crm_server(env, tmp_path) as server:
        async with httpx.AsyncClient(base_url=server.base, timeout=30) as client:
            await invite_jane(Api(client))
            _, token = await SmtpMailbox(smtp_server).link("jane@example.com", "/portal/activate")
            assert MESSAGE in text_body(smtp_server.messages[0])
            # A request after the delivery, so the process has written what it would.
            await client.get("/healthz")
        output = server.printed.text + server.logged.text
    assert token not in output and MESSAGE not in output
    assert "Your client portal" not in output and "----- mail to" not in output
