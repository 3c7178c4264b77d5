"""What an attempt's outcome changes: the delivery's state, its retry with back-off and
jitter, and the endpoint's failure streak, which turns the endpoint off when too long."""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from app.firms.models import StaffMember, StaffRole
from app.inbox.announce import announce
from app.inbox.models import Notification, NotificationKind
from app.inbox.service import notify
from app.settings import Settings
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.webhooks.sender import Outcome

log = logging.getLogger("crm.webhooks")

# How long a delivery is retried, and how long (or how many attempts in a row) an endpoint
# may fail before the service turns it off.
RETRY_WINDOW = timedelta(hours=24)
FAILING_WINDOW = timedelta(hours=24)
MAX_CONSECUTIVE_FAILURES = 20


@dataclass(frozen=True)
class FailureResult:
    gave_up: bool  # the delivery is FAILED (not retried)
    disabled: bool  # this failure turned the endpoint off


def retry_delay(attempts: int, base: float, cap: float) -> float:
    """Seconds before the next try after `attempts` failures: doubling from `base`, capped
    at `cap`, then jittered down by up to half so that failed receivers are not hit in step."""
    delay = min(base * 2.0 ** min(attempts - 1, 32), cap)
    return delay / 2 + random.uniform(0, delay / 2)


async def record_successes(
    deliveries: Sequence[WebhookDelivery], outcomes: Sequence[Outcome]
) -> None:
    """SUCCEEDED, in one statement per status code; the endpoints' failure streaks end."""
    now = datetime.now(UTC)
    by_code: dict[int | None, list[int]] = defaultdict(list)
    for delivery, outcome in zip(deliveries, outcomes, strict=True):
        by_code[outcome.status_code].append(delivery.id)
    async with in_transaction():
        for code, ids in by_code.items():
            await WebhookDelivery.filter(id__in=ids).update(
                status=DeliveryStatus.SUCCEEDED,
                attempts=F("attempts") + 1,
                last_status_code=code,
                last_error=None,
                next_attempt_at=None,
                delivered_at=now,
            )
        failing = {
            d.endpoint.id: d.endpoint
            for d in deliveries
            if d.endpoint.consecutive_failures or d.endpoint.failing_since
        }
        if failing:
            await WebhookEndpoint.filter(id__in=list(failing)).update(
                consecutive_failures=0, failing_since=None
            )
    for endpoint in failing.values():
        endpoint.consecutive_failures, endpoint.failing_since = 0, None


async def record_failure(
    delivery: WebhookDelivery, outcome: Outcome, settings: Settings
) -> FailureResult:
    """Retry later (PENDING) or give up (FAILED); count the failure on the endpoint, and
    turn it off once it has failed too long, telling the firm's owners."""
    now = datetime.now(UTC)
    attempts = delivery.attempts + 1
    next_at = None
    if outcome.retryable:
        delay = retry_delay(attempts, settings.webhook_retry_base, settings.webhook_retry_max)
        if now + timedelta(seconds=delay) <= delivery.created_at + RETRY_WINDOW:
            next_at = now + timedelta(seconds=delay)
    notices: list[Notification] = []
    async with in_transaction():
        await WebhookDelivery.filter(id=delivery.id).update(
            status=DeliveryStatus.PENDING if next_at else DeliveryStatus.FAILED,
            attempts=attempts,
            last_status_code=outcome.status_code,
            last_error=outcome.error,
            next_attempt_at=next_at,
        )
        endpoint = await _count_failure(delivery.endpoint_id, now)
        if endpoint is not None and (reason := _reason_to_disable(endpoint, now)):
            notices = await _disable(endpoint, reason)
    await announce(notices)
    log.warning(
        "webhook delivery %s (endpoint %s): attempt %d failed, %s: %s",
        delivery.id,
        delivery.endpoint_id,
        attempts,
        f"retry at {next_at:%H:%M:%S}" if next_at else "not retried",
        outcome.error,
    )
    return FailureResult(gave_up=next_at is None, disabled=bool(notices))


async def _count_failure(endpoint_id: int, now: datetime) -> WebhookEndpoint | None:
    """One more failure in the endpoint's streak (in the database, so concurrent workers
    add up); the endpoint as it now is, or None once deleted."""
    await WebhookEndpoint.filter(id=endpoint_id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    await WebhookEndpoint.filter(id=endpoint_id, failing_since__isnull=True).update(
        failing_since=now
    )
    return await WebhookEndpoint.get_or_none(id=endpoint_id)


def _reason_to_disable(endpoint: WebhookEndpoint, now: datetime) -> str | None:
    if not endpoint.enabled:
        return None
    if endpoint.consecutive_failures >= MAX_CONSECUTIVE_FAILURES:
        return f"Turned off after {endpoint.consecutive_failures} failed attempts in a row."
    if endpoint.failing_since and now - endpoint.failing_since >= FAILING_WINDOW:
        return "Turned off after failing for 24 hours."
    return None


async def _disable(endpoint: WebhookEndpoint, reason: str) -> list[Notification]:
    """Turn the endpoint off (once, whoever else is failing it too) and tell the owners."""
    turned_off = await WebhookEndpoint.filter(id=endpoint.id, enabled=True).update(
        enabled=False, disabled_reason=reason
    )
    if not turned_off:
        return []
    endpoint.enabled, endpoint.disabled_reason = False, reason
    owners: list[int] = await StaffMember.filter(  # type: ignore[assignment]
        firm_id=endpoint.firm_id, role=StaffRole.OWNER, deactivated_at__isnull=True
    ).values_list("id", flat=True)
    host = urlsplit(endpoint.url).hostname or "?"
    log.warning("webhook endpoint %s turned off: %s", endpoint.id, reason)
    return await notify(
        endpoint.firm_id,
        owners,
        NotificationKind.WEBHOOK_ENDPOINT_DISABLED,
        f"Webhook endpoint turned off: {host}",
        body=f"{reason} Fix the receiver at {host}, then enable the endpoint again.",
    )
