"""After commit: publish new Inbox+ notifications to the live subscribers of this firm.

The inbox service registers `announce` with the unit of work when it stores notifications
(`batch("inbox.announce", ...)`), so one publish carries every notification of the change.
The hub belongs to the app's lifespan (or to a command's run), which registers it here. A
failed publish loses nothing: the notification is stored; the hub publishes it once its
backend is back, every process's periodic check (app/inbox/resync.py) finds it if
this process never gets there, and clients catch up with `notifications(after: ...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from app.inbox.models import Notification

log = logging.getLogger("crm.inbox")


class Publisher(Protocol):
    async def publish_many(
        self, messages: Sequence[tuple[str, str]], *, wake_ups: bool = False
    ) -> None: ...


_publisher: Publisher | None = None


def inbox_channel(staff_id: int) -> str:
    """Where a notification's id is published once committed: one channel per recipient."""
    return f"inbox.{staff_id}"


def use_publisher(publisher: Publisher | None) -> None:
    """Register (or, with None, forget) the process's hub."""
    global _publisher
    _publisher = publisher


async def announce(notifications: Iterable[Notification]) -> None:
    """Publish the id of each committed notification on its recipient's channel, together."""
    if _publisher is None:
        return
    messages = [(inbox_channel(n.recipient_id), str(n.id)) for n in notifications]
    if not messages:
        return
    try:
        # The subscribers load from the database whatever is newer: any message wakes them.
        await _publisher.publish_many(messages, wake_ups=True)
    except Exception as error:  # kept by the hub and sent when it can; the rows are the record
        log.warning(
            "could not publish %d notifications (published once the broadcast is back): %s",
            len(messages),
            error,
        )
