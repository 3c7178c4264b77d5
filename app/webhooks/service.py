"""Managing a firm's webhook endpoints: register, change, remove, rotate the secret, send a
test event, redeliver. Every function checks the policy first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise.queryset import QuerySet

from app.access.actors import Actor
from app.access.permissions import entry_point
from app.db.paging import fetch_page
from app.errors import Collector, ErrorCode, fail
from app.pagination import Page, PageRequest
from app.settings import Settings
from app.webhooks import outbox
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEventType
from app.webhooks.policy import MANAGE_WEBHOOKS, require_manager
from app.webhooks.signing import new_secret
from app.webhooks.url_guard import RefusedUrl, resolve

# Endpoints one firm may register; more is LIMIT_EXCEEDED (each event is posted to each).
MAX_ENDPOINTS = 20
DESCRIPTION_MAX = 500


def endpoints_of(actor: Actor) -> QuerySet[WebhookEndpoint]:
    """The firm's endpoints, oldest first."""
    require_manager(actor)
    return WebhookEndpoint.filter(firm_id=actor.firm_id).order_by("id")


@entry_point(MANAGE_WEBHOOKS)
async def get_endpoint(actor: Actor, pk: int | None, *field: str) -> WebhookEndpoint:
    """The firm's endpoint, or NOT_FOUND (another firm's too)."""
    endpoint = await endpoints_of(actor).get_or_none(id=pk or 0)
    if endpoint is None:
        raise fail(ErrorCode.NOT_FOUND, "No such webhook endpoint.", *field)
    return endpoint


def deliveries_of(
    endpoint_id: int, status: DeliveryStatus | None = None
) -> QuerySet[WebhookDelivery]:
    """An endpoint's deliveries, newest first."""
    query = WebhookDelivery.filter(endpoint_id=endpoint_id)
    if status is not None:
        query = query.filter(status=status)
    return query.order_by("-id")


async def delivery_page(
    endpoint_id: int, status: DeliveryStatus | None, request: PageRequest
) -> Page[WebhookDelivery]:
    """One page of an endpoint's deliveries (the endpoint was found through the policy)."""
    return await fetch_page(deliveries_of(endpoint_id, status), request)


@entry_point(MANAGE_WEBHOOKS)
async def find_delivery(actor: Actor, pk: int | None) -> WebhookDelivery | None:
    """A delivery to one of the firm's endpoints, or None."""
    require_manager(actor)
    return await WebhookDelivery.get_or_none(id=pk or 0, endpoint__firm_id=actor.firm_id)


