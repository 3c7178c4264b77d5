"""The one Relay connection: `Connection[Account]` is the schema's `AccountConnection`
(with `AccountEdge`), built from an `app.pagination.Page` by `connection`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from app.pagination import Page

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    page_info: PageInfo
    edges: list[Edge[T]]
    total_count: int


def connection(page: Page[Any], shape: Callable[[Any], T]) -> Connection[T]:
    """The page's rows as nodes (`shape` of each row), with their cursors."""
    nodes = [shape(row) for row in page.rows]
    cursors = page.cursors
    return Connection(
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        edges=[Edge(cursor=c, node=n) for c, n in zip(cursors, nodes, strict=True)],
        total_count=page.total,
    )
