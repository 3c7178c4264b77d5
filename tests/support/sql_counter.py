"""Counting the SQL statements Tortoise sends, through its own query log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

# A request's bookkeeping, not its work: a session's use is recorded at most once a minute
# (whether a request writes it depends on the clock: a slow machine crosses the minute), and
# the caller's query cost budget is taken (and what was not spent given back). Not counted.
BOOKKEEPING = ('UPDATE "auth_session" SET "last_used_at"', "cost_bucket")


class _Counter(logging.Handler):
    def __init__(self, skipped: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self.skipped = skipped

    def emit(self, record: logging.LogRecord) -> None:
        statement = record.getMessage()
        if not any(mark in statement for mark in self.skipped):
            self.statements.append(statement)


@contextlib.contextmanager
def count_statements(*, bookkeeping: bool = False) -> Iterator[list[str]]:
    """The statements sent while the block runs (the bookkeeping ones only if asked)."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(() if bookkeeping else BOOKKEEPING), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
