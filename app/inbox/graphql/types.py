"""Inbox+ notifications: the type, its connection and the mark-read mutation's shapes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from app import models
from app.accounts.graphql.enums import NotificationKind
from app.accounts.loaders import visible_account_by_id
from app.graphql.connection import Connection
from app.graphql.context import Info
from app.graphql.ids import global_id
from app.graphql.types import Node, UserError

if TYPE_CHECKING:
    from app.accounts.graphql.types import Account


@strawberry.type
class Notification(Node):
    kind: NotificationKind
    title: str
    body: str | None
    created_at: datetime
    read_at: datetime | None
    account_id: strawberry.Private[int | None]
    # Set when the account was loaded with the notification (the inbox subscription does).
    preloaded: strawberry.Private[bool] = False
    account_row: strawberry.Private[models.Account | None] = None

    @staticmethod
    def of(row: models.Notification) -> Notification:
        return Notification(
            id=strawberry.ID(global_id(Notification, row.id)),
            kind=NotificationKind(row.kind),
            title=row.title,
            body=row.body,
            created_at=row.created_at,
            read_at=row.read_at,
            account_id=row.account_id,
        )

    @staticmethod
    def delivered(row: models.Notification, account: models.Account | None) -> Notification:
        """A notification with its account already checked for the recipient (None: hidden)."""
        notification = Notification.of(row)
        notification.preloaded, notification.account_row = True, account
        return notification

    @strawberry.field(description="Null once the account is gone or no longer visible to you.")
    async def account(
        self, info: Info
    ) -> Annotated[Account, strawberry.lazy("app.accounts.graphql.types")] | None:
        from app.accounts.graphql.types import Account

        if self.account_id is None:
            return None
        if self.preloaded:
            return Account.of(self.account_row) if self.account_row else None
        row = await info.context.load.load(visible_account_by_id, self.account_id)
        return Account.of(row) if row else None


NotificationConnection = Connection[Notification]  # a notification's cursor is its id


@strawberry.input
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = None
    all: bool | None = None


@strawberry.type
class MarkNotificationsReadPayload:
    count: int = 0
    user_errors: list[UserError] = strawberry.field(default_factory=list)
