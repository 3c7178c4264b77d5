"""One local subscriber's bounded queue: a slow reader is dropped, never waited for."""

from __future__ import annotations

import asyncio
from contextlib import suppress


class SubscriberTooSlow(Exception):
    """The subscriber fell a whole queue behind and was dropped: reconnect and catch up."""


class Subscription:
    """One local subscriber: an async iterator over its channel's messages, bounded."""

    def __init__(self, channel: str, queue_size: int) -> None:
        self.channel = channel
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(queue_size)
        self._closed = False
        self._error: Exception | None = None  # what the iteration ends with, if not a plain end

    def offer(self, message: str) -> bool:
        """Queue a message without waiting; False if the queue was full: the subscriber ends."""
        if self._closed:
            return True  # leaving already: its exit removes it, nothing to drop
        try:
            self._queue.put_nowait(message)
        except asyncio.QueueFull:
            self.close(SubscriberTooSlow(f"subscriber of {self.channel} fell behind"))
            return False
        return True

    def close(self, error: Exception | None = None) -> None:
        """End the iteration (with `error`, if given) after the messages already queued."""
        if not self._closed:
            self._closed, self._error = True, error
            with suppress(asyncio.QueueFull):  # the reader of a full queue is not waiting
                self._queue.put_nowait(None)

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> str:
        if not (self._closed and self._queue.empty()):
            message = await self._queue.get()
            if message is not None:
                return message
        raise self._error or StopAsyncIteration
