"""Inbox+ notifications: stored per recipient first, published after commit."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Account
    from app.firms.models import Firm, StaffMember


class NotificationKind(StrEnum):
    CLIENT_REGISTERED = "CLIENT_REGISTERED"
    CLIENT_ACTIVATED = "CLIENT_ACTIVATED"
    ACCOUNT_ASSIGNED = "ACCOUNT_ASSIGNED"
    BULK_UPDATE_COMPLETED = "BULK_UPDATE_COMPLETED"
    IMPORT_COMPLETED = "IMPORT_COMPLETED"
    EMAIL_RECEIVED = "EMAIL_RECEIVED"
    WEBHOOK_ENDPOINT_DISABLED = "WEBHOOK_ENDPOINT_DISABLED"


class Notification(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="notifications", on_delete=fields.CASCADE
    )
    firm_id: int
    recipient: fields.ForeignKeyRelation[StaffMember] = fields.ForeignKeyField(
        "models.StaffMember", related_name="notifications", on_delete=fields.CASCADE
    )
    recipient_id: int
    kind = fields.CharEnumField(NotificationKind, max_length=32)
    title = fields.CharField(max_length=255)
    body = fields.TextField(null=True)
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    account_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("recipient_id", "id"),)
