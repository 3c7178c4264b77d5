"""Counting the SQL statements Tortoise sends, through its own query log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

# A session's use is recorded at most once a minute: whether a request writes it depends on
# the clock (a slow machine crosses the minute), not on the work asked, so it is not counted.
CLOCK_DEPENDENT = ('UPDATE "auth_session" SET "last_used_at"',)


class _Counter(logging.Handler):
    def __init__(self, skipped: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []
        self.skipped = skipped

    def emit(self, record: logging.LogRecord) -> None:
        statement = record.getMessage()
        if not (self.skipped and statement.startswith(self.skipped)):
            self.statements.append(statement)


@contextlib.contextmanager
def count_statements(*, clock_dependent: bool = False) -> Iterator[list[str]]:
    """The statements sent while the block runs (the clock-dependent ones only if asked)."""
    logger = logging.getLogger("tortoise.db_client")
    counter, level = _Counter(() if clock_dependent else CLOCK_DEPENDENT), logger.level
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    try:
        yield counter.statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(level)
