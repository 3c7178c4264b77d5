"""GraphQL types every domain uses: Node, UserError, Address."""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry
from tortoise.models import Model

from app.validation import Address as AddressValue

DEFAULT_PAGE = 20
MAX_PAGE = 100
T = TypeVar("T", bound=Model)


@strawberry.interface
class Node:
    id: strawberry.ID


@strawberry.type
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path of the offending input field, e.g. ["input", "contacts", "0", "email"].'
    )
    message: str
    code: str = strawberry.field(
        description="Stable machine-readable code (REQUIRED, INVALID, NOT_FOUND, ...)."
    )


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
