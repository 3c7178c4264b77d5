"""What woken `inbox` subscriptions have not delivered yet, loaded for all of them at once.

A notification to a team fans out to many subscribers of one process, and the hub wakes them
all in the same event-loop turn. Asking through one DataLoader (without a cache) gathers those
loads into a few statements per batch, instead of two per subscriber.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q

from app.access.actors import StaffActor
from app.accounts.policy import visible_to_staff
from app.inbox.models import Notification

if TYPE_CHECKING:
    from app.accounts.models import Account

# At most this many notifications per subscriber and load; the caller asks again for more.
PAGE = 100
# Subscribers per statement: two bound parameters each.
SUBSCRIBERS_PER_QUERY = 400


@dataclass(eq=False)
class Watch:
    """One live subscription: whose inbox, and the id of the last notification it delivered."""

    staff_id: int
    last: int


@dataclass(frozen=True)
class Delivery:
    notification: Notification
    account: Account | None  # the account it names, if the recipient may still see it


class InboxFeed:
    """One per server process (the GraphQL view's), shared by its subscriptions."""

    def __init__(self) -> None:
        self._loader: DataLoader[tuple[StaffActor, int], list[Delivery]] = DataLoader(
            load_fn=_load, cache=False
        )
        self._watches: set[Watch] = set()

    @contextmanager
    def watching(self, staff_id: int, last: int) -> Iterator[Watch]:
        """Register a live subscription for the periodic check (app/inbox/resync.py)
        while inside the block; the subscription keeps `Watch.last` up to date."""
        watch = Watch(staff_id, last)
        self._watches.add(watch)
        try:
            yield watch
        finally:
            self._watches.discard(watch)

    def watches(self) -> list[Watch]:
        """The live subscriptions of this process."""
        return list(self._watches)

    async def after(self, actor: StaffActor, last: int) -> list[Delivery]:
        """The staff member's notifications with ids above `last`, oldest first, at most PAGE."""
        return await self._loader.load((actor, last))


async def _load(keys: list[tuple[StaffActor, int]]) -> list[list[Delivery]]:
    answers: list[list[Delivery]] = []
    for start in range(0, len(keys), SUBSCRIBERS_PER_QUERY):
        answers += await _load_some(keys[start : start + SUBSCRIBERS_PER_QUERY])
    return answers


async def _load_some(keys: list[tuple[StaffActor, int]]) -> list[list[Delivery]]:
    wanted = [Q(recipient_id=actor.staff_id, id__gt=last) for actor, last in keys]
    rows = await Notification.filter(Q(*wanted, join_type="OR")).order_by("id")
    by_recipient: dict[int, list[Notification]] = defaultdict(list)
    for row in rows:
        by_recipient[row.recipient_id].append(row)
    # Two subscriptions of one person may stand at different places: each gets what follows.
    pages = [
        [r for r in by_recipient[actor.staff_id] if r.id > last][:PAGE] for actor, last in keys
    ]
    named = {
        (actor, row.account_id)
        for (actor, _), page in zip(keys, pages, strict=True)
        for row in page
        if row.account_id
    }
    visible = await visible_to_staff(named) if named else {}
    return [
        [Delivery(row, visible.get((actor.staff_id, row.account_id or 0))) for row in page]
        for (actor, _), page in zip(keys, pages, strict=True)
    ]
