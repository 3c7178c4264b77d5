"""Inbox+ notifications: stored in the caller's transaction, listed, marked read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from tortoise.queryset import QuerySet

from app.db.bulk import insert_with_ids
from app.errors import ErrorCode, fail
from app.inbox.models import Notification, NotificationKind


# Where a notification's id is published once committed: one channel per recipient.
def inbox_channel(staff_id: int) -> str:
    return f"inbox.{staff_id}"


async def notify(
    firm_id: int,
    recipient_ids: Iterable[int],
    kind: NotificationKind,
    title: str,
    *,
    body: str | None = None,
    account_id: int | None = None,
) -> list[Notification]:
    """One notification per recipient; call inside the transaction of the change it reports."""
    return await store(
        Notification(
            firm_id=firm_id,
            recipient_id=staff_id,
            kind=kind,
            title=title,
            body=body,
            account_id=account_id,
        )
        for staff_id in dict.fromkeys(recipient_ids)
    )


async def store(notifications: Iterable[Notification]) -> list[Notification]:
    """Insert unsaved notifications in one batch, ids set, titles cut to the column;
    call inside the transaction of the change they report."""
    rows = list(notifications)
    for row in rows:
        row.title = row.title[:255]
    await insert_with_ids(rows)
    return rows


def inbox_of(staff_id: int, *, unread_only: bool = False) -> QuerySet[Notification]:
    query = Notification.filter(recipient_id=staff_id)
    return query.filter(read_at__isnull=True) if unread_only else query


async def mark_read(staff_id: int, ids: Sequence[int] | None, everything: bool) -> int:
    """Mark the given notifications (or all) read; answer how many were unread before."""
    if not everything and ids is None:
        raise fail(ErrorCode.INVALID, "Give ids, or all: true.", "input")
    query = inbox_of(staff_id, unread_only=True)
    if not everything:
        wanted = set(ids or ())
        if await Notification.filter(recipient_id=staff_id, id__in=wanted).count() != len(wanted):
            raise fail(ErrorCode.NOT_FOUND, "No such notification.", "input", "ids")
        query = query.filter(id__in=wanted)
    return await query.update(read_at=datetime.now(UTC))
