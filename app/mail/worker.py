"""The mail worker: delivers due outbox rows in the background, retrying temporary failures."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from app.graphql.unavailable import describe, is_database_outage
from app.mail.models import MailStatus, OutboxMail
from app.mail.outbox import add_doorbell, build_message, remove_doorbell, scrubbed
from app.mail.transport import DeliveryError, transport_for
from app.settings import Settings

log = logging.getLogger("crm.mail")

# A claimed row is due again after this, so the mail of a worker that died is not lost.
# Longer than one delivery may take (transport.SMTP_TIMEOUT).
LEASE = timedelta(seconds=60)


@dataclass
class WorkerStats:
    """What one worker has done since it was made; tests wait on these."""

    rounds: int = 0  # rounds finished
    attempts: int = 0
    sent: int = 0
    retried: int = 0  # temporary failures, tried again later
    failed: int = 0  # permanent failures


class MailWorker:
    """Delivers PENDING outbox rows: woken by `ring()` or every `mail_poll_interval` seconds."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.transport = transport_for(settings.smtp_url)
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
            raise RuntimeError("the mail worker is already running")
        self._stopping = False
        add_doorbell(self._doorbell)
        self._doorbell.set()  # mail queued while no worker ran is due already
        self._task = asyncio.create_task(self._run(), name="mail-worker")

    def take_no_more(self) -> None:
        """Claim no new mail (a shutdown began); the delivery under way goes on."""
        self._stopping = True
        remove_doorbell(self._doorbell)
        self._doorbell.set()

    async def stop(self, timeout: float | None = None) -> None:
        """Finish the delivery under way, then stop; undelivered rows stay PENDING. Past
        `timeout` seconds the delivery is cancelled: its mail, claimed for a lease, is tried
        again once the lease ends (possibly sent twice, as after a crash)."""
        if self._task is None:
            return
        self.take_no_more()
        task = self._task
        try:
            done, _ = await asyncio.wait({task}, timeout=timeout)
            if not done:
                log.warning("mail worker: stopped before the mail being sent was delivered")
                while not task.done():
                    # Again if need be: the SMTP client's own clean-up (QUIT) may wait too.
                    task.cancel()
                    await asyncio.wait({task}, timeout=0.5)
            else:
                task.result()  # its failure, if any, is the caller's to see
        finally:
            self._task = None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds; it is checked after every delivery attempt and round."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def idle(self, timeout: float = 10.0) -> None:
        """Ring, then wait until a round that began after this call has finished."""
        target = self._rounds_started + 1
        self._doorbell.set()
        await self.wait_for(lambda: self.stats.rounds >= target, timeout)

    async def _run(self) -> None:
        while not self._stopping:
            self._doorbell.clear()  # before the round: a ring during it means another round
            self._rounds_started += 1
            try:
                await self._round()
            except Exception as error:  # the next round tries again
                self._round_failed(error)
            else:
                if self._database_down:
                    self._database_down = False
                    log.info("mail worker: the database answers again")
            self.stats.rounds += 1
            await self._notify()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._doorbell.wait(), self.settings.mail_poll_interval)

    def _round_failed(self, error: Exception) -> None:
        # An outage is one line when it starts, not a traceback every poll interval.
        if not is_database_outage(error):
            log.exception("mail worker: delivery round failed")
        elif not self._database_down:
            self._database_down = True
            log.warning(
                "mail worker: the database is not answering (%s); trying again every %gs",
                describe(error),
                self.settings.mail_poll_interval,
            )

    async def _round(self) -> None:
        # Only rows due when the round began, so a round ends even while retries come due fast.
        due_by = datetime.now(UTC)
        while not self._stopping:
            mail = await self._claim(due_by)
            if mail is None:
                return
            await self._deliver(mail)
            await self._notify()

    async def _claim(self, due_by: datetime) -> OutboxMail | None:
        """Take the oldest due row by pushing its next attempt one lease ahead, and commit."""
        async with in_transaction():
            # SKIP LOCKED: another process's worker skips the row we are claiming (PostgreSQL);
            # SQLite ignores it and runs transactions one at a time anyway.
            rows = (
                await OutboxMail.filter(status=MailStatus.PENDING, next_attempt_at__lte=due_by)
                .order_by("id")
                .limit(1)
                .select_for_update(skip_locked=True)
            )
            if not rows:
                return None
            mail = rows[0]
            mail.next_attempt_at = datetime.now(UTC) + LEASE
            await mail.save(update_fields=["next_attempt_at"])
        return mail

    async def _deliver(self, mail: OutboxMail) -> None:
        self.stats.attempts += 1
        try:
            await self.transport.send(build_message(mail, self.settings.mail_from))
        except DeliveryError as error:
            await self._record_failure(mail, str(error), permanent=error.permanent)
            return
        except Exception as error:  # a bug must cost one row an attempt, not stop the worker
            log.exception("mail %s: unexpected error", mail.id)
            await self._record_failure(mail, f"{type(error).__name__}: {error}", permanent=False)
            return
        await OutboxMail.filter(id=mail.id).update(
            status=MailStatus.SENT,
            attempts=mail.attempts + 1,
            sent_at=datetime.now(UTC),
            **scrubbed(mail),
        )
        self.stats.sent += 1
        log.info("mail %s sent to %s", mail.id, mail.to_address)

    async def _record_failure(self, mail: OutboxMail, error: str, *, permanent: bool) -> None:
        attempts = mail.attempts + 1
        if permanent:
            await OutboxMail.filter(id=mail.id).update(
                status=MailStatus.FAILED, attempts=attempts, last_error=error, **scrubbed(mail)
            )
            self.stats.failed += 1
            log.error("mail %s to %s refused, not retried: %s", mail.id, mail.to_address, error)
            return
        delay = self.retry_delay(attempts)
        await OutboxMail.filter(id=mail.id).update(
            attempts=attempts,
            last_error=error,
            next_attempt_at=datetime.now(UTC) + timedelta(seconds=delay),
        )
        self.stats.retried += 1
        log.warning(
            "mail %s: attempt %d failed, retry in %.1fs: %s", mail.id, attempts, delay, error
        )

    def retry_delay(self, attempts: int) -> float:
        """Seconds before the next try after `attempts` failures: doubling from the base, capped."""
        base, cap = self.settings.mail_retry_base, self.settings.mail_retry_max
        # The exponent is bounded so a long outage cannot overflow the float.
        return min(base * 2.0 ** min(attempts - 1, 32), cap)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
