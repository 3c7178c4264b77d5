"""Reading a firm's webhook endpoints."""

from __future__ import annotations

from app.graphql.context import Info
from app.webhooks import service
from app.webhooks.graphql.types import WebhookEndpoint
from app.webhooks.policy import MANAGE_WEBHOOKS


async def webhook_endpoints(info: Info) -> list[WebhookEndpoint]:
    """The firm's endpoints, oldest first."""
    rows = await service.endpoints_of(info.context.require_actor(MANAGE_WEBHOOKS))
    return [WebhookEndpoint.of(row) for row in rows]
