"""Queueing mail in the caller's transaction, and the doorbell that wakes the workers."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from tortoise.functions import Count, Min

from app.db.unit_of_work import unit_in_progress
from app.mail.models import MailStatus, OutboxMail
from app.mail.render import holds_link, render

# The outbox column's size; a subject with a long firm name and address must still fit.
SUBJECT_MAX = 255

# One event per running worker of this process; `ring` sets them all.
_doorbells: set[asyncio.Event] = set()


async def queue_mail(
    *,
    firm_id: int | None,
    to: str,
    template: str,
    context: Mapping[str, str],
    headers: Mapping[str, str] | None = None,
) -> OutboxMail:
    """Render the mail and write it as PENDING, due now, in the caller's transaction (if any).

    `headers` (e.g. Message-ID, In-Reply-To, References) are set on the message as given.
    Nothing is delivered here: inside a unit of work the workers are rung once it commits;
    outside one, call `ring()` after the transaction commits.
    """
    row = _outbox_row(firm_id, to, template, context, datetime.now(UTC))
    row.headers = dict(headers) if headers else None
    await row.save()
    _ring_after_commit()
    return row


async def queue_many(
    *, firm_id: int | None, template: str, mails: Sequence[tuple[str, Mapping[str, str]]]
) -> int:
    """`queue_mail` for many (address, context) pairs of one template, in one INSERT.

    Runs in the caller's transaction; rung as `queue_mail` is.
    """
    now = datetime.now(UTC)
    rows = [_outbox_row(firm_id, to, template, context, now) for to, context in mails]
    await OutboxMail.bulk_create(rows)
    if rows:
        _ring_after_commit()
    return len(rows)


def _ring_after_commit() -> None:
    """In a unit of work: ring the workers once it commits (once, however many mails)."""
    unit = unit_in_progress()
    if unit is not None:
        unit.batch("mail.ring", _ring_for, [None])


def _ring_for(_mails: list[None]) -> None:
    ring()


def _outbox_row(
    firm_id: int | None, to: str, template: str, context: Mapping[str, str], due: datetime
) -> OutboxMail:
    """An unsaved PENDING outbox row: the template rendered, the subject cut to the column."""
    mail = render(template, context)
    subject = mail.subject
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    return OutboxMail(
        firm_id=firm_id,
        template=template,
        to_address=to,
        subject=subject,
        text_body=mail.text,
        html_body=mail.html,
        next_attempt_at=due,
    )


# What a delivered (or refused) mail keeps of a body that held a one-time link.
SCRUBBED_BODY = "(removed once delivered: this mail held a one-time link)"


def scrubbed(mail: OutboxMail) -> dict[str, str]:
    """The columns to blank once `mail` is done with, so no usable link stays at rest."""
    if not holds_link(mail.template):
        return {}
    return {"text_body": SCRUBBED_BODY, "html_body": SCRUBBED_BODY}


def ring() -> None:
    """Wake every mail worker of this process now rather than at its next poll."""
    for doorbell in _doorbells:
        doorbell.set()


def add_doorbell(doorbell: asyncio.Event) -> None:
    """Register a worker's event with `ring`."""
    _doorbells.add(doorbell)


def remove_doorbell(doorbell: asyncio.Event) -> None:
    """Unregister a worker's event."""
    _doorbells.discard(doorbell)


def build_message(mail: OutboxMail, mail_from: str) -> EmailMessage:
    """The message for an outbox row; its Message-ID and Date are the same on every attempt."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    # Derived from the row, so the receiver can recognise a retry of a message it already has.
    message["Message-ID"] = f"<outbox-{mail.id}@{domain}>"
    message["Date"] = format_datetime(mail.created_at)
    message["From"] = mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message.set_content(mail.text_body)
    message.add_alternative(mail.html_body, subtype="html")
    for name, value in (mail.headers or {}).items():  # written by our code, e.g. threading
        del message[name]
        message[name] = value
    return message


async def backlog() -> tuple[int, datetime | None]:
    """How many mails wait to be sent, and when the oldest of them was queued (one
    statement; read when /metrics is scraped)."""
    rows = (
        await OutboxMail.filter(status=MailStatus.PENDING)
        .annotate(pending=Count("id"), oldest=Min("created_at"))
        .values("pending", "oldest")
    )
    return (int(rows[0]["pending"]), rows[0]["oldest"]) if rows else (0, None)
