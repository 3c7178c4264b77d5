"""The safety net under live Inbox+ delivery: every `CRM_INBOX_RESYNC_SECONDS`, each server
process looks for notifications stored for its live `inbox` subscribers beyond what they
delivered, and wakes those subscribers.

A notification is stored, then announced on the broadcast. When the announcing process cannot
reach the backend, its hub sends the wake-up once it is back (app/realtime/hub.py); but that
process may never be back (it crashed, it was a `crm import` that ended), and until then a
subscriber of another process would wait for some later notification. This check bounds the
wait. It costs two statements per period and process, whatever the number of subscribers:
the newest notification id, and the newest per recipient among the ids stored since the
check before last (a range of the primary key, so only recent rows are read).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from tortoise.functions import Max

from app.graphql.unavailable import describe
from app.inbox.announce import inbox_channel
from app.inbox.feed import InboxFeed, Watch
from app.inbox.models import Notification
from app.realtime import Hub

log = logging.getLogger("crm.inbox")


class InboxResync:
    """Checks this process's live subscriptions every `period` seconds (a task of the app)."""

    def __init__(self, feed: InboxFeed, hub: Hub, period: float) -> None:
        self.feed, self.hub, self.period = feed, hub, period
        # A notification just stored is left to its own wake-up for this long.
        self.grace = min(1.0, period / 2)
        self._marks: list[int] = []  # the newest notification id at the last two checks
        self._failing = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="inbox resync")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.check()
            except Exception as error:  # the database is away: the next period tries again
                if not self._failing:
                    log.warning("inbox check failed (trying again): %s", describe(error))
                self._failing = True
            else:
                self._failing = False

    async def check(self) -> int:
        """Wake the subscriptions that lag behind what is stored for them; how many channels."""
        newest = await _newest_id()
        watches = self.feed.watches()
        floor = self._marks[0] if len(self._marks) == 2 else _lowest(watches, newest)
        self._marks = [*self._marks, newest][-2:]
        if not watches or newest <= floor:
            return 0
        settled = datetime.now(UTC) - timedelta(seconds=self.grace)
        stored = await _newest_by_recipient(floor, settled)
        lagging = {w.staff_id for w in watches if stored.get(w.staff_id, 0) > w.last}
        for staff_id in lagging:
            self.hub.wake(inbox_channel(staff_id))
        if lagging:
            log.info("inbox check: woke the subscribers of %d missed notifications", len(lagging))
        return len(lagging)


def _lowest(watches: list[Watch], newest: int) -> int:
    # Before two checks have run, start from where the subscriptions stand.
    return min((w.last for w in watches), default=newest)


async def _newest_id() -> int:
    row = await Notification.all().order_by("-id").only("id").first()
    return row.id if row else 0


async def _newest_by_recipient(floor: int, stored_before: datetime) -> dict[int, int]:
    """The newest notification id of each recipient among ids above `floor`."""
    rows = (
        await Notification.filter(id__gt=floor, created_at__lt=stored_before)
        .annotate(newest=Max("id"))
        .group_by("recipient_id")
        .values("recipient_id", "newest")
    )
    return {row["recipient_id"]: row["newest"] for row in rows}
