"""Recording events: one delivery row per subscribed endpoint, in the caller's transaction,
and the doorbell that wakes the delivery workers of this process."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEventType
from app.webhooks.signing import new_event_id

# One event per running worker of this process; `ring` sets them all.
_doorbells: set[asyncio.Event] = set()


async def subscribed(firm_id: int, event_type: WebhookEventType) -> list[WebhookEndpoint]:
    """The firm's enabled endpoints that take this event type (one statement)."""
    endpoints = await WebhookEndpoint.filter(firm_id=firm_id, enabled=True).order_by("id")
    return [e for e in endpoints if event_type.value in e.events]


async def record(
    firm_id: int, event_type: WebhookEventType, data: Mapping[str, Any]
) -> list[WebhookDelivery]:
    """Store one event for every endpoint subscribed to its type; call inside the
    transaction of the change it reports, and `ring()` (or let the poll find it) after."""
    return await write(await subscribed(firm_id, event_type), event_type, [data])


async def write(
    endpoints: Sequence[WebhookEndpoint],
    event_type: WebhookEventType,
    events: Sequence[Mapping[str, Any]],
) -> list[WebhookDelivery]:
    """A PENDING delivery, due now, of each event (its `data`) to each endpoint, in one INSERT.

    Every endpoint gets the same body and webhook-id for one event."""
    if not endpoints or not events:
        return []
    now = datetime.now(UTC)
    rows = []
    for data in events:
        event_id, body = new_event_id(), body_of(event_type, now, data)
        rows += [
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event_id=event_id,
                event_type=event_type,
                payload=body,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    await WebhookDelivery.bulk_create(rows)
    return rows


def body_of(event_type: WebhookEventType, at: datetime, data: Mapping[str, Any]) -> str:
    """The JSON that is posted: `{"type", "timestamp", "data"}`."""
    envelope = {"type": event_type.value, "timestamp": at.isoformat(), "data": dict(data)}
    return json.dumps(envelope, separators=(",", ":"), default=str)


async def write_one(
    endpoint_id: int, event_type: WebhookEventType, data: Mapping[str, Any]
) -> WebhookDelivery:
    """One event to one endpoint (e.g. a test PING), saved with its id."""
    now = datetime.now(UTC)
    return await WebhookDelivery.create(
        endpoint_id=endpoint_id,
        event_id=new_event_id(),
        event_type=event_type,
        payload=body_of(event_type, now, data),
        next_attempt_at=now,
    )


async def copy_for_redelivery(delivery: WebhookDelivery) -> WebhookDelivery:
    """A new PENDING delivery of the same event (same webhook-id and body), due now."""
    return await WebhookDelivery.create(
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        payload=delivery.payload,
        status=DeliveryStatus.PENDING,
        next_attempt_at=datetime.now(UTC),
    )


def ring() -> None:
    """Wake every webhook worker of this process now rather than at its next poll."""
    for doorbell in _doorbells:
        doorbell.set()


def add_doorbell(doorbell: asyncio.Event) -> None:
    _doorbells.add(doorbell)


def remove_doorbell(doorbell: asyncio.Event) -> None:
    _doorbells.discard(doorbell)
