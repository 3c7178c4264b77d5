"""The `inbox` subscription: a staff member's notifications, live, from any process."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated

import strawberry

from app.access.actors import StaffActor
from app.api.loaders import Loaders
from app.errors import DomainError
from app.graphql.context import Info
from app.graphql.ids import pk_of
from app.inbox.announce import inbox_channel
from app.inbox.feed import PAGE, Delivery, InboxFeed
from app.inbox.graphql.types import Notification
from app.inbox.service import newest_notification_id
from app.realtime import HubUnavailable


async def inbox(
    info: Info,
    after: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="The id of the last notification you have: everything newer is "
            "delivered first, then the live ones, so a reconnecting client misses nothing. "
            "Without it, delivery starts with the notifications created from now on."
        ),
    ] = None,
) -> AsyncGenerator[Notification, None]:
    """Every notification stored for the viewer, oldest first.

    The hub carries only ids (or a RESYNC after a backend outage, or from the periodic check
    of app/inbox/resync.py); each wake-up loads from the database everything newer
    than what was delivered, so nothing is skipped, through the process's InboxFeed, which
    loads for every subscription woken at once. The socket
    checks its session before sending each event, and closes when it ends (app/graphql_ws.py).
    """
    context = info.context
    actor = context.require_staff_actor()
    staff_id = actor.staff_id
    if context.hub is None:
        raise DomainError("Live delivery is not running on this server.", "UNAVAILABLE")
    if after is None:
        last = await newest_notification_id(actor)
    else:
        mark = pk_of(after, Notification)
        if mark is None:
            raise DomainError("`after` is not a notification id.", "INVALID")
        last = mark
    feed = context.inbox_feed or InboxFeed()
    try:
        with feed.watching(staff_id, last) as watch:
            async with context.hub.subscribe(inbox_channel(staff_id)) as wake_ups:
                # Catch up once: something may have been stored between reading `last` and here.
                async for delivery in _since(feed, actor, watch.last):
                    watch.last = delivery.notification.id
                    yield Notification.delivered(delivery.notification, delivery.account)
                async for _ in wake_ups:
                    async for delivery in _since(feed, actor, watch.last):
                        watch.last = delivery.notification.id
                        if context.viewer is not None:  # fresh per event: no stale cache
                            context.loaders = Loaders(context.viewer)
                        yield Notification.delivered(delivery.notification, delivery.account)
    except HubUnavailable as error:
        raise DomainError("Live delivery is unavailable; try again.", "UNAVAILABLE") from error


async def _since(feed: InboxFeed, actor: StaffActor, last: int) -> AsyncIterator[Delivery]:
    """Everything stored for the actor after `last`, a page at a time until none is left."""
    while True:
        page = await feed.after(actor, last)
        for delivery in page:
            yield delivery
        if len(page) < PAGE:
            return
        last = page[-1].notification.id
