"""Inbox+: the notification list (keyset pages) and marking read."""

from __future__ import annotations

from typing import Annotated

import strawberry

from app.graphql.common import DEFAULT_PAGE, MAX_PAGE, PageInfo
from app.graphql.context import ApiError, Info, limit_exceeded
from app.graphql.errors import reports_user_errors
from app.graphql.ids import pk_of
from app.inbox import service as notifications
from app.inbox.graphql.types import (
    MarkNotificationsReadInput,
    MarkNotificationsReadPayload,
    Notification,
    NotificationConnection,
    NotificationEdge,
)


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
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise limit_exceeded(f"`first` must be between 0 and {MAX_PAGE}.")
    query = notifications.inbox_of(staff.id, unread_only=bool(unread_only))
    total = await query.count()
    if after is not None:
        mark = pk_of(strawberry.ID(after), "Notification")
        if mark is None:
            raise ApiError("The cursor is not one this API gave out.", "INVALID")
        query = query.filter(id__lt=mark) if newest_first else query.filter(id__gt=mark)
    query = query.order_by("-id" if newest_first else "id")
    rows = list(await query.limit(size + 1)) if size else []
    page = [Notification.of(r) for r in rows[:size]]
    return NotificationConnection(
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=after is not None,
            start_cursor=page[0].id if page else None,
            end_cursor=page[-1].id if page else None,
        ),
        edges=[NotificationEdge(cursor=n.id, node=n) for n in page],
        total_count=total,
    )


@reports_user_errors(MarkNotificationsReadPayload)
async def mark_notifications_read(
    info: Info, input: MarkNotificationsReadInput
) -> MarkNotificationsReadPayload:
    staff = info.context.require_staff().staff
    assert staff is not None
    ids = None if input.ids is None else [pk_of(i, "Notification") or 0 for i in input.ids]
    count = await notifications.mark_read(staff.id, ids, bool(input.all))
    return MarkNotificationsReadPayload(count=count)
