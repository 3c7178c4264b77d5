"""The mail outbox and its worker, against a real SMTP server: delivery, retries, failures."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from app.firms.models import Firm
from app.mail import MailWorker, queue_mail, ring
from app.mail.models import MailStatus, OutboxMail
from app.mail.render import render
from app.mail.transport import SmtpConfig, parse_smtp_url
from app.settings import Settings
from app.web.app import create_app
from tests.support.graphql import Api
from tests.support.smtp import SmtpServer, Stage, html_body, text_body

LINK = "http://portal.example/portal/activate?token=abc123"


def invitation(message: str = "", firm: str = "Acme Tax") -> dict[str, str]:
    return {"firm_name": firm, "contact_name": "Jane Doe", "message": message, "link": LINK}


async def queue_invitations(*addresses: str, message: str = "") -> list[OutboxMail]:
    """One invitation per address, queued in one transaction; the workers are rung after it."""
    firm = await Firm.create(name="Acme Tax", slug="acme-tax")
    async with in_transaction():
        rows = [
            await queue_mail(
                firm_id=firm.id, to=address, template="invitation", context=invitation(message)
            )
            for address in addresses
        ]
    ring()
    return rows


async def rows_when(
    worker: MailWorker, check: Callable[[list[OutboxMail]], bool], timeout: float = 10.0
) -> list[OutboxMail]:
    """The outbox rows, re-read after each attempt the worker settles until `check` holds."""
    stats = worker.stats

    def settled() -> int:
        return stats.sent + stats.retried + stats.failed

    async with asyncio.timeout(timeout):
        while True:
            before = settled()  # read before the rows, so no attempt slips between the two
            rows = await OutboxMail.all().order_by("id")
            if check(rows):
                return rows
            await worker.wait_for(lambda: settled() > before)  # noqa: B023 - awaited right here


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[MailWorker]:
    worker = MailWorker(settings)
    worker.start()
    try:
        yield worker
    finally:
        await worker.stop()


def all_status(status: MailStatus) -> Callable[[list[OutboxMail]], bool]:
    return lambda rows: all(row.status == status for row in rows)


# Delivery


async def test_invitation_arrives_as_queued(mail_settings: Settings, smtp_server: SmtpServer):
    settings = dataclasses.replace(mail_settings, mail_from="Acme CRM <no-reply@crm.example>")
    async with running(settings) as worker:
        [row] = await queue_invitations("jane@client.example", message="See you soon.\nBob")
        [message] = await smtp_server.wait_for(1)
        [row] = await rows_when(worker, all_status(MailStatus.SENT))

    assert message["Message-ID"] == f"<outbox-{row.id}@crm.example>"
    assert message["From"] == "Acme CRM <no-reply@crm.example>"
    assert message["To"] == "jane@client.example"
    assert message["Subject"] == "Your client portal at Acme Tax"
    assert message["Date"] is not None
    assert message.get_content_type() == "multipart/alternative"
    text = text_body(message)
    html = html_body(message)
    assert LINK in text.splitlines()  # the link stands alone on its line
    assert "See you soon.\nBob" in text
    assert f'<a href="{LINK}">' in html
    assert "See you soon.<br>" in html
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.last_error is None


async def test_the_app_lifespan_runs_the_worker(
    mail_api: Api, mail_worker: MailWorker, smtp_server: SmtpServer
):
    await mail_api.create_firm("Acme Tax", "acme-tax", "owner@acme.example")
    firm = await Firm.get(slug="acme-tax")
    async with in_transaction():
        await queue_mail(
            firm_id=firm.id,
            to="jane@client.example",
            template="invitation",
            context=invitation(),
        )
    ring()
    messages = await smtp_server.wait_for(1)
    assert "jane@client.example" in [m["To"] for m in messages]


async def test_mail_of_a_rolled_back_transaction_is_never_queued():
    firm = await Firm.create(name="Acme Tax", slug="acme-tax")
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await queue_mail(
                firm_id=firm.id, to="a@b.example", template="invitation", context=invitation()
            )
            raise RuntimeError("the change failed")
    assert await OutboxMail.all().count() == 0


async def test_without_smtp_url_mail_is_printed_not_logged(
    settings: Settings, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)  # DEBUG has the SQL of the queued row (opt-in)
    async with running(settings) as worker:
        await queue_invitations("jane@client.example")
        [row] = await rows_when(worker, all_status(MailStatus.SENT))

    assert row.sent_at is not None
    printed = capsys.readouterr().out
    assert "----- mail to jane@client.example" in printed
    assert "Subject: Your client portal at Acme Tax" in printed
    assert LINK in printed.splitlines()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "token=" not in logged and "Your client portal" not in logged


async def test_two_workers_deliver_each_mail_once(
    mail_worker: MailWorker, mail_settings: Settings, smtp_server: SmtpServer
):
    async with running(mail_settings) as other:
        rows = await queue_invitations(*(f"client{i}@client.example" for i in range(12)))
        await smtp_server.wait_for(12)
    await mail_worker.stop()  # now both have recorded every delivery they made

    assert await OutboxMail.filter(status=MailStatus.SENT).count() == 12
    ids = sorted(m["Message-ID"] for m in smtp_server.messages)
    assert ids == sorted(f"<outbox-{row.id}@localhost>" for row in rows)
    assert mail_worker.stats.attempts + other.stats.attempts == 12
    assert mail_worker.stats.sent + other.stats.sent == 12


async def test_stop_leaves_every_row_sent_or_untouched(
    mail_worker: MailWorker, mail_settings: Settings, smtp_server: SmtpServer
):
    await queue_invitations(*(f"client{i}@client.example" for i in range(5)))
    await mail_worker.wait_for(lambda: mail_worker.stats.attempts >= 1)
    await mail_worker.stop()

    rows = await OutboxMail.all().order_by("id")
    sent = [row for row in rows if row.status == MailStatus.SENT]
    assert len(smtp_server.messages) == len(sent) >= 1
    # No row is left claimed: the rest are due now, untried, for the next worker.
    now = datetime.now(UTC)
    assert all(row.attempts == 0 and row.next_attempt_at <= now for row in rows if row not in sent)

    async with running(mail_settings) as worker:
        await smtp_server.wait_for(5)
        await rows_when(worker, all_status(MailStatus.SENT))
        await worker.idle()
    assert len(smtp_server.messages) == 5


# Failures


async def test_an_outage_delays_mail_and_loses_none(
    mail_worker: MailWorker, smtp_server: SmtpServer
):
    smtp_server.stop()
    rows = await queue_invitations("a@client.example", "b@client.example", "c@client.example")

    # Every row fails twice (backing off in between) and stays PENDING with the reason.
    failed = await rows_when(mail_worker, lambda rows: all(r.attempts >= 2 for r in rows))
    assert {row.status for row in failed} == {MailStatus.PENDING}
    assert all("SMTPConnectError" in (row.last_error or "") for row in failed)
    assert smtp_server.messages == []

    smtp_server.start()
    await smtp_server.wait_for(3)
    await rows_when(mail_worker, all_status(MailStatus.SENT))
    await mail_worker.idle()
    ids = sorted(m["Message-ID"] for m in smtp_server.messages)
    assert ids == sorted(f"<outbox-{row.id}@localhost>" for row in rows)


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
async def test_a_temporary_refusal_is_retried(
    mail_worker: MailWorker, smtp_server: SmtpServer, stage: Stage
):
    smtp_server.refuse(stage, "451 4.3.0 Mailbox busy, try later", times=2)
    await queue_invitations("jane@client.example")

    [message] = await smtp_server.wait_for(1)
    [row] = await rows_when(mail_worker, all_status(MailStatus.SENT))
    assert row.attempts == 3
    assert "451" in (row.last_error or "")
    assert smtp_server.rcpt_commands == 3
    assert message["To"] == "jane@client.example"


@pytest.mark.parametrize("stage", ["RCPT", "DATA"])
async def test_a_permanent_refusal_fails_and_is_never_retried(
    mail_worker: MailWorker, smtp_server: SmtpServer, stage: Stage
):
    smtp_server.refuse(stage, "550 5.1.1 No such user")
    await queue_invitations("nobody@client.example")

    [row] = await rows_when(mail_worker, all_status(MailStatus.FAILED))
    assert row.attempts == 1
    assert "550 5.1.1 No such user" in (row.last_error or "")
    assert row.sent_at is None

    # Rounds past the longest back-off (poll interval 0.2 s, retry cap 0.4 s), rung and unrung.
    smtp_server.accept()
    rounds = mail_worker.stats.rounds
    ring()
    await mail_worker.wait_for(lambda: mail_worker.stats.rounds >= rounds + 4)
    await mail_worker.idle()
    assert mail_worker.stats.attempts == 1
    assert smtp_server.rcpt_commands == 1
    assert smtp_server.messages == []
    again = await OutboxMail.get(id=row.id)
    assert (again.status, again.attempts, again.last_error) == (
        MailStatus.FAILED,
        1,
        row.last_error,
    )


# Plain AUTH on loopback is what this test wants; aiosmtpd warns about it in general.
ALLOW_PLAIN_AUTH = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@ALLOW_PLAIN_AUTH
async def test_smtp_credentials_are_used(settings: Settings):
    server = SmtpServer(credentials=("clerk@acme.example", "p@ss:w/rd%"))
    server.start()
    try:
        assert "clerk%40acme.example:p%40ss%3Aw%2Frd%25@" in server.url
        async with running(dataclasses.replace(settings, smtp_url=server.url)) as worker:
            await queue_invitations("jane@client.example")
            await server.wait_for(1)
            await rows_when(worker, all_status(MailStatus.SENT))
    finally:
        server.stop()


@ALLOW_PLAIN_AUTH
async def test_wrong_smtp_credentials_are_retried(settings: Settings):
    # A 535 is the server's configuration, not the mail's fault: it must not fail the mail.
    server = SmtpServer(credentials=("clerk@acme.example", "right"))
    server.start()
    try:
        url = f"smtp://clerk%40acme.example:wrong@{server.host}:{server.port}"
        async with running(dataclasses.replace(settings, smtp_url=url)) as worker:
            await queue_invitations("jane@client.example")
            [row] = await rows_when(worker, lambda rows: rows[0].attempts >= 1)
        assert row.status == MailStatus.PENDING
        assert "535" in (row.last_error or "")
        assert server.messages == []
    finally:
        server.stop()


def test_retry_delay_doubles_up_to_the_cap(settings: Settings):
    worker = MailWorker(dataclasses.replace(settings, mail_retry_base=5, mail_retry_max=60))
    assert [worker.retry_delay(n) for n in (1, 2, 3, 4, 5, 500)] == [5, 10, 20, 40, 60, 60]


# Rendering


def test_html_part_escapes_values_and_text_part_does_not():
    mail = render(
        "invitation",
        {
            "firm_name": "Smith & <b>Co</b>",
            "contact_name": 'Jo "JJ" Doe',
            "message": "<script>alert(1)</script>",
            "link": "https://portal.example/activate?token=a&b=1",
        },
    )
    assert mail.subject == "Your client portal at Smith & <b>Co</b>"
    assert "Smith &amp; &lt;b&gt;Co&lt;/b&gt;" in mail.html
    assert "Jo &quot;JJ&quot; Doe" in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
    assert "<script>" not in mail.html
    assert 'href="https://portal.example/activate?token=a&amp;b=1"' in mail.html
    assert "<script>alert(1)</script>" in mail.text
    assert "https://portal.example/activate?token=a&b=1" in mail.text.splitlines()


@pytest.mark.parametrize("message", ["", "   \n "])
def test_an_empty_message_leaves_no_trace(message: str):
    mail = render("invitation", invitation(message))
    with_message = render("invitation", invitation("Welcome aboard."))
    assert "\n\n\n" not in mail.text
    assert "<p></p>" not in mail.html
    assert mail.text == with_message.text.replace("\nWelcome aboard.\n", "")
    assert "Welcome aboard." not in mail.html


def test_a_subject_stays_one_line():
    mail = render("invitation", invitation(firm="Acme\r\nBcc: evil@example.com"))
    assert mail.subject == "Your client portal at Acme Bcc: evil@example.com"


@pytest.mark.parametrize("template", ["client_activated", "client_registered"])
def test_staff_notices_render(template: str):
    context = {
        "firm_name": "Acme Tax",
        "staff_name": "Sam",
        "client_email": "jane@client.example",
        "account_name": "Doe, Jane",
        "account_url": "http://crm.example/accounts/QWNjb3VudDox",
    }
    mail = render(template, context)
    assert "Acme Tax" in mail.subject
    assert "jane@client.example" in mail.subject
    assert "http://crm.example/accounts/QWNjb3VudDox" in mail.text.splitlines()
    assert 'href="http://crm.example/accounts/QWNjb3VudDox"' in mail.html
    assert "$" not in mail.text + mail.html
    assert "Hello Sam," in mail.text


def test_a_missing_value_is_an_error():
    with pytest.raises(KeyError):
        render("invitation", {"firm_name": "Acme Tax", "contact_name": "Jane"})


async def test_a_long_subject_is_cut_to_fit():
    firm = await Firm.create(name="F" * 200, slug="long-firm")
    async with in_transaction():
        row = await queue_mail(
            firm_id=firm.id,
            to="jane@client.example",
            template="client_activated",
            context={
                "firm_name": firm.name,
                "staff_name": "Sam",
                "client_email": "j" * 60 + "@client.example",
                "account_name": "Doe, Jane",
                "account_url": "http://crm.example/accounts/1",
            },
        )
    assert len(row.subject) == 255
    assert row.subject.endswith("…")


# Settings


@pytest.mark.parametrize(
    ("url", "config"),
    [
        ("smtp://mail.example:2525", SmtpConfig("mail.example", 2525)),
        ("smtp://mail.example", SmtpConfig("mail.example", 25)),
        ("smtps://mail.example", SmtpConfig("mail.example", 465, use_tls=True)),
        (
            "smtp://mail.example:587?starttls=true",
            SmtpConfig("mail.example", 587, start_tls=True),
        ),
        (
            "smtp://clerk%40acme.example:p%40ss%3Aw%2Frd@mail.example:587?starttls=true",
            SmtpConfig("mail.example", 587, "clerk@acme.example", "p@ss:w/rd", start_tls=True),
        ),
        (
            "smtps://apikey:s3cr%23t@smtp.provider.example:465",
            SmtpConfig("smtp.provider.example", 465, "apikey", "s3cr#t", use_tls=True),
        ),
    ],
)
def test_smtp_urls(url: str, config: SmtpConfig):
    assert parse_smtp_url(url) == config


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://mail.example", "must start with smtp:// or smtps://"),
        ("mail.example:25", "must start with smtp:// or smtps://"),
        ("smtp://:25", "names no host"),
        ("smtp://mail.example:port", "invalid port"),
        ("smtps://mail.example?starttls=true", "smtps:// is already TLS"),
        ("smtp://mail.example?starttls=maybe", "starttls must be true or false"),
        ("smtp://mail.example?tls=1", "unknown options: tls"),
    ],
)
def test_bad_smtp_urls(url: str, error: str):
    with pytest.raises(ValueError, match=error):
        parse_smtp_url(url)


def test_a_bad_smtp_url_stops_the_app_from_starting():
    with pytest.raises(ValueError, match="CRM_SMTP_URL"):
        create_app(Settings(smtp_url="smtp+tls://mail.example"), manage_database=False)


def test_mail_timing_settings():
    settings = Settings.from_env(
        {
            "CRM_MAIL_POLL_SECONDS": "0.5",
            "CRM_MAIL_RETRY_BASE_SECONDS": "10",
            "CRM_MAIL_RETRY_MAX_SECONDS": "3600",
        }
    )
    assert (settings.mail_poll_interval, settings.mail_retry_base, settings.mail_retry_max) == (
        0.5,
        10.0,
        3600.0,
    )
    assert Settings.from_env({}).mail_retry_max == 900.0


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan", "inf"])
def test_bad_mail_timing_settings(value: str):
    with pytest.raises(ValueError, match="CRM_MAIL_RETRY_BASE_SECONDS must be a positive number"):
        Settings.from_env({"CRM_MAIL_RETRY_BASE_SECONDS": value})
