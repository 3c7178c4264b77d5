"""Staff writing to an account's contacts from the CRM: queued mail, recorded in the thread.

Any staff member who sees the account may write (as with notes): answering the client is the
team's daily work, not an account-management right. The mail goes to every contact email of
the account with NOTIFY or EMAIL SYNC on, one copy each, all with one Message-ID, so that a
reply (In-Reply-To / References) threads whichever copy it answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import formataddr, parseaddr
from uuid import uuid4

from tortoise.expressions import Q

from app.access.actors import StaffActor
from app.access.permissions import WORK_ON_ACCOUNTS, entry_point
from app.accounts.models import Account, AccountEmail
from app.accounts.policy import visible_accounts
from app.db.unit_of_work import unit_of_work
from app.email_sync.models import EmailDirection, EmailMessage
from app.email_sync.receiving import add_participants
from app.errors import ErrorCode, fail
from app.firms.models import StaffMember
from app.firms.staff import staff_with_firm
from app.mail import outbox
from app.mail.render import render
from app.settings import Settings

TEMPLATE = "account_email"
SUBJECT_MAX = 255  # the outbox's subject column
BODY_MAX = 100_000
MAX_REFERENCES = 20


@dataclass(frozen=True)
class OutgoingEmail:
    """sendAccountEmail's command: ids are pks (None: not an id of ours, so NOT_FOUND)."""

    account_id: int | None
    body: str
    subject: str | None = None
    reply_to_id: int | None = None


@entry_point(WORK_ON_ACCOUNTS)
async def send_account_email(
    actor: StaffActor, outgoing: OutgoingEmail, settings: Settings
) -> EmailMessage:
    """Queue the mail to the account's NOTIFY / EMAIL SYNC addresses and record it."""
    account = await visible_accounts(actor).get_or_none(id=outgoing.account_id or 0)
    if account is None:
        raise fail(ErrorCode.NOT_FOUND, "No such account.", "account_id")
    if account.archived_at is not None:
        raise fail(ErrorCode.ARCHIVED, "The account is archived.", "account_id")
    parent = None
    if outgoing.reply_to_id is not None:
        parent = await EmailMessage.get_or_none(id=outgoing.reply_to_id, account_id=account.id)
        if parent is None:
            raise fail(ErrorCode.NOT_FOUND, "No such email on this account.", "reply_to_id")
    subject = _subject(outgoing.subject, parent)
    body = _body(outgoing.body)
    recipients = await _recipients(account.id)
    staff = await staff_with_firm(actor.staff_id)
    context = {
        "subject": subject,
        "body": body,
        "staff_name": f"{staff.first_name} {staff.last_name}",
        "firm_name": staff.firm.name,
    }
    async with unit_of_work():
        row = await _record(account, staff, parent, recipients, context, settings)
        for recipient in recipients:
            await outbox.queue_mail(
                firm_id=account.firm_id,
                to=recipient.contact_email.address,
                template=TEMPLATE,
                context=context,
                headers=_headers(row, staff),
            )
    return row


async def _record(
    account: Account,
    staff: StaffMember,
    parent: EmailMessage | None,
    recipients: list[AccountEmail],
    context: dict[str, str],
    settings: Settings,
) -> EmailMessage:
    """The sent message on the account's Email tab, in the thread of the one it answers."""
    message_id = _new_message_id(settings.mail_from)
    mail = render(TEMPLATE, context)
    row = await EmailMessage.create(
        account_id=account.id,
        message_id=message_id,
        thread_key=parent.thread_key if parent else message_id,
        in_reply_to=parent.message_id if parent else None,
        reference_ids=[*parent.reference_ids, parent.message_id][-MAX_REFERENCES:]
        if parent
        else [],
        direction=EmailDirection.SENT,
        from_address=parseaddr(settings.mail_from)[1] or settings.mail_from,
        from_name=context["staff_name"],
        to_addresses=[r.contact_email.address for r in recipients],
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        sent_at=datetime.now(UTC),
        sent_by_id=staff.id,
    )
    await add_participants(row.id, [r.contact_email_id for r in recipients])
    return row


def _subject(subject: str | None, parent: EmailMessage | None) -> str:
    """The given subject on one line; a reply without one answers "Re: <the parent's>"."""
    subject = " ".join((subject or "").split())
    if not subject and parent is not None:
        original = parent.subject or ""
        subject = original if original.lower().startswith("re:") else f"Re: {original}".strip()
    if not subject:
        raise fail(ErrorCode.REQUIRED, "An email needs a subject.", "subject")
    if len(subject) > SUBJECT_MAX:
        raise fail(ErrorCode.INVALID, "The subject is too long.", "subject")
    return subject


def _body(body: str) -> str:
    body = body.strip()
    if not body:
        raise fail(ErrorCode.REQUIRED, "An email needs a body.", "body")
    if len(body) > BODY_MAX:
        raise fail(ErrorCode.INVALID, "The email is too long.", "body")
    return body


async def _recipients(account_id: int) -> list[AccountEmail]:
    rows = (
        await AccountEmail.filter(account_id=account_id)
        .filter(Q(notify_enabled=True) | Q(email_sync_enabled=True))
        .select_related("contact_email")
        .order_by("contact_email__address")
    )
    if not rows:
        raise fail(
            ErrorCode.NO_EMAIL,
            "No contact email of this account has NOTIFY or EMAIL SYNC on.",
            "account_id",
        )
    return rows


def _new_message_id(mail_from: str) -> str:
    # Random, so nobody can guess it and answer into a thread they never received.
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<crm-{uuid4().hex}@{domain}>"


def _headers(row: EmailMessage, staff: StaffMember) -> dict[str, str]:
    # Replies go to the staff member's own mailbox, which the firm routes to the CRM too.
    headers = {
        "Message-ID": row.message_id,
        "Reply-To": formataddr((f"{staff.first_name} {staff.last_name}", staff.email)),
    }
    if row.in_reply_to is not None:
        headers["In-Reply-To"] = row.in_reply_to
        headers["References"] = " ".join(row.reference_ids)
    return headers
