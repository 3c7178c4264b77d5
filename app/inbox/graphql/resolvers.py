"""Inbox+: the notification list (keyset pages) and marking read."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.connection import connection
from app.graphql.context import Info
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.inbox import service as notifications
from app.inbox.graphql.types import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    Notification,
    NotificationConnection,
)
from app.pagination import Page, bad_cursor, page_size


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
    staff = info.context.require_staff().staff
    assert staff is not None
    size = page_size(first)
    query = notifications.inbox_of(staff.id, unread_only=bool(unread_only))
    total = await query.count()
    if after is not None:
        mark = pk_of(strawberry.ID(after), "Notification")
        if mark is None:
            raise bad_cursor()
        query = query.filter(id__lt=mark) if newest_first else query.filter(id__gt=mark)
    query = query.order_by("-id" if newest_first else "id")
    rows = list(await query.limit(size + 1)) if size else []
    page = Page.after_a_row(rows, size, total, after, lambda r: Notification.of(r).id)
    return connection(page, Notification.of)


@reports_user_errors(MarkNotificationsReadPayload)
async def mark_notifications_read(
    info: Info, input: MarkNotificationsReadInput
) -> MarkNotificationsReadPayload:
    staff = info.context.require_staff().staff
    assert staff is not None
    ids = None if input.ids is None else [pk_of(i, "Notification") or 0 for i in input.ids]
    count = await notifications.mark_read(staff.id, ids, bool(input.all))
    return MarkNotificationsReadPayload(count=count)
