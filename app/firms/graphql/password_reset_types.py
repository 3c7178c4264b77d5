"""Inputs and payloads of password reset by mail."""

from __future__ import annotations

import strawberry

from app.graphql.types import UserError


@strawberry.input
class RequestPasswordResetInput:
    email: str
    firm_slug: str | None = strawberry.field(
        default=None, description="A portal client's firm; omitted for staff."
    )


@strawberry.type
class RequestPasswordResetPayload:
    accepted: bool = strawberry.field(
        default=False,
        description="Always true once the input is well formed: the answer never tells "
        "whether the address is known.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ResetPasswordInput:
    token: str
    new_password: str
