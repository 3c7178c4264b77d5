"""The client side: a portal login (activation and sign-in come with the portal issue)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from app.schema.common import Node

if TYPE_CHECKING:
    from app.schema.accounts import Account
    from app.schema.contacts import Contact


@strawberry.type
class PortalUser(Node):
    email: str
    contact: Annotated[Contact, strawberry.lazy("app.schema.contacts")] | None = None
    accounts: list[Annotated[Account, strawberry.lazy("app.schema.accounts")]] = strawberry.field(
        default_factory=list,
        description="Accounts this login may enter (LOGIN on for this address); "
        "the portal's account switcher.",
    )
