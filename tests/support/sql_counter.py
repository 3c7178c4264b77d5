"""Counting the SQL statements Tortoise sends, through its own query log."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator

# A request's bookkeeping, not its work: a session's use is recorded at most once a minute
# (whether a request writes it depends on the clock: a slow machine crosses the minute), and
# the caller's query cost budget is taken (and what was not spent given back). Not counted.
BOOKKEEPING = ('UPDATE "auth_session" SET "last_used_at"', "cost_bucket")


# Set inside the block: only work started from it (the request, the tasks it spawns) is
# counted, not the background workers' polls (mail, webhooks) that run meanwhile.
_counting: contextvars.ContextVar[bool] = contextvars.ContextVar("counting", default=False)


class _Counter(logging.Handler):
    def __init__(self, skipped: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self.skipped = skipped

    def emit(self, record: logging.LogRecord) -> None:
        statement = record.getMessage()
        if _counting.get() and not any(mark in statement for mark in self.skipped):
            self.statements.append(statement)


@contextlib.contextmanager
def count_statements(*, bookkeeping: bool = False) -> Iterator[list[str]]:
    """The statements the block's own work sends (the bookkeeping ones only if asked)."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(() if bookkeeping else BOOKKEEPING), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    token = _counting.set(True)
    try:
        yield counter.statements
    finally:
        _counting.reset(token)
        logger.removeHandler(counter)
        logger.setLevel(level)
