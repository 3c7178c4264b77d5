"""Inbox+: the notification list (keyset pages) and marking read."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import strawberry

from app.graphql.connection import connection
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import global_id, pk_of
from app.inbox import service as notifications
from app.inbox.graphql.types import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    Notification,
    NotificationConnection,
)
from app.inbox.service import InboxPage
from app.pagination import bad_cursor, page_size


async def notification_list(
    info: Info,
    first: int | None = None,
    after: str | None = None,
    unread_only: bool | None = None,
    newest_first: Annotated[
        bool | None,
        strawberry.argument(
            description="Inbox order. By default the oldest come first, so that `after: <the id "
            "of the last notification you have>` answers exactly what arrived since."
        ),
    ] = None,
) -> NotificationConnection:
    """The signed-in staff member's notifications; a notification's cursor is its id."""
    actor = info.context.require_staff_actor()
    size = page_size(first)
    mark = None
    if after is not None:
        mark = pk_of(strawberry.ID(after), Notification)
        if mark is None:
            raise bad_cursor()
    wanted = InboxPage(size, mark, bool(unread_only), bool(newest_first))
    page = await notifications.list_notifications(actor, wanted)
    page = replace(page, cursors=[global_id(Notification, row.id) for row in page.rows])
    return connection(page, Notification.of)


@reports_user_errors(MarkNotificationsReadPayload)
async def mark_notifications_read(
    info: Info, input: MarkNotificationsReadInput
) -> MarkNotificationsReadPayload:
    actor = info.context.require_staff_actor()
    ids = None if input.ids is None else [pk_of(i, Notification) or 0 for i in input.ids]
    count = await notifications.mark_read(actor, ids, bool(input.all))
    return MarkNotificationsReadPayload(count=count)
