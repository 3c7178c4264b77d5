"""EMAIL SYNC: an account's email (a connection and the overview's newest five), its documents,
and the inputs and payload of sending from the CRM."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from app import models
from app.contacts.loaders import staff_by_id
from app.email_sync.loaders import EmailPageKey
from app.firms.graphql.types import StaffMember
from app.graphql.connection import Connection, connection
from app.graphql.context import Info
from app.graphql.ids import global_id
from app.graphql.permissions import staff_only
from app.graphql.types import Node, UserError
from app.pagination import Page, PageRequest


@strawberry.enum
class EmailDirection(Enum):
    RECEIVED = "RECEIVED"
    SENT = "SENT"


@strawberry.type
class AccountDocument(Node):
    name: str = strawberry.field(description="The sanitised original filename.")
    folder: str = strawberry.field(description="The folder's path, e.g. Client uploaded documents.")
    content_type: str
    size: int
    created_at: datetime

    @staticmethod
    def of(row: models.AccountDocument) -> AccountDocument:
        return AccountDocument(
            id=strawberry.ID(global_id(AccountDocument, row.id)),
            name=row.name,
            folder=row.folder,
            content_type=row.content_type,
            size=row.size,
            created_at=row.created_at,
        )


@strawberry.type
class EmailAttachment:
    filename: str
    content_type: str
    size: int
    document_id: strawberry.Private[int | None]

    @strawberry.field(
        description="The document it was kept as (the firm's saveEmailAttachments), if any.",
        extensions=staff_only(),
    )
    async def document(self, info: Info) -> AccountDocument | None:
        if self.document_id is None:
            return None
        row = await info.context.load.email_sync.document_by_id.load(self.document_id)
        return AccountDocument.of(row) if row else None


@strawberry.type(description="One email on an account's Email tab.")
class EmailMessage(Node):
    direction: EmailDirection = strawberry.field(
        description="RECEIVED: written by a contact of the account; SENT: by the firm."
    )
    subject: str
    from_address: str
    from_name: str | None
    to_addresses: list[str]
    cc_addresses: list[str]
    text: str | None
    html: str | None = strawberry.field(
        description="As received: untrusted, render it sandboxed (no scripts, no remote content)."
    )
    sent_at: datetime = strawberry.field(description="The Date header, never later than receipt.")
    received_at: datetime
    message_id: str
    in_reply_to: str | None
    thread_id: str = strawberry.field(
        description="Equal for the messages of one thread: pass to Account.emails(threadId)."
    )
    attachments: list[EmailAttachment]
    sent_by_id: strawberry.Private[int | None]

    @staticmethod
    def of(row: models.EmailMessage) -> EmailMessage:
        return EmailMessage(
            id=strawberry.ID(global_id(EmailMessage, row.id)),
            direction=EmailDirection(row.direction),
            subject=row.subject,
            from_address=row.from_address,
            from_name=row.from_name,
            to_addresses=list(row.to_addresses),
            cc_addresses=list(row.cc_addresses),
            text=row.text_body,
            html=row.html_body,
            sent_at=row.sent_at,
            received_at=row.created_at,
            message_id=row.message_id,
            in_reply_to=row.in_reply_to,
            thread_id=row.thread_key,
            attachments=[_attachment(a) for a in row.attachments],
            sent_by_id=row.sent_by_id,
        )

    @strawberry.field(description="Who sent it from the CRM.", extensions=staff_only())
    async def sent_by(self, info: Info) -> StaffMember | None:
        if self.sent_by_id is None:
            return None
        row = await info.context.load.load(staff_by_id, self.sent_by_id)
        return StaffMember.of(row) if row else None


def _attachment(entry: dict[str, Any]) -> EmailAttachment:
    return EmailAttachment(
        filename=entry["filename"],
        content_type=entry["content_type"],
        size=entry["size"],
        document_id=entry.get("document_id"),
    )


EmailMessageConnection = Connection[EmailMessage]


async def email_connection(
    info: Info, account_id: int, first: int | None, after: str | None, thread_id: str | None
) -> EmailMessageConnection:
    """One page of an account's email, newest first, through the batched page loader."""
    request = PageRequest.of(first, after)
    key = EmailPageKey(account_id, request.size, request.offset, thread_id)
    found = await info.context.load.email_sync.page_by_key.load(key)
    page = Page.at_offset(found.rows, found.total, request.offset)
    return connection(page, EmailMessage.of)


@strawberry.input
class SendAccountEmailInput:
    account_id: strawberry.ID
    body: str
    subject: str | None = strawberry.field(
        default=None, description="Optional on a reply: then 'Re: <the subject answered>'."
    )
    reply_to_id: strawberry.ID | None = strawberry.field(
        default=None, description="An EmailMessage of the account: the reply joins its thread."
    )


@strawberry.type
class SendAccountEmailPayload:
    email: EmailMessage | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
