"""What the webhook mutations take and answer."""

from __future__ import annotations

import strawberry

from app.graphql.types import UserError
from app.webhooks.graphql.types import WebhookDelivery, WebhookEndpoint, WebhookEventType


@strawberry.input
class CreateWebhookEndpointInput:
    url: str
    events: list[WebhookEventType]
    description: str | None = None


@strawberry.input
class UpdateWebhookEndpointInput:
    id: strawberry.ID
    url: str | None = strawberry.UNSET
    events: list[WebhookEventType] | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    enabled: bool | None = strawberry.UNSET


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookSecretPayload:
    endpoint: WebhookEndpoint | None = None
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (whsec_...), shown when the endpoint is created and "
        "when it is rotated.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
