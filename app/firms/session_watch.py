"""Closing the WebSockets of ended sessions in every server process.

Two paths, so a socket closes within 2 s whatever fails:
- a message: whoever ends sessions closes this process's sockets at once and publishes the
  session ids on the broadcast, and every process's watch closes its own on receipt;
- a sweep that needs no message: every second each process checks the sessions of all its
  open sockets in one statement and closes those deleted or expired. It covers a publish
  lost while the broadcast backend is down, a session deleted by other means (a cascade,
  an operator), and expiry, which no one announces.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime
from typing import cast

from app.firms.models import AuthSession
from app.realtime import RESYNC, Hub, HubUnavailable, SubscriberTooSlow
from app.realtime.session_sockets import SessionSockets, open_sockets

log = logging.getLogger("crm.sessions")

CHANNEL = "sessions-ended"
SWEEP_SECONDS = 1.0
# Ids per message: PostgreSQL's NOTIFY takes at most 8,000 bytes of payload.
IDS_PER_MESSAGE = 500
# Ids per sweep statement, well under the bound on bind parameters (32,767 in PostgreSQL).
IDS_PER_STATEMENT = 10_000

_hub: Hub | None = None


async def announce_ended(session_ids: Sequence[int]) -> None:
    """After commit: close the sockets of these ended sessions here at once, and publish
    them so every other process closes its own (a lost publish is left to the sweep)."""
    if not session_ids:
        return
    open_sockets.end(session_ids)
    if _hub is None:
        return
    chunks = [
        session_ids[i : i + IDS_PER_MESSAGE] for i in range(0, len(session_ids), IDS_PER_MESSAGE)
    ]
    try:
        await _hub.publish_many([(CHANNEL, ",".join(map(str, c))) for c in chunks])
    except HubUnavailable as error:
        log.warning(
            "could not publish %d ended sessions (the sweep closes their sockets): %s",
            len(session_ids),
            error,
        )


async def session_is_valid(session_id: int) -> bool:
    """Whether the session still exists and has not expired (one statement)."""
    return await AuthSession.filter(id=session_id, expires_at__gt=datetime.now(UTC)).exists()


class SessionWatch:
    """One per serving process (the app's lifespan): listens for ended sessions on the hub
    and sweeps the open sockets' sessions every `interval` seconds."""

    def __init__(
        self, hub: Hub, sockets: SessionSockets = open_sockets, interval: float = SWEEP_SECONDS
    ) -> None:
        self.hub = hub
        self.sockets = sockets
        self.interval = interval
        self._tasks: list[asyncio.Task[None]] = []
        self._failing = False  # the sweep's last statement failed: log once per outage

    def start(self) -> None:
        """Listen and sweep in the background; registers the hub for `announce_ended`."""
        global _hub
        _hub = self.hub
        self._tasks = [
            asyncio.create_task(self._listen(), name="session watch: listen"),
            asyncio.create_task(self._sweep_forever(), name="session watch: sweep"),
        ]

    async def stop(self) -> None:
        global _hub
        if _hub is self.hub:
            _hub = None
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def sweep(self) -> int:
        """Close the sockets whose session is gone or expired; how many were closed."""
        ids = self.sockets.session_ids()
        if not ids:
            return 0
        now = datetime.now(UTC)
        valid: set[int] = set()
        for i in range(0, len(ids), IDS_PER_STATEMENT):
            chunk = ids[i : i + IDS_PER_STATEMENT]
            rows = AuthSession.filter(id__in=chunk, expires_at__gt=now)
            valid.update(cast(list[int], await rows.values_list("id", flat=True)))
        self.sockets.checked(valid)
        return self.sockets.end(i for i in ids if i not in valid)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.sweep()
            except Exception as error:  # the database is away: the next sweep tries again
                if not self._failing:
                    log.warning("cannot check the open sockets' sessions: %r", error)
                self._failing = True
            else:
                if self._failing:
                    log.info("checking the open sockets' sessions again")
                self._failing = False

    async def _listen(self) -> None:
        while True:
            try:
                async with self.hub.subscribe(CHANNEL) as messages:
                    async for message in messages:
                        if message == RESYNC:  # messages may have been lost meanwhile
                            await self._sweep_quietly()
                        else:
                            self.sockets.end(_ids(message))
            except (HubUnavailable, SubscriberTooSlow) as error:
                log.info("listening for ended sessions again after %r", error)
                await self._sweep_quietly()
                await asyncio.sleep(self.interval)

    async def _sweep_quietly(self) -> None:
        with suppress(Exception):  # _sweep_forever reports database failures
            await self.sweep()


def _ids(message: str) -> list[int]:
    return [int(part) for part in message.split(",") if part.isdigit()]
