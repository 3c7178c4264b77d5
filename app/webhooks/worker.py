"""The webhook worker: posts due deliveries in the background, retrying temporary failures.

Shaped as the mail worker (app/mail/worker.py): claims with SKIP LOCKED and a lease, so
several processes deliver without posting one delivery twice at once, woken by `ring()` or
every `webhook_poll_interval` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from app.graphql.unavailable import describe, is_database_outage
from app.settings import Settings
from app.webhooks import sender
from app.webhooks.failures import record_failure, record_successes
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.webhooks.outbox import add_doorbell, remove_doorbell

log = logging.getLogger("crm.webhooks")

# A claimed row is due again after this, so the deliveries of a worker that died are not
# lost. Longer than an attempt may take (the 10 s timeout) with room to record it.
LEASE = timedelta(seconds=60)
# Deliveries claimed, and posted concurrently, at once: one slow receiver holds up at most
# this batch, not the queue behind it.
BATCH = 20


@dataclass
class WorkerStats:
    """What one worker has done since it was made; tests wait on these."""

    rounds: int = 0
    attempts: int = 0
    succeeded: int = 0
    retried: int = 0  # temporary failures, tried again later
    failed: int = 0  # deliveries given up
    disabled: int = 0  # endpoints this worker turned off


class WebhookWorker:
    """Delivers PENDING webhook deliveries of enabled endpoints."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stats = WorkerStats()
        self._rounds_started = 0
        self._doorbell = asyncio.Event()
        self._changed = asyncio.Condition()
        self._stopping = False
        self._database_down = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start delivering in a background task of the running loop."""
        if self._task is not None:
            raise RuntimeError("the webhook worker is already running")
        self._stopping = False
        add_doorbell(self._doorbell)
        self._doorbell.set()  # events recorded while no worker ran are due already
        self._task = asyncio.create_task(self._run(), name="webhook-worker")

    def take_no_more(self) -> None:
        """Claim no new deliveries (a shutdown began); the batch under way goes on."""
        self._stopping = True
        remove_doorbell(self._doorbell)
        self._doorbell.set()

    async def stop(self, timeout: float | None = None) -> None:
        """Finish the batch under way, then stop; the rest stays PENDING. Past `timeout`
        seconds the batch is cancelled: its deliveries come due again once their lease ends."""
        if self._task is None:
            return
        self.take_no_more()
        task = self._task
        try:
            done, _ = await asyncio.wait({task}, timeout=timeout)
            if not done:
                log.warning("webhook worker: stopped before the deliveries under way ended")
                while not task.done():
                    task.cancel()
                    await asyncio.wait({task}, timeout=0.5)
            else:
                task.result()
        finally:
            self._task = None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds; checked after every batch and round."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def idle(self, timeout: float = 10.0) -> None:
        """Ring, then wait until a round that began after this call has finished."""
        target = self._rounds_started + 1
        self._doorbell.set()
        await self.wait_for(lambda: self.stats.rounds >= target, timeout)

    async def _run(self) -> None:
        async with sender.client() as http:
            while not self._stopping:
                self._doorbell.clear()  # before the round: a ring during it means another
                self._rounds_started += 1
                try:
                    await self._round(http)
                except Exception as error:  # the next round tries again
                    self._round_failed(error)
                else:
                    if self._database_down:
                        self._database_down = False
                        log.info("webhook worker: the database answers again")
                self.stats.rounds += 1
                await self._notify()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._doorbell.wait(), self.settings.webhook_poll_interval
                    )

    def _round_failed(self, error: Exception) -> None:
        if not is_database_outage(error):
            log.exception("webhook worker: delivery round failed")
        elif not self._database_down:
            self._database_down = True
            log.warning(
                "webhook worker: the database is not answering (%s); trying again every %gs",
                describe(error),
                self.settings.webhook_poll_interval,
            )

    async def _round(self, http: sender.httpx.AsyncClient) -> None:
        # Only rows due when the round began, so a round ends even while retries come due.
        due_by = datetime.now(UTC)
        while not self._stopping:
            batch = await claim(due_by)
            if not batch:
                return
            outcomes = await asyncio.gather(*(self._attempt(http, d) for d in batch))
            succeeded = [d for d, outcome in zip(batch, outcomes, strict=True) if outcome.ok]
            # Successes in one statement per status code: one commit, not one per delivery.
            await record_successes(succeeded, [o for o in outcomes if o.ok])
            self.stats.succeeded += len(succeeded)
            for delivery, outcome in zip(batch, outcomes, strict=True):
                if not outcome.ok:
                    await self._failed(delivery, outcome)
            await self._notify()

    async def _attempt(
        self, http: sender.httpx.AsyncClient, delivery: WebhookDelivery
    ) -> sender.Outcome:
        endpoint = delivery.endpoint
        self.stats.attempts += 1
        try:
            return await sender.attempt(
                http,
                url=endpoint.url,
                secret=endpoint.secret,
                event_id=delivery.event_id,
                body=delivery.payload,
                timeout=self.settings.webhook_timeout,
                allow_private=self.settings.webhook_allow_private,
            )
        except Exception as error:  # a bug must cost one delivery an attempt, not the worker
            log.exception("webhook delivery %s: unexpected error", delivery.id)
            return sender.Outcome(ok=False, error=f"{type(error).__name__}", retryable=True)

    async def _failed(self, delivery: WebhookDelivery, outcome: sender.Outcome) -> None:
        result = await record_failure(delivery, outcome, self.settings)
        if result.gave_up:
            self.stats.failed += 1
        else:
            self.stats.retried += 1
        self.stats.disabled += int(result.disabled)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


async def claim(due_by: datetime) -> list[WebhookDelivery]:
    """Take up to BATCH due deliveries of enabled endpoints by pushing their next attempt
    one lease ahead, and commit; their endpoints are loaded."""
    async with in_transaction():
        # SKIP LOCKED: another process's worker skips the rows we are claiming (PostgreSQL);
        # SQLite ignores it and runs transactions one at a time anyway.
        enabled = WebhookEndpoint.filter(enabled=True).values("id")
        rows = (
            await WebhookDelivery.filter(
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=due_by,
                endpoint_id__in=Subquery(enabled),
            )
            .order_by("next_attempt_at", "id")
            .limit(BATCH)
            .select_for_update(skip_locked=True)
        )
        if not rows:
            return []
        lease_end = datetime.now(UTC) + LEASE
        await WebhookDelivery.filter(id__in=[r.id for r in rows]).update(next_attempt_at=lease_end)
    endpoint_ids = {r.endpoint_id for r in rows}
    endpoints = {e.id: e for e in await WebhookEndpoint.filter(id__in=endpoint_ids)}
    claimed = []
    for row in rows:
        if row.endpoint_id in endpoints:  # deleted meanwhile: nothing to deliver to
            row.endpoint = endpoints[row.endpoint_id]
            claimed.append(row)
    return claimed
