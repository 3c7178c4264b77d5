"""Inbox+ notifications: stored in the caller's unit of work (and announced once it commits),
listed a page at a time, marked read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.queryset import QuerySet

from app.access.actors import StaffActor
from app.access.permissions import STAFF, entry_point
from app.db.bulk import insert_with_ids
from app.db.unit_of_work import unit_in_progress
from app.errors import ErrorCode, fail
from app.inbox.announce import announce
from app.inbox.models import Notification, NotificationKind
from app.pagination import Page


async def notify(
    firm_id: int,
    recipient_ids: Iterable[int],
    kind: NotificationKind,
    title: str,
    *,
    body: str | None = None,
    account_id: int | None = None,
) -> list[Notification]:
    """One notification per recipient; call inside the unit of work of the change it reports."""
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
    """Insert unsaved notifications in one batch, ids set, titles cut to the column.

    Call inside the unit of work of the change they report: they are announced to the live
    subscribers once it commits, with every other notification of that change. (Outside a
    unit nothing is announced: the periodic check of app/inbox/resync.py finds them.)
    """
    rows = list(notifications)
    for row in rows:
        row.title = row.title[:255]
    await insert_with_ids(rows)
    unit = unit_in_progress()
    if unit is not None and rows:
        unit.batch("inbox.announce", announce, rows)
    return rows


def inbox_of(staff_id: int, *, unread_only: bool = False) -> QuerySet[Notification]:
    query = Notification.filter(recipient_id=staff_id)
    return query.filter(read_at__isnull=True) if unread_only else query


@dataclass(frozen=True)
class InboxPage:
    """Which page of the inbox: `size` notifications past the one with id `after` (keyset)."""

    size: int
    after: int | None = None
    unread_only: bool = False
    newest_first: bool = False


@entry_point(STAFF)
async def list_notifications(actor: StaffActor, wanted: InboxPage) -> Page[Notification]:
    """The actor's notifications, oldest first unless `newest_first` (cursors left to the
    caller: a notification's cursor is its id)."""
    query = inbox_of(actor.staff_id, unread_only=wanted.unread_only)
    total = await query.count()
    if wanted.after is not None:
        mark = wanted.after
        query = query.filter(id__lt=mark) if wanted.newest_first else query.filter(id__gt=mark)
    query = query.order_by("-id" if wanted.newest_first else "id")
    rows = list(await query.limit(wanted.size + 1)) if wanted.size else []
    shown = rows[: wanted.size]
    return Page(shown, total, len(rows) > wanted.size, wanted.after is not None)


@entry_point(STAFF)
async def newest_notification_id(actor: StaffActor) -> int:
    """The id of the actor's newest notification (0 without any): where live delivery starts."""
    row = await inbox_of(actor.staff_id).order_by("-id").only("id").first()
    return row.id if row else 0


@entry_point(STAFF)
async def mark_read(actor: StaffActor, ids: Sequence[int] | None, everything: bool) -> int:
    """Mark the given notifications (or all) read; answer how many were unread before."""
    if not everything and ids is None:
        raise fail(ErrorCode.INVALID, "Give ids, or all: true.", "input")
    staff_id = actor.staff_id
    query = inbox_of(staff_id, unread_only=True)
    if not everything:
        wanted = set(ids or ())
        if await Notification.filter(recipient_id=staff_id, id__in=wanted).count() != len(wanted):
            raise fail(ErrorCode.NOT_FOUND, "No such notification.", "ids")
        query = query.filter(id__in=wanted)
    return await query.update(read_at=datetime.now(UTC))
