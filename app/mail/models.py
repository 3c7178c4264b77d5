"""The mail outbox: every outgoing email, written in the transaction that causes it."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.firms.models import Firm


class MailStatus(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"


class OutboxMail(Model):
    # Rendered when queued, so a delivery needs nothing but this row. A worker claims due rows
    # by pushing `next_attempt_at` forward (a lease); a crashed worker's rows come due again.

    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyNullableRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    firm_id: int | None
    template = fields.CharField(max_length=64)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=255)
    text_body = fields.TextField()
    html_body = fields.TextField()
    # Extra headers ({"Message-ID": ..., "In-Reply-To": ...}) that build_message applies.
    headers: Any = fields.JSONField(null=True)
    status = fields.CharEnumField(MailStatus, max_length=16, default=MailStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(index=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_mail"
