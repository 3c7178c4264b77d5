"""No secrets at rest: once a mail holding a one-time link is delivered (or refused for good),
its stored bodies are scrubbed; the row keeps recipient, subject, status and attempts. Mail
without such a link keeps its body. Against a real SMTP server."""

from __future__ import annotations

import asyncio

from app.mail.models import MailStatus, OutboxMail
from app.mail.outbox import SCRUBBED_BODY
from app.mail.worker import MailWorker
from tests.support.documents.portal import CONFIRM_CLIENT_REGISTRATION, REGISTER_CLIENT
from tests.support.graphql import Api
from tests.support.mailbox import SmtpMailbox
from tests.support.portal import first_email_id, invite, registration, request_reset
from tests.support.smtp import SmtpServer


async def settled(worker: MailWorker) -> list[OutboxMail]:
    """Every outbox row, once none is waiting any more (re-read after each worker round)."""
    async with asyncio.timeout(10):
        while True:
            await worker.idle()
            rows = await OutboxMail.all().order_by("id")
            if all(row.status != MailStatus.PENDING for row in rows):
                return rows


async def test_mail_with_a_link_is_scrubbed_once_sent_and_other_mail_is_kept(
    mail_api: Api, owner, smtp_server: SmtpServer, mail_worker: MailWorker
):
    token = owner["token"]
    mailbox = SmtpMailbox(smtp_server)
    account = await mail_api.individual(token, "Al", "Ready", "al@example.com", login=True)
    await invite(mail_api, token, first_email_id(account))  # invitation
    await mail_api.individual(token, "Oz", "Off", "oz@example.com")
    await mail_api.mutate(REGISTER_CLIENT, registration("acme-tax", "Oz", "Off", "oz@example.com"))
    await mail_api.mutate(
        REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", "jane@example.com")
    )
    await request_reset(mail_api, "owner@acme.example")
    links = {
        "invitation": await mailbox.link("al@example.com", "/portal/activate"),
        "registration_confirmation": await mailbox.link("jane@example.com", "/portal/confirm"),
        "password_reset": await mailbox.link("owner@acme.example", "/password/reset"),
    }
    # The confirmed registration tells the owner (CLIENT_REGISTERED: no one-time link).
    await mail_api.mutate(
        CONFIRM_CLIENT_REGISTRATION,
        {"token": links["registration_confirmation"][1], "password": "long-enough-1"},
    )
    await mail_api.mutate(
        REGISTER_CLIENT, registration("acme-tax", "Jane", "Doe", "jane@example.com")
    )
    links["registration_existing_login"] = await mailbox.link("jane@example.com", "/password/reset")

    rows = {row.template: row for row in await settled(mail_worker)}
    for template in links:
        row = rows[template]
        assert (row.status, row.attempts) == (MailStatus.SENT, 1), template
        assert row.subject and row.to_address
        assert row.text_body == row.html_body == SCRUBBED_BODY, template
    for template in ("registration_ask_firm", "client_registered"):
        row = rows[template]
        assert row.status == MailStatus.SENT
        assert "Acme Tax" in row.text_body
        assert row.text_body != SCRUBBED_BODY and row.html_body != SCRUBBED_BODY
    every_body = " ".join(r.text_body + r.html_body for r in await OutboxMail.all())
    assert not any(secret in every_body for _, secret in links.values())


async def test_a_refused_mail_is_scrubbed_and_a_retried_one_keeps_its_body_until_sent(
    mail_api: Api, owner, smtp_server: SmtpServer, mail_worker: MailWorker
):
    smtp_server.refuse("RCPT", "451 4.3.0 Try later", times=1)
    await request_reset(mail_api, "owner@acme.example")
    await mail_worker.wait_for(lambda: mail_worker.stats.retried >= 1)
    [waiting] = await OutboxMail.all()
    assert waiting.status == MailStatus.PENDING and "/password/reset?token=" in waiting.text_body
    _, secret = await SmtpMailbox(smtp_server).link("owner@acme.example", "/password/reset")
    [sent] = await settled(mail_worker)
    assert (sent.status, sent.attempts, sent.text_body) == (MailStatus.SENT, 2, SCRUBBED_BODY)
    assert secret not in sent.html_body

    smtp_server.refuse("RCPT", "550 5.1.1 No such user")
    await mail_api.create_staff(owner["token"], "dana@acme.example")
    await request_reset(mail_api, "dana@acme.example")
    rows = await settled(mail_worker)
    refused = next(r for r in rows if r.to_address == "dana@acme.example")
    assert refused.status == MailStatus.FAILED and refused.last_error.startswith("550")
    assert refused.text_body == refused.html_body == SCRUBBED_BODY
    assert refused.subject == "Reset your password at Acme Tax"
