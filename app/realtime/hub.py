"""The process's pub/sub hub: bounded fan-out to local subscribers over a supervised backend.

Publishing while the backend is down raises `HubUnavailable` at once rather than buffering:
callers publish only ids of stored rows, so a lost publish delays delivery until the client
catches up from the database, and a buffer would only grow during an outage. Wake-ups (a
message that only tells a channel's subscribers to look again, so a newer one supersedes an
older) may ask to be sent again: the hub keeps the newest per channel, one entry per channel
however long the outage, and publishes them once the backend is back.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Literal
from urllib.parse import urlparse

from app.realtime.backends import Backend, create_backend
from app.realtime.subscription import Subscription

log = logging.getLogger("crm.realtime")

Status = Literal["up", "down", "connecting"]

# Offered to every subscriber after a reconnection (publishers never send an empty message):
# messages published meanwhile are lost, so the subscriber reloads what it serves from its
# source of truth.
RESYNC = ""


class HubUnavailable(Exception):
    """The hub is not connected to its backend (or is stopped)."""


class Hub:
    """Publishes to and subscribes on one backend, reconnecting on its own when it drops."""

    def __init__(
        self,
        url: str,
        *,
        queue_size: int = 100,
        name: str = "crm-hub",
        timeout: float = 5.0,
        backoff: tuple[float, float] = (0.1, 10.0),
    ) -> None:
        """`name` labels the backend connection (Redis client name, PostgreSQL
        application_name); `timeout` bounds connecting, publishing and ping; `backoff` is
        the first and the largest delay between reconnection attempts, in seconds."""
        if queue_size < 1:
            raise ValueError("queue_size must be at least 1")  # asyncio reads 0 as unbounded
        parsed = urlparse(url)
        self._url = url
        # What the log shows of the URL: never its credentials.
        self._where = f"{parsed.scheme}://{parsed.netloc.rpartition('@')[2]}"
        self._queue_size = queue_size
        self.name = name
        self._timeout = timeout
        self._backoff = backoff
        self._delay = backoff[0]  # the current backoff: doubles per failure up to backoff[1]
        self._backend: Backend | None = None  # set only while up
        # A key is a channel to hold at the backend (re-subscribed on every reconnection).
        self._channels: dict[str, set[Subscription]] = {}
        self._lock = asyncio.Lock()  # orders backend (un)subscribes with reconnection
        self._supervisor: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        # Wake-ups not published yet (channel: newest message), and the task sending them.
        self._unsent: dict[str, str] = {}
        self._resend: asyncio.Task[None] | None = None
        self.status: Status = "down"
        self.outages = 0  # connections lost since start(), for tests and diagnostics

    @property
    def channels(self) -> set[str]:
        """The channels this hub holds (or, while down, will hold) a backend subscription for."""
        return set(self._channels)

    async def start(self) -> None:
        """Connect (returning after the first attempt, up or down) and keep reconnecting."""
        if self._supervisor is not None:
            return
        self._delay = self._backoff[0]
        self._set_status("connecting")
        self._supervisor = asyncio.create_task(self._supervise(), name=f"hub {self.name}")
        await self.wait_until(lambda: self.status != "connecting")

    async def stop(self) -> None:
        """End every subscription (after its queued messages) and close the backend."""
        for task in (self._supervisor, self._resend):
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
        self._supervisor = self._resend = None
        if self._unsent:
            log.warning("hub %s: stopped with %d wake-ups unsent", self.name, len(self._unsent))
        self._set_status("down")
        for subscribers in self._channels.values():
            for subscription in subscribers:
                subscription.close()
        self._channels.clear()

    async def publish(self, channel: str, message: str) -> None:
        """Send a message to the channel's subscribers in every process on the backend."""
        await self.publish_many([(channel, message)])

    async def publish_many(
        self, messages: Sequence[tuple[str, str]], *, wake_ups: bool = False
    ) -> None:
        """`publish` for many (channel, message) pairs in one round trip to the backend, so
        a fan-out reaches the subscribers together (and their loads are batched).

        With `wake_ups`, messages that cannot be published now are kept (the newest per
        channel) and published once the backend is back; HubUnavailable still says so."""
        for channel, message in messages:
            _check_channel(channel)
            if message == RESYNC:
                raise ValueError("the empty message is reserved for RESYNC")
        try:
            await self._publish(messages)
        except HubUnavailable:
            if wake_ups:
                self._unsent.update(messages)
            raise
        if self._unsent:  # the backend answers again: send what an earlier failure kept
            self._send_unsent()

    async def _publish(self, messages: Sequence[tuple[str, str]]) -> None:
        backend = self._backend
        if backend is None:
            raise HubUnavailable(f"hub {self.name} is not connected to {self._where}")
        try:
            async with asyncio.timeout(self._timeout):
                await backend.publish_many(messages)
        except Exception as error:
            raise HubUnavailable(f"publish to {self._where} failed: {error!r}") from error

    def _send_unsent(self) -> None:
        if self._resend is None or self._resend.done():
            self._resend = asyncio.create_task(self._publish_unsent(), name=f"hub {self.name}")

    async def _publish_unsent(self) -> None:
        unsent, self._unsent = self._unsent, {}
        try:
            await self._publish(list(unsent.items()))
        except HubUnavailable as error:
            # Kept for the next reconnection; newer wake-ups meanwhile win.
            self._unsent = {**unsent, **self._unsent}
            log.warning("hub %s: %d wake-ups still unsent: %s", self.name, len(unsent), error)
            return
        log.info("hub %s: published %d wake-ups kept during an outage", self.name, len(unsent))

    def wake(self, channel: str) -> None:
        """Offer RESYNC to this process's subscribers of the channel (something stored for
        them may not have been announced)."""
        subscribers = self._channels.get(channel, set())
        for subscription in list(subscribers):
            if not subscription.offer(RESYNC):
                subscribers.discard(subscription)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        """Receive the channel's messages while inside the block; bounded, see SubscriberTooSlow."""
        _check_channel(channel)
        if self._supervisor is None:
            raise HubUnavailable("the hub is not running")
        subscription = Subscription(channel, self._queue_size)
        try:
            async with self._lock:
                if channel not in self._channels:
                    await self._on_backend("subscribe", channel)
                    self._channels[channel] = set()
                self._channels[channel].add(subscription)
            yield subscription
        finally:
            subscription.close()
            async with self._lock:
                subscribers = self._channels.get(channel)
                if subscribers is not None:
                    subscribers.discard(subscription)
                    if not subscribers:
                        del self._channels[channel]
                        with suppress(HubUnavailable):  # a reconnection would drop it anyway
                            await self._on_backend("unsubscribe", channel)

    async def ping(self) -> bool:
        """True when the hub is up and its backend answers in time: for /readyz."""
        backend = self._backend
        if backend is None:
            return False
        try:
            async with asyncio.timeout(self._timeout):
                await backend.ping()
        except Exception as error:
            log.warning("broadcast backend %s does not answer: %r", self._where, error)
            return False
        return True

    async def wait_until(self, predicate: Callable[[], bool], timeout: float | None = None) -> None:
        """Return once `predicate()` holds, checking at every status change."""
        async with asyncio.timeout(timeout):
            while not predicate():
                await self._changed.wait()

    async def wait_until_up(self, timeout: float | None = None) -> None:
        """Return once the hub is connected."""
        await self.wait_until(lambda: self.status == "up", timeout)

    def _set_status(self, status: Status, reason: str = "") -> None:
        if status != self.status:
            # Losing the backend is worth a warning; a stop() or a connection attempt is not.
            level = logging.WARNING if status == "down" and reason else logging.INFO
            level = logging.DEBUG if status == "connecting" else level
            log.log(level, "hub %s: %s is %s%s", self.name, self._where, status, reason)
        self.status = status
        # Wake every waiter; a fresh event keeps the next wait from returning at once.
        self._changed.set()
        self._changed = asyncio.Event()

    async def _on_backend(self, action: Literal["subscribe", "unsubscribe"], channel: str) -> None:
        # Under the lock. While down there is nothing to do: reconnecting subscribes to every
        # channel then held. A failure goes to this subscriber alone, not into a reconnection
        # loop: a channel the backend refuses must not take the hub down for everyone.
        if self._backend is None:
            return
        try:
            async with asyncio.timeout(self._timeout):
                await getattr(self._backend, action)(channel)
        except (ConnectionError, OSError) as error:
            # The connection dropped meanwhile: the supervisor reconnects and subscribes to
            # every channel held, this one included, and offers RESYNC; nothing is lost.
            log.warning(
                "hub %s: connection lost during %s %r: %r", self.name, action, channel, error
            )
            return
        except Exception as error:
            log.warning("hub %s: could not %s %r: %r", self.name, action, channel, error)
            raise HubUnavailable(f"could not {action} {channel!r}: {error!r}") from error

    async def _supervise(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self._set_status("connecting")
            try:
                backend, pump = await self._connect()
            except Exception as error:
                pause = self._down(f"cannot connect: {error!r}")
            else:
                self._set_status("up")
                if self.outages:
                    self._resync()
                if self._unsent:
                    self._send_unsent()
                since = loop.time()
                try:
                    reason = await self._serve(backend, pump)
                    self.outages += 1
                    if loop.time() - since >= self._backoff[1]:
                        self._delay = self._backoff[0]  # a stable connection, not a flapping one
                    pause = self._down(reason)
                finally:
                    self._backend = None
                    with suppress(Exception):
                        await backend.disconnect()
            await asyncio.sleep(pause)

    def _resync(self) -> None:
        # What was published while the backend was away is lost: tell every subscriber.
        for subscriptions in self._channels.values():
            for subscription in list(subscriptions):
                subscription.offer(RESYNC)

    def _down(self, reason: str) -> float:
        """Mark the hub down; return how long to wait before the next attempt."""
        self._backend = None
        # Full jitter, so processes that lost the backend together do not retry in step.
        pause = random.uniform(self._delay / 2, self._delay)
        self._set_status("down", f": {reason}; retrying in {pause:.2f}s")
        self._delay = min(self._delay * 2, self._backoff[1])
        return pause

    async def _connect(self) -> tuple[Backend, asyncio.Task[None]]:
        """A connected backend, subscribed to every channel held, and its delivery task."""
        backend = create_backend(self._url, self.name)
        try:
            # Under the lock, so no subscriber joins between the re-subscribing and going up.
            async with asyncio.timeout(self._timeout), self._lock:
                await backend.connect()
                for channel in self._channels:
                    await backend.subscribe(channel)
                self._backend = backend
                return backend, asyncio.create_task(self._deliver(backend))
        except BaseException:
            self._backend = None
            with suppress(Exception):
                await backend.disconnect()
            raise

    async def _serve(self, backend: Backend, pump: asyncio.Task[None]) -> str:
        """Wait until the connection is lost (or delivery fails); say why."""
        lost = asyncio.create_task(backend.wait_lost())
        try:
            await asyncio.wait({pump, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            pump.cancel()
            lost.cancel()
        if lost.done() and not lost.cancelled():
            error = lost.result()
            return f"connection lost ({error!r})" if error else "connection lost"
        return f"delivery failed: {pump.exception()!r}"

    async def _deliver(self, backend: Backend) -> None:
        while True:
            event = await backend.next_published()
            subscribers = self._channels.get(event.channel, set())
            for subscription in list(subscribers):
                # Never wait on a subscriber: a full queue drops it, not the others.
                if not subscription.offer(event.message):
                    subscribers.discard(subscription)
                    log.info("dropped a slow subscriber of %s", event.channel)


def _check_channel(channel: str) -> None:
    # PostgreSQL refuses empty channel names and silently truncates them past 63 bytes.
    if not 0 < len(channel.encode()) <= 63:
        raise ValueError(f"a channel name takes 1 to 63 bytes: {channel!r}")
