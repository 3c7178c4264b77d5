"""After commit: publish new Inbox+ notifications to the live subscribers of this firm.

The hub belongs to the app's lifespan (or to a command's run), which registers it here. A
failed publish loses nothing: the notification is stored, and subscribers catch up with
`notifications(after: ...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from app.models import Notification
from app.services.notifications import inbox_channel

log = logging.getLogger("crm.inbox")


class Publisher(Protocol):
    async def publish_many(self, messages: Sequence[tuple[str, str]]) -> None: ...


_publisher: Publisher | None = None


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
        await _publisher.publish_many(messages)
    except Exception as error:  # delivery is best effort; the rows are the record
        log.warning("could not publish %d notifications: %s", len(messages), error)
