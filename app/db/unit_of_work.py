"""One change, one transaction, and what must happen once it is committed.

    async with unit_of_work():
        ...                           # writes, in one transaction
        after_commit(wake_workers)    # runs only if the transaction commits
        batch("inbox.announce", announce, notifications)  # one call with every item

The effects (wake the mail worker, publish Inbox+ notifications, later webhooks) run after
the outermost unit commits, in the order they were first registered; nothing runs when it
rolls back. A unit opened inside another joins it (a savepoint): if the inner one fails,
the effects it added are dropped with its writes. An effect that fails is logged and the
others still run: the committed rows are the record, the effects only hurry things along.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from tortoise.transactions import in_transaction

log = logging.getLogger("crm.db")

Effect = Callable[[], Awaitable[None] | None]
Flush = Callable[[list[Any]], Awaitable[None] | None]


@dataclass
class _Batch:
    flush: Flush
    items: list[Any] = field(default_factory=list)


@dataclass
class UnitOfWork:
    """The effects collected for after the commit (in first-registered order)."""

    _effects: list[Effect | str] = field(default_factory=list)  # a str names a batch
    _batches: dict[str, _Batch] = field(default_factory=dict)

    def after_commit(self, effect: Effect) -> None:
        self._effects.append(effect)

    def batch(self, key: str, flush: Flush, items: Iterable[Any]) -> None:
        """Add `items` to the batch `key`: `flush(all items)` runs once after the commit."""
        found = self._batches.get(key)
        if found is None:
            found = self._batches[key] = _Batch(flush)
            self._effects.append(key)
        found.items.extend(items)

    def _mark(self) -> tuple[int, dict[str, int]]:
        return len(self._effects), {key: len(b.items) for key, b in self._batches.items()}

    def _rewind(self, mark: tuple[int, dict[str, int]]) -> None:
        """Forget what was added since `mark` (an inner unit rolled back)."""
        count, sizes = mark
        for key in [k for k in self._effects[count:] if isinstance(k, str)]:
            del self._batches[key]
        del self._effects[count:]
        for key, size in sizes.items():
            del self._batches[key].items[size:]

    async def _run(self) -> None:
        for effect in self._effects:
            try:
                if isinstance(effect, str):
                    batch = self._batches[effect]
                    result = batch.flush(batch.items)
                else:
                    result = effect()
                if result is not None:
                    await result
            except Exception:
                log.exception("an after-commit effect failed (the change is committed)")


_current: contextvars.ContextVar[UnitOfWork | None] = contextvars.ContextVar(
    "unit_of_work", default=None
)


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[UnitOfWork]:
    """A transaction whose after-commit effects run once it commits (see the module)."""
    outer = _current.get()
    if outer is not None:
        mark = outer._mark()
        try:
            async with in_transaction():
                yield outer
        except BaseException:
            outer._rewind(mark)
            raise
        return
    unit = UnitOfWork()
    token = _current.set(unit)
    try:
        async with in_transaction():
            yield unit
    finally:
        _current.reset(token)
    await unit._run()


def current_unit() -> UnitOfWork:
    """The unit of work in progress; effects need one (they would otherwise run before the
    commit, or never)."""
    unit = _current.get()
    if unit is None:
        raise RuntimeError("after-commit effects need an enclosing `async with unit_of_work()`")
    return unit


def unit_in_progress() -> UnitOfWork | None:
    """The unit of work in progress, if any (for code that also runs outside one)."""
    return _current.get()


def after_commit(effect: Effect) -> None:
    current_unit().after_commit(effect)


def batch(key: str, flush: Flush, items: Iterable[Any]) -> None:
    current_unit().batch(key, flush, items)
