"""Reading one page of a query: its rows and the total, as `app.pagination.Page`."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.pagination import Page, PageRequest

M = TypeVar("M", bound=Model)


async def fetch_page(query: QuerySet[M], request: PageRequest) -> Page[M]:
    """The requested page of an ordered query, and how many rows the query has in all."""
    total = await query.count()
    rows = list(await query.offset(request.offset).limit(request.size)) if request.size else []
    return Page.at_offset(rows, total, request.offset)
