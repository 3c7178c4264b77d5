"""Graceful shutdown (SIGTERM, or Ctrl-C): within `CRM_SHUTDOWN_SECONDS` the server stops
taking connections, finishes the requests in flight, closes live subscriptions with 1001
("going away": reconnect, to another process if need be), lets the mail worker finish the
mail it is sending, and exits with status 0.

uvicorn does most of it: on the signal it stops listening, waits for the requests in flight
(up to its `timeout_graceful_shutdown`, `request_seconds` here), then runs the lifespan's
shutdown. But it closes WebSockets with 1012 as it begins, so the app takes the signal first:
it runs its drains (closing its sockets with 1001, telling the mail worker to take no new
mail), then hands the signal on to uvicorn.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Awaitable, Callable
from types import FrameType
from typing import Any

log = logging.getLogger("crm.shutdown")

SIGNALS = (signal.SIGTERM, signal.SIGINT)
Drain = Callable[[], Awaitable[None]]


def drain_seconds(total: float) -> float:
    """The part of the shutdown given to the drains before uvicorn takes over."""
    return min(1.0, total / 10)


def request_seconds(total: float) -> int:
    """uvicorn's `timeout_graceful_shutdown` (whole seconds, at least 1): the rest, less a
    moment for the lifespan's end."""
    return max(1, int(total - 2 * drain_seconds(total)))


class Graceful:
    """Runs the drains on the first SIGTERM or SIGINT, then passes the signal to uvicorn."""

    def __init__(self, total_seconds: float, drains: list[Drain]) -> None:
        self.total_seconds = total_seconds
        self.drains = drains
        self.deadline: float | None = None  # time.monotonic() by which all must be over
        self._previous: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Future[None] | None = None

    def install(self) -> None:
        """Take SIGTERM and SIGINT from uvicorn's server, when one runs this process (not in
        tests driving the app in-process)."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in SIGNALS:
            previous = signal.getsignal(signum)
            if _is_uvicorn(previous):
                self._previous[signum] = previous
                signal.signal(signum, self._on_signal)
        self._loop = asyncio.get_running_loop()

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            if signal.getsignal(signum) == self._on_signal:
                signal.signal(signum, previous)
        self._previous.clear()

    def remaining(self) -> float | None:
        """Seconds left for the lifespan's own waits (the mail being sent), keeping a moment
        for closing the rest, once a shutdown began; None before."""
        if self.deadline is None:
            return None
        reserve = drain_seconds(self.total_seconds)
        return max(0.0, self.deadline - reserve - time.monotonic())

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.deadline is not None or self._loop is None:  # a second signal: uvicorn's
            self._previous[signum](signum, frame)
            return
        self.deadline = time.monotonic() + self.total_seconds
        log.info("shutting down within %gs", self.total_seconds)
        self._loop.call_soon_threadsafe(self._start_drains, signum, frame)

    def _start_drains(self, signum: int, frame: FrameType | None) -> None:
        self._task = asyncio.ensure_future(self._drain(signum, frame))

    async def _drain(self, signum: int, frame: FrameType | None) -> None:
        try:
            async with asyncio.timeout(drain_seconds(self.total_seconds)):
                await asyncio.gather(*(drain() for drain in self.drains))
        except Exception as error:  # a drain that fails or overruns must not stop the rest
            log.warning("shutdown: %r while draining; going on", error)
        finally:
            self._previous[signum](signum, frame)


def _is_uvicorn(handler: Any) -> bool:
    owner = getattr(handler, "__self__", None)
    return type(owner).__module__.startswith("uvicorn")
