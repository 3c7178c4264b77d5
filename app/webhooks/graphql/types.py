"""Webhook endpoints and deliveries as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry

from app.graphql.connection import Connection, connection
from app.graphql.context import Info
from app.graphql.ids import to_global_id
from app.graphql.types import Node
from app.pagination import PageRequest
from app.webhooks import models, service

if TYPE_CHECKING:  # the domain's enums, as mypy sees them
    from app.webhooks.models import DeliveryStatus as WebhookDeliveryStatus
    from app.webhooks.models import WebhookEventType
else:
    WebhookEventType = strawberry.enum(
        models.WebhookEventType,
        name="WebhookEventType",
        description="What a webhook event reports; PING is sent by sendTestWebhook only.",
    )
    WebhookDeliveryStatus = strawberry.enum(models.DeliveryStatus, name="WebhookDeliveryStatus")


@strawberry.type
class WebhookDelivery(Node):
    event_id: str = strawberry.field(
        description="The event's id, sent as the webhook-id header: the same on every retry "
        "and redelivery."
    )
    event_type: WebhookEventType
    status: WebhookDeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    delivered_at: datetime | None
    payload: str = strawberry.field(description="The JSON body that is (or was) posted.")

    @staticmethod
    def of(row: models.WebhookDelivery) -> WebhookDelivery:
        return WebhookDelivery(
            id=strawberry.ID(to_global_id("WebhookDelivery", row.id)),
            event_id=row.event_id,
            event_type=WebhookEventType(row.event_type),
            status=WebhookDeliveryStatus(row.status),
            attempts=row.attempts,
            last_status_code=row.last_status_code,
            last_error=row.last_error,
            next_attempt_at=row.next_attempt_at,
            created_at=row.created_at,
            delivered_at=row.delivered_at,
            payload=row.payload,
        )


WebhookDeliveryConnection = Connection[WebhookDelivery]


@strawberry.type
class WebhookEndpoint(Node):
    url: str
    description: str | None
    events: list[WebhookEventType]
    enabled: bool
    disabled_reason: str | None = strawberry.field(
        description="Why the service turned it off (e.g. failing for too long); null while enabled."
    )
    created_at: datetime
    pk: strawberry.Private[int]

    @staticmethod
    def of(row: models.WebhookEndpoint) -> WebhookEndpoint:
        return WebhookEndpoint(
            id=strawberry.ID(to_global_id("WebhookEndpoint", row.id)),
            url=row.url,
            description=row.description,
            events=[WebhookEventType(e) for e in row.events],
            enabled=row.enabled,
            disabled_reason=row.disabled_reason,
            created_at=row.created_at,
            pk=row.id,
        )

    @strawberry.field(description="Newest first.")
    async def deliveries(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: WebhookDeliveryStatus | None = None,
    ) -> WebhookDeliveryConnection:
        wanted = models.DeliveryStatus(status.value) if status is not None else None
        page = await service.delivery_page(self.pk, wanted, PageRequest.of(first, after))
        return connection(page, WebhookDelivery.of)
