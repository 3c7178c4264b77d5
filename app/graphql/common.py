"""Shared GraphQL bits: Node, PageInfo, UserError, Address, and offset pagination."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.errors import UserError as DomainUserError
from app.graphql.context import ApiError, limit_exceeded
from app.graphql.ids import MAX_PK
from app.validation import Address as AddressValue

DEFAULT_PAGE = 20
MAX_PAGE = 100
T = TypeVar("T", bound=Model)


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path of the offending input field, e.g. ["input", "contacts", "0", "email"].'
    )
    message: str
    code: str = strawberry.field(
        description="Stable machine-readable code (REQUIRED, INVALID, NOT_FOUND, ...)."
    )


def user_errors(error: DomainUserError) -> list[UserError]:
    return [
        UserError(field=list(e.field) if e.field else None, message=e.message, code=e.code.value)
        for e in error.errors
    ]


@strawberry.type
class Address:
    street: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None

    @staticmethod
    def of(row: Any) -> Address | None:
        keys = ("street", "city", "state", "postal_code", "country")
        values = {key: getattr(row, key) for key in keys}
        return Address(**values) if any(values.values()) else None


@strawberry.input
class AddressInput:
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    def value(self) -> AddressValue:
        return AddressValue(self.street, self.city, self.state, self.postal_code, self.country)


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset after the cursor's row; a malformed cursor is a clear error."""
    if cursor is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        # No page starts past MAX_PK rows; a larger offset would overflow the SQL OFFSET.
        if kind == "offset" and number.isascii() and number.isdigit() and int(number) < MAX_PK:
            return int(number) + 1
    except ValueError:
        pass
    raise ApiError("The cursor is not one this API gave out.", "INVALID")


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total: int
    offset: int
    has_next: bool

    def cursor(self, index: int) -> str:
        return encode_cursor(self.offset + index)

    def page_info(self) -> PageInfo:
        return PageInfo(
            has_next_page=self.has_next,
            has_previous_page=self.offset > 0,
            start_cursor=self.cursor(0) if self.rows else None,
            end_cursor=self.cursor(len(self.rows) - 1) if self.rows else None,
        )


async def paginate(query: QuerySet[T], first: int | None, after: str | None) -> Page[T]:
    """One page (`first` defaults to 20, at most 100) and the total count."""
    size = DEFAULT_PAGE if first is None else first
    if not 0 <= size <= MAX_PAGE:
        raise limit_exceeded(f"`first` must be between 0 and {MAX_PAGE}.")
    offset = decode_cursor(after)
    total = await query.count()
    rows = list(await query.offset(offset).limit(size)) if size else []
    return Page(rows, total, offset, offset + len(rows) < total)
