"""The one Relay connection: `Connection[Account]` is the schema's `AccountConnection`
(with `AccountEdge`), built from an `app.pagination.Page` by `connection`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry

from app.pagination import Page

T = TypeVar("T")


@strawberry.type(description="Where a page sits in the whole list: pass endCursor as `after`.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items come before this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null on an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item (the next page's `after`); null on an "
        "empty page."
    )


@strawberry.type(description="One item of a page, with its cursor.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(
        description="Opaque: pass it as `after` to start the next page after this item."
    )
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list: its items (edges) in order, where it sits (pageInfo) and "
    "how many items the whole list holds (totalCount). Pages: docs/API.md, section Pagination."
)
class Connection(Generic[T]):
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    edges: list[Edge[T]] = strawberry.field(description="The page's items, in order.")
    total_count: int = strawberry.field(
        description="How many items the whole list holds (all pages), under the same filter."
    )


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
