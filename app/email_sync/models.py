"""EMAIL SYNC: the email thread of an account, and the documents kept from attachments."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.contacts.models import ContactEmail
    from app.firms.models import StaffMember


class EmailDirection(StrEnum):
    RECEIVED = "RECEIVED"  # written by a contact of the account
    SENT = "SENT"  # written by the firm: from the CRM, or a staff mailbox routed to the CRM


class EmailMessage(Model):
    # One email on one account's Email tab. A message that concerns two accounts is stored
    # on each; (account, message_id) is unique, so a copy received twice is stored once.

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="email_messages", on_delete=fields.CASCADE
    )
    account_id: int
    message_id = fields.CharField(max_length=255)
    # The Message-ID of the thread's first message (as far as this account has seen).
    thread_key = fields.CharField(max_length=255)
    in_reply_to = fields.CharField(max_length=255, null=True)
    # The References header's ids, oldest first (bounded), so a reply can pass them on.
    reference_ids: Any = fields.JSONField(default=list)
    direction = fields.CharEnumField(EmailDirection, max_length=16)
    from_address = fields.CharField(max_length=254)
    from_name = fields.CharField(max_length=255, null=True)
    to_addresses: Any = fields.JSONField(default=list)
    cc_addresses: Any = fields.JSONField(default=list)
    subject = fields.CharField(max_length=500, default="")
    text_body = fields.TextField(null=True)
    html_body = fields.TextField(null=True)
    # The Date header (never later than receipt), or when it was received or queued.
    sent_at = fields.DatetimeField()
    # [{"filename", "content_type", "size", "document_id"}]; document_id is null when not kept.
    attachments: Any = fields.JSONField(default=list)
    # The staff member who sent it from the CRM; null for mail received over SMTP.
    sent_by: fields.ForeignKeyNullableRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="sent_emails", null=True, on_delete=fields.SET_NULL
    )
    sent_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "email_message"
        unique_together = (("account", "message_id"),)
        indexes = (("account_id", "sent_at"), ("account_id", "thread_key"))


class EmailParticipant(Model):
    # A contact email of the firm found in a message's From, To or Cc: what a client may read.

    id = fields.IntField(primary_key=True)
    email_message: fields.ForeignKeyRelation[EmailMessage] = fields.ForeignKeyField(
        "models.EmailMessage", related_name="participants", on_delete=fields.CASCADE
    )
    email_message_id: int
    contact_email: fields.ForeignKeyRelation[ContactEmail] = fields.ForeignKeyField(
        "models.ContactEmail", related_name="email_participations", on_delete=fields.CASCADE
    )
    contact_email_id: int

    class Meta:
        table = "email_participant"
        unique_together = (("email_message", "contact_email"),)


class AccountDocument(Model):
    # A file kept for an account. The bytes live under CRM_DOCUMENTS_DIR at `storage_key`, a
    # name we make up; `name` is the sanitised original filename, for display only.

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="documents", on_delete=fields.CASCADE
    )
    account_id: int
    folder = fields.CharField(max_length=255)
    name = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=127)
    size = fields.BigIntField()
    storage_key = fields.CharField(max_length=255, unique=True)
    email_message: fields.ForeignKeyNullableRelation[EmailMessage] = fields.ForeignKeyField(
        "models.EmailMessage", related_name="documents", null=True, on_delete=fields.SET_NULL
    )
    email_message_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account_document"
        indexes = (("account_id", "created_at"),)
