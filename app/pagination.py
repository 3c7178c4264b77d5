"""Pages of a list: the size asked for, where it starts, and the page found.

One rule for every list of the API: `first` is 0 to 100 (20 when not given), `after` is a
cursor this API gave out. Offset cursors encode the position of a row in its ordering;
a list ordered by id (Inbox+) uses the ids themselves (`Page.after_a_row`).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.errors import DomainError, LimitExceeded

DEFAULT_PAGE = 20
MAX_PAGE = 100
MAX_OFFSET = 2**31 - 1  # past that an SQL OFFSET overflows; no page starts there
T = TypeVar("T")
U = TypeVar("U")


def bad_cursor() -> DomainError:
    return DomainError("The cursor is not one this API gave out.", "INVALID")


def page_size(first: int | None) -> int:
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise LimitExceeded(f"`first` must be between 0 and {MAX_PAGE}.")
    return size


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset after the cursor's row (0 without one); a malformed cursor is INVALID."""
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "offset" and number.isascii() and number.isdigit() and int(number) < MAX_OFFSET:
            return int(number) + 1
    except ValueError:
        pass
    raise bad_cursor()


@dataclass(frozen=True)
class PageRequest:
    """`first` rows after the offset `after` names, both checked."""

    size: int
    offset: int

    @staticmethod
    def of(first: int | None, after: str | None) -> PageRequest:
        return PageRequest(page_size(first), decode_cursor(after))


@dataclass
class Page(Generic[T]):
    """The rows of one page, their cursors, and what lies around it."""

    rows: list[T]
    total: int
    has_next: bool
    has_previous: bool
    cursors: list[str] = field(default_factory=list)

    @staticmethod
    def at_offset(rows: Sequence[T], total: int, offset: int) -> Page[T]:
        """A page of an ordering read from `offset`."""
        cursors = [encode_cursor(offset + i) for i in range(len(rows))]
        return Page(list(rows), total, offset + len(rows) < total, offset > 0, cursors)

    @staticmethod
    def after_a_row(
        rows: Sequence[T], size: int, total: int, after: str | None, cursor: Callable[[T], str]
    ) -> Page[T]:
        """A page read as `size + 1` rows past the row `after` names (keyset paging)."""
        shown = list(rows[:size])
        return Page(shown, total, len(rows) > size, after is not None, [cursor(r) for r in shown])

    def map(self, shape: Callable[[T], U]) -> Page[U]:
        return Page(
            [shape(r) for r in self.rows],
            self.total,
            self.has_next,
            self.has_previous,
            self.cursors,
        )
