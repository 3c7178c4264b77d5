"""Webhook endpoints a firm registers, and the delivery outbox: one row per (event, endpoint),
written in the transaction of the change the event reports."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.firms.models import Firm


class WebhookEventType(StrEnum):
    PING = "PING"
    CLIENT_REGISTERED = "CLIENT_REGISTERED"
    CLIENT_ACTIVATED = "CLIENT_ACTIVATED"
    ACCOUNT_CREATED = "ACCOUNT_CREATED"
    ACCOUNT_UPDATED = "ACCOUNT_UPDATED"
    ACCOUNT_ARCHIVED = "ACCOUNT_ARCHIVED"
    ACCOUNT_RESTORED = "ACCOUNT_RESTORED"
    CONTACT_CREATED = "CONTACT_CREATED"
    CONTACT_UPDATED = "CONTACT_UPDATED"
    CONTACT_TOGGLES_CHANGED = "CONTACT_TOGGLES_CHANGED"
    EMAIL_RECEIVED = "EMAIL_RECEIVED"
    IMPORT_COMPLETED = "IMPORT_COMPLETED"
    BULK_UPDATE_COMPLETED = "BULK_UPDATE_COMPLETED"


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    firm: fields.ForeignKeyRelation[Firm] = fields.ForeignKeyField(
        "models.Firm", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    firm_id: int
    url = fields.CharField(max_length=2048)
    description = fields.TextField(null=True)
    # The event type names (WebhookEventType values) it is subscribed to.
    events: Any = fields.JSONField(default=list)
    # Kept readable: every delivery is signed with it (`whsec_` + base64 of 32 bytes).
    secret = fields.CharField(max_length=64)
    enabled = fields.BooleanField(default=True)
    disabled_reason = fields.TextField(null=True)
    # Failed attempts in a row, and since when; both reset by a success. They decide when
    # the service turns the endpoint off.
    consecutive_failures = fields.IntField(default=0)
    failing_since = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_endpoint"


class WebhookDelivery(Model):
    # The body is built when the event is recorded, so a delivery needs nothing but this row
    # and its endpoint. A worker claims due rows by pushing `next_attempt_at` one lease ahead.

    id = fields.IntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    endpoint_id: int
    # The webhook-id header: one per event, the same for every endpoint, retry and redelivery.
    event_id = fields.CharField(max_length=64, db_index=True)
    event_type = fields.CharEnumField(WebhookEventType, max_length=32)
    payload = fields.TextField()
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_status_code = fields.IntField(null=True)
    last_error = fields.TextField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"), ("endpoint_id", "id"))
