"""Sessions as the signed-in person sees them, and the sign-out and password payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app import models
from app.graphql.ids import to_global_id
from app.graphql.types import Node, UserError


@strawberry.type(description="One of the signed-in person's sessions (a device or app).")
class SessionInfo(Node):
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description="Recorded at most once a minute.")
    expires_at: datetime
    user_agent: str | None = strawberry.field(
        description="The User-Agent of the request that opened it."
    )
    current: bool = strawberry.field(description="True for the session making this request.")

    @staticmethod
    def of(row: models.AuthSession, current_id: int | None) -> SessionInfo:
        return SessionInfo(
            id=strawberry.ID(to_global_id("SessionInfo", row.id)),
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
            current=row.id == current_id,
        )


@strawberry.type
class SignOutPayload:
    count: int = strawberry.field(default=0, description="How many sessions ended.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str
