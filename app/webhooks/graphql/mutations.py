"""Registering and managing webhook endpoints: parse input, call the service, shape the payload."""

from __future__ import annotations

from typing import Any

import strawberry

from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.webhooks import models, service
from app.webhooks.graphql.inputs import (
    CreateWebhookEndpointInput,
    UpdateWebhookEndpointInput,
    WebhookDeliveryPayload,
    WebhookEndpointPayload,
    WebhookSecretPayload,
)
from app.webhooks.graphql.types import WebhookDelivery, WebhookEndpoint
from app.webhooks.policy import MANAGE_WEBHOOKS


def _event_types(values: list[Any]) -> list[models.WebhookEventType]:
    return [models.WebhookEventType(v.value) for v in values]


@reports_user_errors(WebhookSecretPayload)
async def create_webhook_endpoint(
    info: Info, input: CreateWebhookEndpointInput
) -> WebhookSecretPayload:
    endpoint, secret = await service.create_endpoint(
        info.context.require_actor(MANAGE_WEBHOOKS),
        input.url,
        _event_types(input.events),
        input.description,
        info.context.settings,
    )
    return WebhookSecretPayload(endpoint=WebhookEndpoint.of(endpoint), secret=secret)


@reports_user_errors(WebhookEndpointPayload)
async def update_webhook_endpoint(
    info: Info, input: UpdateWebhookEndpointInput
) -> WebhookEndpointPayload:
    changes: dict[str, Any] = {}
    for name in ("url", "description", "enabled"):
        if getattr(input, name) is not strawberry.UNSET:
            changes[name] = getattr(input, name)
    if input.events is not strawberry.UNSET and input.events is not None:
        changes["events"] = _event_types(input.events)
    endpoint = await service.update_endpoint(
        info.context.require_actor(MANAGE_WEBHOOKS),
        pk_of(input.id, WebhookEndpoint),
        changes,
        info.context.settings,
    )
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.of(endpoint))


@reports_user_errors(WebhookEndpointPayload)
async def delete_webhook_endpoint(info: Info, id: strawberry.ID) -> WebhookEndpointPayload:
    actor = info.context.require_actor(MANAGE_WEBHOOKS)
    endpoint = await service.delete_endpoint(actor, pk_of(id, WebhookEndpoint))
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.of(endpoint))


@reports_user_errors(WebhookSecretPayload)
async def rotate_webhook_secret(info: Info, id: strawberry.ID) -> WebhookSecretPayload:
    actor = info.context.require_actor(MANAGE_WEBHOOKS)
    endpoint, secret = await service.rotate_secret(actor, pk_of(id, WebhookEndpoint))
    return WebhookSecretPayload(endpoint=WebhookEndpoint.of(endpoint), secret=secret)


@reports_user_errors(WebhookDeliveryPayload)
async def send_test_webhook(info: Info, id: strawberry.ID) -> WebhookDeliveryPayload:
    actor = info.context.require_actor(MANAGE_WEBHOOKS)
    delivery = await service.send_test(actor, pk_of(id, WebhookEndpoint))
    return WebhookDeliveryPayload(delivery=WebhookDelivery.of(delivery))


@reports_user_errors(WebhookDeliveryPayload)
async def redeliver_webhook_delivery(info: Info, id: strawberry.ID) -> WebhookDeliveryPayload:
    actor = info.context.require_actor(MANAGE_WEBHOOKS)
    delivery = await service.redeliver(actor, pk_of(id, WebhookDelivery))
    return WebhookDeliveryPayload(delivery=WebhookDelivery.of(delivery))