@entry_point(MANAGE_WEBHOOKS)
async def create_endpoint(
    actor: Actor,
    url: str,
    events: Sequence[WebhookEventType],
    description: str | None,
    settings: Settings,
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; answer it and its signing secret (shown this once)."""
    require_manager(actor)
    errors = Collector()
    checked_url = await _check_url(errors, url, settings)
    checked_events = errors.check(_check_events, events)
    checked_description = errors.check(_check_description, description)
    errors.raise_any()
    if await WebhookEndpoint.filter(firm_id=actor.firm_id).count() >= MAX_ENDPOINTS:
        raise fail(
            ErrorCode.LIMIT_EXCEEDED, f"A firm may have {MAX_ENDPOINTS} webhook endpoints.", "input"
        )
    secret = new_secret()
    endpoint = await WebhookEndpoint.create(
        firm_id=actor.firm_id,
        url=checked_url,
        events=checked_events,
        description=checked_description,
        secret=secret,
    )
    return endpoint, secret


@entry_point(MANAGE_WEBHOOKS)
async def update_endpoint(
    actor: Actor, pk: int | None, changes: dict[str, Any], settings: Settings
) -> WebhookEndpoint:
    """Apply the given fields (url, events, description, enabled); enabling again clears
    why the service had turned it off, and its failure streak."""
    endpoint = await get_endpoint(actor, pk, "input", "id")
    errors = Collector()
    columns: dict[str, Any] = {}
    if changes.get("url") is not None:
        columns["url"] = await _check_url(errors, changes["url"], settings)
    if changes.get("events") is not None:
        columns["events"] = errors.check(_check_events, changes["events"])
    if "description" in changes:
        columns["description"] = errors.check(_check_description, changes["description"])
    errors.raise_any()
    enabled = changes.get("enabled")
    if enabled is not None and enabled != endpoint.enabled:
        columns.update(enabled=enabled, disabled_reason=None)
        if enabled:
            columns.update(consecutive_failures=0, failing_since=None)
    if columns:
        endpoint.update_from_dict(columns)
        await endpoint.save(update_fields=list(columns))
    if enabled:
        outbox.ring()  # its waiting deliveries are due again
    return endpoint


@entry_point(MANAGE_WEBHOOKS)
async def delete_endpoint(actor: Actor, pk: int | None) -> WebhookEndpoint:
    """Remove the endpoint and its deliveries; answer it as it was."""
    endpoint = await get_endpoint(actor, pk, "id")
    await endpoint.delete()
    return endpoint


@entry_point(MANAGE_WEBHOOKS)
async def rotate_secret(actor: Actor, pk: int | None) -> tuple[WebhookEndpoint, str]:
    """A new signing secret, used from the next attempt on; the old one stops at once."""
    endpoint = await get_endpoint(actor, pk, "id")
    endpoint.secret = new_secret()
    await endpoint.save(update_fields=["secret"])
    return endpoint, endpoint.secret


@entry_point(MANAGE_WEBHOOKS)
async def send_test(actor: Actor, pk: int | None) -> WebhookDelivery:
    """Queue a PING to this endpoint only, due now."""
    endpoint = await get_endpoint(actor, pk, "id")
    _require_enabled(endpoint)
    data = {"endpointId": _endpoint_global_id(endpoint.id)}
    delivery = await outbox.write_one(endpoint.id, WebhookEventType.PING, data)
    outbox.ring()
    return delivery


@entry_point(MANAGE_WEBHOOKS)
async def redeliver(actor: Actor, delivery_pk: int | None) -> WebhookDelivery:
    """Send a delivery's event again, with the same webhook-id and body, as a new delivery."""
    delivery = await find_delivery(actor, delivery_pk)
    if delivery is None:
        raise fail(ErrorCode.NOT_FOUND, "No such webhook delivery.", "id")
    endpoint = await WebhookEndpoint.get(id=delivery.endpoint_id)
    _require_enabled(endpoint)
    copy = await outbox.copy_for_redelivery(delivery)
    outbox.ring()
    return copy


def _require_enabled(endpoint: WebhookEndpoint) -> None:
    if not endpoint.enabled:
        raise fail(ErrorCode.INVALID, "The endpoint is turned off: enable it first.", "id")


def _endpoint_global_id(pk: int) -> str:
    from app.graphql.ids import to_global_id

    return to_global_id("WebhookEndpoint", pk)


async def _check_url(errors: Collector, url: str, settings: Settings) -> str:
    try:
        return (await resolve(url, settings.webhook_allow_private)).url
    except RefusedUrl as error:
        errors.add(fail(ErrorCode.INVALID, str(error), "input", "url"))
        return ""


def _check_events(events: Sequence[WebhookEventType]) -> list[str]:
    if not events:
        raise fail(ErrorCode.REQUIRED, "Choose at least one event type.", "input", "events")
    return list(dict.fromkeys(WebhookEventType(e).value for e in events))


def _check_description(description: str | None) -> str | None:
    text = (description or "").strip()
    if len(text) > DESCRIPTION_MAX:
        raise fail(
            ErrorCode.INVALID,
            f"A description has at most {DESCRIPTION_MAX} characters.",
            "input",
            "description",
        )
    return text or None
